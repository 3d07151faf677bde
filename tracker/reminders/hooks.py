"""Reminder kinds owned by packages above this one (the candidate portal), plugged into
the scan, the sending and the Notifications page without this package importing them.

A package registers its kind when it is imported (the app factory imports it); from then
on `services.claim_due` runs its claiming statement, `mail.compose` lets it write the
e-mail, and the Notifications page names and links each row's object through it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from tracker.reminders.models import ReminderLedger

if TYPE_CHECKING:
    from tracker.reminders.mail import Outgoing


@dataclass(frozen=True)
class KindHooks:
    """What the reminder machinery needs of one kind defined elsewhere."""

    code: str  # the kind's code (rules/reminders.py)
    # The scan's claiming statement for a day (labelled like services.COLUMNS), or None.
    select: Callable[[date, datetime], sa.Select | None]
    # The e-mail of a claimed row, or why it is skipped (a word of at most 20 letters,
    # which the Notifications page explains: "not_due", "no_recipients" …).
    compose: Callable[[ReminderLedger, date], Outgoing | str]
    # (object id, name, Chinese name, target id) of each object id, for the Notifications
    # page, which links each row to page(target id): one query for a page of rows.
    names: Callable[[set[int]], sa.Select]
    page: Callable[[int], str]


HOOKS: dict[str, KindHooks] = {}


def register(hooks: KindHooks) -> None:
    """Plug a kind in (registering the same code again replaces it)."""
    HOOKS[hooks.code] = hooks

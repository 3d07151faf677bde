"""Picking the version of a rule in force on a date.

Every versioned table (Talent List, QMAS test, stay patterns, TechTAS
validity …) is a tuple of items with an `effective_from` date, oldest
first. The one in force on a date is the latest that started on or before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar


class Dated(Protocol):
    @property
    def effective_from(self) -> date: ...


T = TypeVar("T", bound=Dated)


def in_force(versions: Sequence[T], on: date) -> T | None:
    """The version in force on *on*, or None before the first one."""
    current = None
    for version in sorted(versions, key=lambda v: v.effective_from):
        if version.effective_from <= on:
            current = version
    return current


def in_force_or_first(versions: Sequence[T], on: date) -> T:
    """Like `in_force`, but falls back to the oldest version for earlier dates."""
    found = in_force(versions, on)
    return found if found is not None else min(versions, key=lambda v: v.effective_from)

"""The dashboard's "needs attention" list, most urgent first, each reason with its days left.

A case may need attention for several reasons; it is listed once, at its most
urgent date. Reasons with a date (limit of stay, HKID registration, passport
expiry, ImmD's expected decision) are ranked by that date; reasons without one
(documents missing before submission, a stage asking for action) follow.

Four statements whatever the company's size: the earliest *limit* cases of each
dated reason (each an index range scan in date order: ix_cases_company_limit_of_stay,
ix_cases_company_hkid_due, ix_candidates_company_passport_expiry) and the newest
*limit* cases needing attention for any reason (tracker.cases.attention). The
first *limit* items of their merge are the most urgent of the company: every case
due before them is among the earliest of its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from tracker.candidates.models import Candidate
from tracker.cases.attention import Flags, attention_conditions, needs_attention, reasons
from tracker.cases.models import Case
from tracker.cases.rows import ListedCase, row_select, to_row
from tracker.extensions import db
from tracker.inline import one_of
from tracker.rules import processing
from tracker.rules.text import Text
from tracker.rules.workflow import open_stage_codes

# The dated reasons, with the column their list is ordered by.
DATED = {"limit_of_stay": Case.limit_of_stay_until, "hkid": Case.hkid_due_on,
         "passport": Candidate.passport_expiry}


@dataclass(frozen=True)
class Reason:
    text: Text
    due: date | None
    days_left: int | None


@dataclass(frozen=True)
class Urgent:
    """A case needing attention, with its reasons (the most urgent first)."""

    case: ListedCase
    reasons: list[Reason]

    @property
    def due(self) -> date | None:
        return self.reasons[0].due if self.reasons else None


def _due_dates(case: ListedCase, flags: Flags) -> list[date | None]:
    """The date of each reason, in the order tracker.cases.attention.reasons lists them."""
    dates: list[date | None] = []
    if flags.documents_missing:
        dates.append(None)
    if flags.stage:
        dates.append(None)
    if flags.limit_of_stay:
        dates.append(case.limit_of_stay_until)
    if flags.hkid:
        dates.append(case.hkid_due_on)
    if flags.passport:
        dates.append(case.candidate.passport_expiry)
    if flags.decision_overdue and case.submitted_on:
        dates.append(processing.expected_decision(case.scheme, case.kind, case.submitted_on))
    return dates


def _urgent(record: Any, today: date) -> Urgent | None:
    flags = Flags.from_row(record)
    case = to_row(record).case
    texts = reasons(case, flags)
    pairs = list(zip(texts, _due_dates(case, flags), strict=False))
    if not pairs:
        return None
    ranked = sorted(pairs, key=lambda pair: (pair[1] is None, pair[1] or date.max))
    return Urgent(case, [Reason(text, due, (due - today).days if due else None)
                         for text, due in ranked])


def _statements(company_id: int, today: date, limit: int) -> list[sa.Select]:
    base = row_select(today).where(Case.company_id == company_id,
                                   Candidate.company_id == company_id)
    conditions = dict(attention_conditions(today))
    is_open = one_of(Case.stage, open_stage_codes())
    dated = [base.where(is_open, conditions[name]).order_by(column, Case.id.desc()).limit(limit)
             for name, column in DATED.items()]
    newest = (base.where(needs_attention(today, company_id, limit))
              .order_by(Case.id.desc()).limit(limit))
    return [*dated, newest]


def most_urgent(company_id: int, today: date, limit: int) -> tuple[list[Urgent], bool]:
    """The company's *limit* most urgent cases needing attention, and whether there are more."""
    found: dict[int, Urgent] = {}
    full = False
    for statement in _statements(company_id, today, limit):
        records = db.session.execute(statement).all()
        full = full or len(records) >= limit
        for record in records:
            item = _urgent(record, today)
            if item is not None:
                found.setdefault(item.case.id, item)
    ranked = sorted(found.values(), key=lambda item: (item.due is None, item.due or date.max,
                                                      -item.case.id))
    return ranked[:limit], full or len(ranked) > limit

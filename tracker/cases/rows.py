"""The rows of the case list and the dashboard: the columns they show, as plain values.

A list row is read-only, so it is selected as columns into small frozen
dataclasses rather than loaded as ORM objects: putting 25 cases with their
candidates, owners and allotments in the identity map was a noticeable share of
the page's time (README, Benchmark), for rows that are never changed. The
attribute names match the models' (`row.case.candidate.full_name`), so
templates read either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.cases.attention import Flags, reason_columns, reasons
from tracker.cases.models import Case
from tracker.quotas.models import QuotaAllotment
from tracker.rules.text import Text


@dataclass(frozen=True)
class ListedCandidate:
    id: int
    full_name: str
    chinese_name: str
    passport_number: str
    passport_expiry: date | None


@dataclass(frozen=True)
class ListedOwner:
    id: int
    full_name: str


@dataclass(frozen=True)
class ListedAllotment:
    id: int
    itc_reference: str


@dataclass(frozen=True)
class ListedCase:
    """What a list row shows of a case, and what its attention reasons read."""

    id: int
    scheme: str
    kind: str
    stage: str
    job_title: str
    intended_start_date: date | None
    limit_of_stay_until: date | None
    hkid_due_on: date | None
    submitted_on: date | None
    candidate: ListedCandidate
    owner: ListedOwner | None
    allotment: ListedAllotment | None


@dataclass
class Row:
    case: ListedCase
    reasons: list[Text]


@lru_cache(maxsize=4)
def row_select(today: date) -> sa.Select:
    """Every column a row needs, with its attention flags on *today*; callers add the
    company, filters and order. Built once per day (the expressions are immutable)."""
    return (
        sa.select(Case.id, Case.scheme, Case.kind, Case.stage, Case.job_title,
                  Case.intended_start_date, Case.limit_of_stay_until, Case.hkid_due_on,
                  Case.submitted_on,
                  Candidate.id.label("candidate_id"), Candidate.full_name, Candidate.chinese_name,
                  Candidate.passport_number, Candidate.passport_expiry,
                  Case.owner_id, User.full_name.label("owner_name"),
                  Case.allotment_id, QuotaAllotment.itc_reference, *reason_columns(today))
        .select_from(Case)
        .join(Candidate, Candidate.id == Case.candidate_id)
        .outerjoin(User, User.id == Case.owner_id)
        .outerjoin(QuotaAllotment, QuotaAllotment.id == Case.allotment_id)
    )


def to_row(record: Any) -> Row:
    """A Row from one record of row_select."""
    case = ListedCase(
        id=record.id, scheme=record.scheme, kind=record.kind, stage=record.stage,
        job_title=record.job_title, intended_start_date=record.intended_start_date,
        limit_of_stay_until=record.limit_of_stay_until, hkid_due_on=record.hkid_due_on,
        submitted_on=record.submitted_on,
        candidate=ListedCandidate(record.candidate_id, record.full_name,
                                  record.chinese_name, record.passport_number,
                                  record.passport_expiry),
        owner=ListedOwner(record.owner_id, record.owner_name) if record.owner_id else None,
        allotment=(ListedAllotment(record.allotment_id, record.itc_reference)
                   if record.allotment_id else None))
    return Row(case, reasons(case, Flags.from_row(record)))

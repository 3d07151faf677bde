"""Read-side of quotas: lists, the allotment page, the dashboard section, and the
company's positions as the TechTAS rules read them.

Each function scopes by company and loads what its page shows in a fixed
number of queries (positions and cases eagerly, candidates' names in one query).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker.candidates.models import Candidate
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.quotas.status import AllotmentStatus, allotment_status, days_left
from tracker.rules.techtas_rules import AllotmentPosition
from tracker.tenancy import get_or_404


@dataclass(frozen=True)
class AllotmentSummary:
    """One allotment as lists and the dashboard show it."""

    allotment: QuotaAllotment
    status: AllotmentStatus
    days_left: int
    used: int
    total: int

    @property
    def remaining(self) -> int:
        return self.total - self.used


@dataclass(frozen=True)
class CaseUsingQuota:
    """A case drawing on an allotment, with what the allotment page shows of it."""

    id: int
    candidate_name: str
    candidate_chinese_name: str
    job_title: str
    position_title: str | None
    stage: str
    quota_held: bool


def summarise(allotment: QuotaAllotment, today: date) -> AllotmentSummary:
    """Status, days left and usage of an allotment whose positions are loaded."""
    return AllotmentSummary(allotment, allotment_status(allotment, today),
                            days_left(allotment, today), allotment.used_quotas,
                            allotment.total_quotas)


def _with_positions() -> sa.Select:
    return sa.select(QuotaAllotment).options(selectinload(QuotaAllotment.positions))


def company_allotments(company_id: int, today: date) -> list[AllotmentSummary]:
    """Every allotment: still valid ones first by days left, then expired, latest first."""
    rows = db.session.scalars(
        _with_positions().where(QuotaAllotment.company_id == company_id)
        .order_by((QuotaAllotment.valid_until < today).asc(),
                  sa.case((QuotaAllotment.valid_until >= today, QuotaAllotment.valid_until)),
                  QuotaAllotment.valid_until.desc(), QuotaAllotment.id))
    return [summarise(a, today) for a in rows]


def dashboard_allotments(company_id: int, today: date, limit: int = 10) -> list[AllotmentSummary]:
    """Allotments still valid, fewest days left first (the dashboard's quota section)."""
    rows = db.session.scalars(
        _with_positions().where(QuotaAllotment.company_id == company_id,
                                QuotaAllotment.valid_until >= today)
        .order_by(QuotaAllotment.valid_until, QuotaAllotment.id).limit(limit))
    return [summarise(a, today) for a in rows]


def allotment_cases(allotment: QuotaAllotment) -> list[CaseUsingQuota]:
    """The cases drawing on an allotment loaded with its positions and cases (see
    `load_allotment`), newest first, with their candidates' names (one query)."""
    names = {row.id: (row.full_name, row.chinese_name) for row in db.session.execute(
        sa.select(Candidate.id, Candidate.full_name, Candidate.chinese_name)
        .where(Candidate.id.in_({case.candidate_id for case in allotment.cases})))}
    titles: dict[int | None, str] = {p.id: p.job_title for p in allotment.positions}
    return [CaseUsingQuota(case.id, *names[case.candidate_id], case.job_title,
                           titles.get(case.position_id), case.stage, case.quota_held)
            for case in allotment.cases]


def load_allotment(allotment_id: int) -> QuotaAllotment:
    """The allotment of the user's company (404 otherwise) with its positions and cases."""
    return get_or_404(QuotaAllotment, allotment_id, selectinload(QuotaAllotment.positions),
                      selectinload(QuotaAllotment.cases))


def allotment_positions(company_id: int) -> list[AllotmentPosition]:
    """Every TechTAS allotment position of the company, as the rules see them (one query).

    Expired and used-up positions are included: the rule says why they cannot
    take the candidate. Latest validity first, so the first match is the one
    with the most time left.
    """
    rows = db.session.execute(
        sa.select(QuotaPosition.id, QuotaPosition.job_title, QuotaPosition.technology_area,
                  QuotaPosition.monthly_salary, QuotaPosition.quotas, QuotaPosition.used,
                  QuotaAllotment.valid_until, QuotaAllotment.itc_reference,
                  QuotaAllotment.id.label("allotment_id"))
        .join(QuotaAllotment, QuotaPosition.allotment_id == QuotaAllotment.id)
        .where(QuotaPosition.company_id == company_id)
        .order_by(QuotaAllotment.valid_until.desc(), QuotaAllotment.id, QuotaPosition.id))
    return [AllotmentPosition(title=r.job_title, technology_area=r.technology_area,
                              monthly_salary_hkd=r.monthly_salary, remaining=r.quotas - r.used,
                              valid_until=r.valid_until, allotment_ref=r.itc_reference,
                              position_id=r.id, allotment_id=r.allotment_id)
            for r in rows]

"""Read-side of quotas: lists, the allotment page, the dashboard section, and the
company's positions as the TechTAS rules read them.

Each function scopes by company and loads what its page shows in a fixed
number of queries (positions eagerly, cases joined to their candidate).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.quotas.status import AllotmentStatus, allotment_status, days_left
from tracker.rules.techtas_rules import AllotmentPosition


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
    """Cases with allotment_id = this allotment, with candidate and position, in one query."""
    rows = db.session.execute(
        sa.select(Case.id, Candidate.full_name, Case.job_title, QuotaPosition.job_title,
                  Case.stage, Case.quota_held)
        .join(Candidate, Candidate.id == Case.candidate_id)
        .outerjoin(QuotaPosition, QuotaPosition.id == Case.position_id)
        .where(Case.company_id == allotment.company_id, Case.allotment_id == allotment.id)
        .order_by(Case.id.desc()))
    return [CaseUsingQuota(*row) for row in rows]


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

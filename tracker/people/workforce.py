"""The Workforce list and the dashboard's expiry counts, read from status.status_select.

A page is one statement: the statuses in force, filtered, in order of the limit of
stay (fewest days left first, expired ones at the top), per_page + 1 rows telling
whether a next page exists. The order and the days-left filters are ranges of
ix_cases_company_limit_of_stay (company, limit of stay), so a page reads about the
rows it shows whatever the size of the company. The counts are one statement too:
one range of the same index, counted per step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from tracker.cases.models import Case
from tracker.extensions import db
from tracker.people.status import DAYS_STEPS, EXPIRED, Status, status_select, to_status
from tracker.validators import page_number

PER_PAGE = 25
DAYS_CHOICES = (*(str(step) for step in DAYS_STEPS), EXPIRED)


@dataclass
class WorkforceFilters:
    scheme: str = ""
    days: str = ""  # "30", "60", "90" (0 to that many days left) or EXPIRED
    owner_id: int | None = None


@dataclass
class WorkforcePage:
    rows: list[Status]
    page: int
    has_next: bool


def _days_condition(days: str, today: date) -> sa.ColumnElement[bool] | None:
    """The limit-of-stay range of a days-left filter (None: no filter)."""
    if days == EXPIRED:
        return Case.limit_of_stay_until < today
    if days in DAYS_CHOICES:
        return Case.limit_of_stay_until.between(today, today + timedelta(days=int(days)))
    return None


def _conditions(filters: WorkforceFilters, today: date) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if filters.scheme:
        where.append(Case.scheme == filters.scheme)
    if filters.owner_id:
        where.append(Case.owner_id == filters.owner_id)
    days = _days_condition(filters.days, today)
    if days is not None:
        where.append(days)
    return where


def workforce_page(company_id: int, filters: WorkforceFilters, today: date, page: int = 1,
                   per_page: int = PER_PAGE) -> WorkforcePage:
    """One page of the company's people with a status in force, fewest days left first."""
    page = page_number(page)
    statement = (status_select(company_id).where(*_conditions(filters, today))
                 .order_by(Case.limit_of_stay_until, Case.id)
                 .limit(per_page + 1).offset((page - 1) * per_page))
    results = db.session.execute(statement).all()
    return WorkforcePage([to_status(r, today) for r in results[:per_page]], page,
                         len(results) > per_page)


def workforce_statement(company_id: int, filters: WorkforceFilters, today: date
                        ) -> sa.Select:
    """Every status in force matching *filters*, fewest days left first (the export)."""
    return (status_select(company_id).where(*_conditions(filters, today))
            .order_by(Case.limit_of_stay_until, Case.id))


def person_status(company_id: int, candidate_id: int, today: date) -> Status | None:
    """The status in force of one of the company's people, or None."""
    record = db.session.execute(
        status_select(company_id).where(Case.candidate_id == candidate_id)).first()
    return to_status(record, today) if record is not None else None


@dataclass(frozen=True)
class ExpiryCount:
    days: str  # the Workforce filter it links to: "30", "60", "90" or EXPIRED
    number: int


def expiry_counts(company_id: int, today: date) -> list[ExpiryCount]:
    """How many people's permission has ended, and ends within 30, 60 and 90 days.

    Each step counts from today (within 60 includes within 30), as the Workforce
    filters list them.
    """
    horizon = today + timedelta(days=max(DAYS_STEPS))
    limits = (status_select(company_id).where(Case.limit_of_stay_until <= horizon)
              .with_only_columns(Case.limit_of_stay_until.label("until")).subquery())
    columns = [sa.func.count().filter(limits.c.until < today).label(EXPIRED)]
    columns += [sa.func.count().filter(limits.c.until.between(
        today, today + timedelta(days=step))).label(f"d{step}") for step in DAYS_STEPS]
    counts = db.session.execute(sa.select(*columns).select_from(limits)).one()
    return [ExpiryCount(str(step), getattr(counts, f"d{step}")) for step in DAYS_STEPS] + [
        ExpiryCount(EXPIRED, getattr(counts, EXPIRED))]

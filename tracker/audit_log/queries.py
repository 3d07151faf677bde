"""Reading the audit log: a company's entries, filtered, newest first, page by page.

Pages are keyset-based on the id (ids grow with time): "older" pages ask for
ids below the last one shown, "newer" pages for ids above the first, so a page
costs the same however deep it is and new entries never shift the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.clock import app_timezone
from tracker.extensions import db

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilters:
    """What the admin narrowed the log to; None means "any"."""

    action: str | None = None
    object_type: str | None = None
    user_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    user_name: str | None
    user_email: str | None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    older: int | None  # pass as ?before= for the next older page
    newer: int | None  # pass as ?after= for the next newer page


def _filtered(company_id: int, filters: AuditFilters) -> sa.Select:
    statement = sa.select(AuditEvent.id).where(AuditEvent.company_id == company_id)
    if filters.action:
        statement = statement.where(AuditEvent.action == filters.action)
    if filters.object_type:
        statement = statement.where(AuditEvent.object_type == filters.object_type)
    if filters.user_id:
        statement = statement.where(AuditEvent.user_id == filters.user_id)
    if filters.date_from:
        statement = statement.where(AuditEvent.created_at >= _utc(filters.date_from))
    if filters.date_to:
        statement = statement.where(
            AuditEvent.created_at < _utc(filters.date_to + timedelta(days=1)))
    return statement


def _utc(day: date) -> datetime:
    """The instant *day* starts in the app's timezone, in UTC (timestamps are stored in UTC)."""
    return datetime.combine(day, time(), app_timezone()).astimezone(UTC)


def audit_page(company_id: int, filters: AuditFilters, *, before: int | None = None,
               after: int | None = None, per_page: int = PER_PAGE) -> AuditPage:
    """One page of the company's log, newest first."""
    ids = _filtered(company_id, filters)
    if after is not None:
        found = list(db.session.scalars(
            ids.where(AuditEvent.id > after).order_by(AuditEvent.id.asc()).limit(per_page)))
        found.reverse()
    else:
        if before is not None:
            ids = ids.where(AuditEvent.id < before)
        found = list(db.session.scalars(ids.order_by(AuditEvent.id.desc()).limit(per_page)))
    if not found:
        return AuditPage([], None, None)
    base = _filtered(company_id, filters)
    older = found[-1] if _exists(base.where(AuditEvent.id < found[-1])) else None
    newer = found[0] if _exists(base.where(AuditEvent.id > found[0])) else None
    return AuditPage(_load(found), older, newer)


def export_statement(company_id: int, filters: AuditFilters) -> sa.Select:
    """Every entry matching *filters*, newest first, with who did it (the export)."""
    ids = _filtered(company_id, filters).subquery()
    return (sa.select(AuditEvent, User.full_name, User.email)
            .join(ids, ids.c.id == AuditEvent.id)
            .outerjoin(User, User.id == AuditEvent.user_id).order_by(AuditEvent.id.desc()))


def _exists(statement: sa.Select) -> bool:
    return bool(db.session.scalar(sa.select(statement.limit(1).exists())))


def _load(ids: list[int]) -> list[AuditRow]:
    """The events of *ids* with who did them, in the order given (one query)."""
    rows = db.session.execute(
        sa.select(AuditEvent, User.full_name, User.email)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.id.in_(ids)).order_by(AuditEvent.id.desc()))
    return [AuditRow(event, name, email) for event, name, email in rows]


def filter_choices(company_id: int) -> tuple[list[str], list[str], list[tuple[int, str]]]:
    """The actions, object types and users that occur in the company's log, for the filters."""
    def distinct(column: InstrumentedAttribute[str]) -> list[str]:
        return [v for v in db.session.scalars(
            sa.select(column).distinct().where(AuditEvent.company_id == company_id)
            .order_by(column)) if v]

    users = db.session.execute(
        sa.select(User.id, User.full_name).where(User.company_id == company_id)
        .order_by(User.full_name)).all()
    return (distinct(AuditEvent.action), distinct(AuditEvent.object_type),
            [(uid, name) for uid, name in users])

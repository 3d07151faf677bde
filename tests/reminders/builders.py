"""Rows the reminder tests need, created through the models (the quota and case
pages have their own services); each returns ids, never ORM objects."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask

from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.reminders.models import ReminderLedger

_numbers = itertools.count(1)


def allotment(app: Flask, company_id: int, valid_until: date,
              positions: tuple[tuple[int, int], ...] = ((3, 1), (2, 1)),
              reference: str | None = None) -> int:
    """An allotment with positions given as (quotas, used); total = sum of quotas."""
    n = next(_numbers)
    with app.app_context():
        found = QuotaAllotment(
            company_id=company_id, itc_reference=reference or f"ITC/TTAS/{n:04d}",
            allotment_date=valid_until - timedelta(days=365), valid_until=valid_until,
            total_quotas=sum(q for q, _ in positions))
        for i, (quotas, used) in enumerate(positions, 1):
            found.positions.append(QuotaPosition(
                company_id=company_id, job_title=f"Research engineer {i}",
                technology_area="Artificial intelligence", monthly_salary=45000,
                quotas=quotas, used=used))
        db.session.add(found)
        db.session.commit()
        return found.id


def candidate(app: Flask, company_id: int, name: str | None = None,
              passport_expiry: date = date(2040, 1, 1)) -> int:
    n = next(_numbers)
    with app.app_context():
        person = Candidate(company_id=company_id, full_name=name or f"Candidate {n}",
                           nationality="Canadian", date_of_birth=date(1990, 1, 1),
                           passport_number=f"P{n:07d}", passport_expiry=passport_expiry)
        db.session.add(person)
        db.session.commit()
        return person.id


def case(app: Flask, company_id: int, candidate_id: int | None = None, stage: str = "active",
         scheme: str = "GEP", **facts: Any) -> int:
    """A case at *stage* with the given stage facts (limit_of_stay_until, arrived_on …)."""
    with app.app_context():
        found = Case(company_id=company_id,
                     candidate_id=candidate_id or candidate(app, company_id),
                     scheme=scheme, job_title="Data scientist", monthly_salary=50000,
                     stage=stage, **facts)
        db.session.add(found)
        db.session.commit()
        return found.id


def set_user(app: Flask, user_id: int, **values: Any) -> None:
    """Change a user's columns directly (e.g. quota_reminders_enabled, daily_digest)."""
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == user_id).values(**values))
        db.session.commit()


def ledger(app: Flask, **where: Any) -> list[dict[str, Any]]:
    """Ledger rows as dicts, oldest first, filtered by column values."""
    with app.app_context():
        query = sa.select(ReminderLedger).filter_by(**where).order_by(ReminderLedger.id)
        return [{c.name: getattr(row, c.name) for c in ReminderLedger.__table__.columns}
                for row in db.session.scalars(query)]


def ledger_row(app: Flask, company_id: int, object_id: int, status: str = "failed",
               kind: str = "quota_expiry", due_on: date = date(2030, 6, 30), offset_days: int = 30,
               **values: Any) -> int:
    """A ledger row as a past scan and send would have left it."""
    with app.app_context():
        row = ReminderLedger(company_id=company_id, kind=kind, object_id=object_id,
                             due_on=due_on, offset_days=offset_days, status=status,
                             scan_on=due_on - timedelta(days=offset_days), **values)
        db.session.add(row)
        db.session.commit()
        return row.id

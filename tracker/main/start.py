"""The dashboard's "get started" steps for a company with no case yet."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment


@dataclass(frozen=True)
class FirstSteps:
    """Which of the first steps the company has taken (a case opened ends the list)."""

    candidate: bool
    allotment: bool
    colleague: bool


def first_steps(company_id: int) -> FirstSteps:
    """One statement: has the company a candidate, an allotment, a second user?"""
    def exists(model: type) -> sa.Exists:
        return sa.exists().where(model.company_id == company_id)  # type: ignore[attr-defined]

    users = (sa.select(sa.func.count(User.id)).where(User.company_id == company_id)
             .scalar_subquery())
    row = db.session.execute(sa.select(exists(Candidate), exists(QuotaAllotment),
                                       users > 1)).one()
    return FirstSteps(bool(row[0]), bool(row[1]), bool(row[2]))

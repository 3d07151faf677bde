"""Helpers for the candidate/case tests: moving cases, reading rows back, pinning today."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from tracker.audit.models import AuditEvent
from tracker.cases.models import Case
from tracker.cases.moves import MoveResult, move_case
from tracker.extensions import db
from tracker.quotas.models import QuotaPosition

TODAY = date(2025, 6, 2)

# Valid facts for entering each stage: dates by TODAY at the latest, in the stages' order
# (rules/stage_dates.py).
FACTS: dict[str, dict[str, Any]] = {
    "submitted": {"submitted_on": date(2025, 5, 2), "immd_reference": "IMMD-1"},
    "info_requested": {"info_requested_on": date(2025, 5, 9)},
    "approved": {"approved_on": date(2025, 5, 16)},
    "in_principle": {"approved_on": date(2025, 5, 16)},  # QMAS/ASSG approval-in-principle
    "visa_issued": {"visa_issued_on": date(2025, 5, 23), "visa_number": "EV123",
                    "limit_of_stay_until": date(2028, 5, 22)},
    "arrived": {"arrived_on": date(2025, 5, 30)},
}


def pin_today(app: Flask, monkeypatch: pytest.MonkeyPatch, day: date = TODAY) -> date:
    """Pin clock.today() to *day* for the test (monkeypatch restores it)."""
    monkeypatch.setitem(app.config, "TODAY_OVERRIDE", day.isoformat())
    return day


def move(app: Flask, case: Any, to: str, user_id: int | None = None, note: str = "",
         **facts: Any) -> MoveResult:
    """Move a case through the service, with valid facts unless given."""
    with app.app_context():
        result = move_case(case.id, case.company_id, to, note=note,
                           facts=facts or FACTS.get(to, {}), user_id=user_id)
        db.session.expunge_all()
        return result


def walk(app: Flask, case: Any, *stages: str) -> None:
    for stage in stages:
        move(app, case, stage)


def case_row(app: Flask, case_id: int) -> Case:
    """The stored case (detached, column values only)."""
    with app.app_context():
        row = db.session.get(Case, case_id)
        db.session.expunge(row)
        return row


def used(app: Flask, position_id: int) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(QuotaPosition.used).where(
            QuotaPosition.id == position_id))


def audit_entries(app: Flask, object_type: str, object_id: int,
                  action: str | None = None) -> list[AuditEvent]:
    with app.app_context():
        statement = sa.select(AuditEvent).where(AuditEvent.object_type == object_type,
                                                AuditEvent.object_id == object_id)
        if action:
            statement = statement.where(AuditEvent.action == action)
        rows = list(db.session.scalars(statement.order_by(AuditEvent.id)))
        db.session.expunge_all()
        return rows


def case_form(candidate_id: Any, scheme: str = "TechTAS", allotment: Any = None,
              position_id: Any = None, **extra: Any) -> dict[str, Any]:
    """The new/edit case form's fields, valid for *scheme* once *extra* fills its gaps."""
    data = {"candidate_id": candidate_id, "scheme": scheme, "job_title": "Research Engineer",
            "monthly_salary": "50000", "intended_start_date": "2025-09-01",
            "allotment_id": allotment.id if allotment else "",
            "position_id": position_id or (allotment.position_id if allotment else ""),
            "owner_id": "", "local_recruitment_justification": "",
            "talent_list_profession": ""}
    return data | extra


def cases_of(app: Flask, company_id: int) -> list[Case]:
    """The company's cases, detached from the session."""
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Case).where(Case.company_id == company_id)))
        db.session.expunge_all()
        return rows

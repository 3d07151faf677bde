"""Helpers shared by the quota tests: form posts and reading back stored rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import Flask

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment

AI = "Artificial intelligence"


def allotment_post(reference: str = "ITC/TTAS/2025/001", allotment_date: str = "2025-03-03",
                   valid_until: str = "", total: int | str = 3,
                   positions: tuple[tuple[str, str, int | str, int | str], ...] = (
                       ("Data scientist", AI, 42000, 3),),
                   **extra: Any) -> dict[str, Any]:
    """The fields the allotment form posts, one position row per (title, area, salary, quotas)."""
    data: dict[str, Any] = {"itc_reference": reference, "allotment_date": allotment_date,
                            "valid_until": valid_until, "total_quotas": total, "notes": "",
                            "submit": "Save allotment"}
    for i, (title, area, salary, quotas) in enumerate(positions):
        data |= {f"positions-{i}-job_title": title, f"positions-{i}-technology_area": area,
                 f"positions-{i}-required_qualification": "MSc in a STEM subject",
                 f"positions-{i}-monthly_salary": salary, f"positions-{i}-quotas": quotas}
    return data | extra


def stored_allotments(app: Flask, company_id: int) -> list[QuotaAllotment]:
    """The company's allotments with positions, detached for assertions."""
    with app.app_context():
        rows = db.session.scalars(
            sa.select(QuotaAllotment).where(QuotaAllotment.company_id == company_id)
            .order_by(QuotaAllotment.id)).all()
        for row in rows:
            _ = [p.used for p in row.positions]
            _ = row.application
        db.session.expunge_all()
        return list(rows)


def audit_entries(app: Flask, object_type: str | None = None) -> list[AuditEvent]:
    with app.app_context():
        statement = sa.select(AuditEvent).where(AuditEvent.action.in_(
            ["create", "update", "delete"])).order_by(AuditEvent.id)
        if object_type:
            statement = statement.where(AuditEvent.object_type == object_type)
        rows = db.session.scalars(statement).all()
        db.session.expunge_all()
        return list(rows)


@contextmanager
def config(app: Flask, **values: Any) -> Iterator[None]:
    """Temporarily change app settings (e.g. TODAY_OVERRIDE) for one test."""
    old = {k: app.config.get(k) for k in values}
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(old)

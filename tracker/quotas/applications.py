"""Quota applications to ITC, tracked before an allotment exists. Each function owns its commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker.audit.services import diff, record, snapshot
from tracker.extensions import db
from tracker.i18n import N_
from tracker.quotas.models import APPLICATION_STATUSES, QuotaAllotment, QuotaApplication
from tracker.quotas.services import created
from tracker.quotas.validation import AllotmentInput, QuotaError
from tracker.rules.text import Text

APPLICATION_FIELDS = ("submitted_on", "requested_quotas", "reference", "status", "notes")


@dataclass
class ApplicationInput:
    """A quota application as entered."""

    submitted_on: date
    requested_quotas: int
    reference: str = ""
    notes: str = ""


def create_application(company_id: int, data: ApplicationInput, today: date) -> QuotaApplication:
    """Record an application sent to ITC (status "submitted")."""
    if data.requested_quotas < 1:
        raise QuotaError(N_("Request at least 1 quota."), "requested_quotas")
    if data.submitted_on > today:
        raise QuotaError(N_("The submission date cannot be in the future."), "submitted_on")
    application = QuotaApplication(
        company_id=company_id, submitted_on=data.submitted_on, status="submitted",
        requested_quotas=data.requested_quotas, reference=data.reference.strip(),
        notes=data.notes.strip())
    db.session.add(application)
    db.session.flush()
    record("create", "quota_application", application.id, company_id=company_id,
           summary=application.reference or f"{application.requested_quotas} quotas",
           changes=created(snapshot(application, APPLICATION_FIELDS)))
    db.session.commit()
    return application


def update_application(application: QuotaApplication, status: str, notes: str) -> bool:
    """Change an application's status and notes; False when nothing changed.

    Once an allotment was created from it, an application stays "allotted".
    """
    if status not in APPLICATION_STATUSES:
        raise QuotaError(Text("Unknown status %(status)s.", status=repr(status)), "status")
    if application.allotment is not None and status != "allotted":
        raise QuotaError(Text("Allotment %(reference)s was created from this application: "
                              "it stays allotted.",
                              reference=application.allotment.itc_reference), "status")
    before = snapshot(application, APPLICATION_FIELDS)
    application.status, application.notes = status, notes.strip()
    changes = diff(before, snapshot(application, APPLICATION_FIELDS))
    if not changes:
        return False
    record("update", "quota_application", application.id, company_id=application.company_id,
           summary=application.reference, changes=changes)
    db.session.commit()
    return True


def allotment_prefill(application: QuotaApplication, today: date) -> AllotmentInput:
    """What an allotment created from *application* starts with (the user completes it)."""
    return AllotmentInput(itc_reference=application.reference, allotment_date=today,
                          total_quotas=application.requested_quotas)


def company_applications(company_id: int) -> list[QuotaApplication]:
    """The company's applications, newest first, with their allotment (no N+1)."""
    return list(db.session.scalars(
        sa.select(QuotaApplication).where(QuotaApplication.company_id == company_id)
        .options(selectinload(QuotaApplication.allotment).load_only(
            QuotaAllotment.id, QuotaAllotment.itc_reference))
        .order_by(QuotaApplication.submitted_on.desc(), QuotaApplication.id.desc())))

"""Allotment rules: create, edit and delete what ITC's letter says. Each function owns its commit.

Every refusal raises QuotaError with a message for the user and, where it
belongs to one, the form field it concerns; nothing is written in that case.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from tracker.audit.services import diff, record, snapshot
from tracker.extensions import db
from tracker.i18n import N_
from tracker.quotas.models import QuotaAllotment, QuotaApplication, QuotaPosition
from tracker.quotas.status import derived_valid_until
from tracker.quotas.validation import (
    AllotmentInput,
    QuotaError,
    check_allotment,
    reference_in_use,
    reference_taken,
)
from tracker.rules.text import Text

ALLOTMENT_FIELDS = ("itc_reference", "allotment_date", "valid_until", "total_quotas", "notes",
                    "application_id")
POSITION_FIELDS = ("job_title", "technology_area", "required_qualification", "monthly_salary",
                   "quotas")

__all__ = ["AllotmentInput", "QuotaError", "create_allotment", "delete_allotment",
           "update_allotment"]


@dataclass
class _Audit:
    """Audit entries of one change, recorded after the flush (new rows need their ids)."""

    entries: list[tuple[str, str, int | QuotaPosition, dict]] = field(default_factory=list)

    def add(self, action: str, object_type: str, target: int | QuotaPosition,
            changes: dict) -> None:
        """*target* is an id, or a new row whose id the flush will assign."""
        self.entries.append((action, object_type, target, changes))

    def record_all(self, company_id: int, summary: str) -> None:
        for action, object_type, target, changes in self.entries:
            object_id = target if isinstance(target, int) else target.id
            record(action, object_type, object_id, company_id=company_id, changes=changes,
                   summary=summary)


def _gone(values: dict) -> dict[str, list]:
    """Changes of a deleted row: every filled field from its value to nothing."""
    return {k: [v, None] for k, v in values.items() if v not in (None, "")}


def created(values: dict) -> dict[str, list]:
    """Changes of a new row: every filled field from nothing to its value."""
    return {k: [None, v] for k, v in values.items() if v not in (None, "")}


def create_allotment(company_id: int, data: AllotmentInput, *, validity_months: int,
                     application: QuotaApplication | None = None) -> QuotaAllotment:
    """Record an allotment letter with its positions; optionally from an application.

    A blank "valid until" becomes the allotment date + *validity_months* (the
    configured default), or + the validity in force on it when *data* asks for that.
    """
    if data.valid_until is None:
        data.valid_until = derived_valid_until(data.allotment_date, data.validity,
                                               validity_months)
    check_allotment(company_id, data)
    if application is not None:
        _check_application_free(company_id, application)
    allotment = QuotaAllotment(
        company_id=company_id, itc_reference=data.itc_reference, notes=data.notes,
        allotment_date=data.allotment_date, valid_until=data.valid_until,
        total_quotas=data.total_quotas, application=application)
    allotment.positions = [QuotaPosition(company_id=company_id, **p.values())
                           for p in data.positions]
    db.session.add(allotment)
    _flush_or_refuse(company_id, data.itc_reference)
    record("create", "quota_allotment", allotment.id, company_id=company_id,
           summary=allotment.itc_reference,
           changes=created(snapshot(allotment, ALLOTMENT_FIELDS)))
    for position in allotment.positions:
        record("create", "quota_position", position.id, company_id=company_id,
               summary=f"{allotment.itc_reference}: {position.job_title}",
               changes=created(snapshot(position, POSITION_FIELDS)))
    if application is not None:
        record("update", "quota_application", application.id, company_id=company_id,
               summary=f"Allotted: {allotment.itc_reference}",
               changes={"status": [application.status, "allotted"]})
        application.status = "allotted"
    db.session.commit()
    return allotment


def _check_application_free(company_id: int, application: QuotaApplication) -> None:
    """An application leads to at most one allotment, and not after a rejection."""
    if application.company_id != company_id:
        raise QuotaError(N_("That quota application belongs to another company."))
    if application.allotment is not None:
        raise QuotaError(Text("This application already has allotment %(reference)s.",
                              reference=application.allotment.itc_reference))
    if application.status == "rejected":
        raise QuotaError(N_("This application was rejected: change its status first."))


def _flush_or_refuse(company_id: int, reference: str) -> None:
    """Flush, turning a lost race on the unique reference into the usual message."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if reference_taken(company_id, reference):
            raise QuotaError(reference_in_use(reference), "itc_reference") from None
        raise QuotaError(N_("The allotment changed while you were editing it: "
                            "please reload and try again.")) from None


def update_allotment(allotment: QuotaAllotment, data: AllotmentInput, *,
                     validity_months: int) -> QuotaAllotment:
    """Apply an edited letter: fields, changed/new/removed positions, one audit entry each.

    A position keeps at least as many quotas as cases use, and a position that a
    case refers to cannot be removed. The positions are locked while checking,
    so a case taking a quota meanwhile cannot slip under the new number.
    """
    if data.valid_until is None:
        data.valid_until = derived_valid_until(data.allotment_date, data.validity,
                                               validity_months)
    current = _lock_positions(allotment)
    check_allotment(allotment.company_id, data, allotment=allotment, current=current,
                    referenced=_referenced_position_ids(allotment))
    audit = _Audit()
    before = snapshot(allotment, ALLOTMENT_FIELDS)
    for name in ("itc_reference", "allotment_date", "valid_until", "total_quotas", "notes"):
        setattr(allotment, name, getattr(data, name))
    if changes := diff(before, snapshot(allotment, ALLOTMENT_FIELDS)):
        audit.add("update", "quota_allotment", allotment.id, changes)
    _apply_positions(allotment, data, current, audit)
    _flush_or_refuse(allotment.company_id, data.itc_reference)
    audit.record_all(allotment.company_id, allotment.itc_reference)
    db.session.commit()
    return allotment


def _lock_positions(allotment: QuotaAllotment) -> dict[int, QuotaPosition]:
    """The allotment's positions, re-read and row-locked (FOR UPDATE on PostgreSQL)."""
    rows = db.session.scalars(
        sa.select(QuotaPosition).where(QuotaPosition.allotment_id == allotment.id)
        .with_for_update().execution_options(populate_existing=True))
    return {p.id: p for p in rows}


def _referenced_position_ids(allotment: QuotaAllotment) -> set[int]:
    """Positions of the allotment that some case points at."""
    return set(db.session.scalars(
        sa.select(QuotaPosition.id)
        .where(QuotaPosition.allotment_id == allotment.id, QuotaPosition.cases.any())))


def _apply_positions(allotment: QuotaAllotment, data: AllotmentInput,
                     current: dict[int, QuotaPosition], audit: _Audit) -> None:
    """Update kept positions, add new ones, delete the ones left out."""
    kept = {p.id for p in data.positions if p.id is not None}
    for position_id, position in current.items():
        if position_id not in kept:
            audit.add("delete", "quota_position", position_id,
                      _gone(snapshot(position, POSITION_FIELDS)))
            allotment.positions.remove(position)
    for item in data.positions:
        if item.id is None:
            position = QuotaPosition(company_id=allotment.company_id, **item.values())
            allotment.positions.append(position)
            audit.add("create", "quota_position", position,
                      created(snapshot(position, POSITION_FIELDS)))
            continue
        position = current[item.id]
        before = snapshot(position, POSITION_FIELDS)
        for name, value in item.values().items():
            setattr(position, name, value)
        if changes := diff(before, snapshot(position, POSITION_FIELDS)):
            audit.add("update", "quota_position", position.id, changes)


def _cases_using(allotment: QuotaAllotment) -> int:
    """How many cases point at the allotment or at one of its positions."""
    found = db.session.scalars(
        sa.select(QuotaAllotment).where(QuotaAllotment.id == allotment.id)
        .options(selectinload(QuotaAllotment.cases),
                 selectinload(QuotaAllotment.positions).selectinload(QuotaPosition.cases))
        .execution_options(populate_existing=True)).one()
    return len({case.id for case in found.cases}
               | {case.id for position in found.positions for case in position.cases})


def delete_allotment(allotment: QuotaAllotment) -> None:
    """Delete an allotment nobody uses: refused while any case refers to it."""
    in_use = _cases_using(allotment)
    if in_use:
        raise QuotaError(Text("1 case uses allotment %(reference)s: it cannot be deleted.",
                              reference=allotment.itc_reference) if in_use == 1 else
                         Text("%(count)s cases use allotment %(reference)s: it cannot be "
                              "deleted.", count=in_use, reference=allotment.itc_reference))
    company_id = allotment.company_id
    for position in allotment.positions:
        record("delete", "quota_position", position.id, company_id=company_id,
               summary=f"{allotment.itc_reference}: {position.job_title}",
               changes=_gone(snapshot(position, POSITION_FIELDS)))
    record("delete", "quota_allotment", allotment.id, company_id=company_id,
           summary=allotment.itc_reference,
           changes=_gone(snapshot(allotment, ALLOTMENT_FIELDS)))
    db.session.delete(allotment)
    db.session.commit()

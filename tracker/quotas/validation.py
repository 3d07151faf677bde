"""The rules an allotment letter must satisfy, as plain functions over plain input."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from tracker.extensions import db
from tracker.i18n import N_, Refusal
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.quotas.status import ValidityBasis
from tracker.rules.techtas import technology_areas
from tracker.rules.text import Text
from tracker.text import first_multi_line, has_control_characters

# How a refusal names a position's text field (the field's name from first_multi_line).
POSITION_TEXT_FIELDS = {"job_title": Text("job title"),
                        "technology_area": Text("technology area"),
                        "required_qualification": Text("required qualification")}


class QuotaError(Refusal):
    """A refused quota change (tracker.i18n.Refusal): the *field* (and *row*) it concerns."""

    def __init__(self, message: str, field: str | None = None, row: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.row = row


@dataclass
class PositionInput:
    """One position as entered; *id* is set for an existing position being edited."""

    job_title: str
    technology_area: str
    monthly_salary: int
    quotas: int
    required_qualification: str = ""
    id: int | None = None

    def values(self) -> dict[str, Any]:
        """The column values (without the id)."""
        return {"job_title": self.job_title, "technology_area": self.technology_area,
                "required_qualification": self.required_qualification,
                "monthly_salary": self.monthly_salary, "quotas": self.quotas}


@dataclass
class AllotmentInput:
    """An allotment letter as entered.

    A None *valid_until* is computed by the service from the allotment date, as
    *validity* says: the configured months or the validity in force on that date.
    """

    itc_reference: str
    allotment_date: date
    total_quotas: int
    valid_until: date | None = None
    notes: str = ""
    positions: list[PositionInput] = field(default_factory=list)
    validity: ValidityBasis = "configured"


def reference_taken(company_id: int, reference: str, except_id: int | None = None) -> bool:
    """Whether the company already has an allotment with this ITC reference (any case)."""
    statement = sa.select(QuotaAllotment.id).where(
        QuotaAllotment.company_id == company_id,
        sa.func.lower(QuotaAllotment.itc_reference) == reference.lower())
    if except_id is not None:
        statement = statement.where(QuotaAllotment.id != except_id)
    return db.session.scalar(statement.limit(1)) is not None


def check_allotment(company_id: int, data: AllotmentInput, *,
                    allotment: QuotaAllotment | None = None,
                    current: dict[int, QuotaPosition] | None = None,
                    referenced: set[int] | None = None) -> None:
    """Raise QuotaError for the first rule *data* breaks.

    For an edit, *current* holds the allotment's positions by id (with their
    used counts) and *referenced* the ids of positions that cases point at.
    """
    data.itc_reference = data.itc_reference.strip()
    if not data.itc_reference:
        raise QuotaError(N_("Enter the ITC reference of the allotment letter."), "itc_reference")
    if has_control_characters(data.itc_reference):
        raise QuotaError(N_("The ITC reference cannot contain line breaks, tabs or other "
                            "control characters."), "itc_reference")
    if reference_taken(company_id, data.itc_reference, allotment.id if allotment else None):
        raise QuotaError(reference_in_use(data.itc_reference), "itc_reference")
    if data.total_quotas < 1:
        raise QuotaError(N_("The number of quotas must be at least 1."), "total_quotas")
    if data.valid_until is not None and data.valid_until < data.allotment_date:
        raise QuotaError(N_("Valid until cannot be before the allotment date."), "valid_until")
    if not data.positions:
        raise QuotaError(N_("Add at least one position from the allotment letter."), "positions")
    ids = [p.id for p in data.positions if p.id is not None]
    if len(ids) != len(set(ids)):
        raise QuotaError(N_("The same position appears twice: reload the page and try again."),
                         "positions")
    for row, position in enumerate(data.positions):
        check_position(position, row, data.allotment_date, current or {})
    check_positions_sum(data)
    if current is not None:
        check_removed_positions(data, current, referenced or set())


def check_position(position: PositionInput, row: int, allotment_date: date,
                   current: dict[int, QuotaPosition]) -> None:
    """One position's own rules, including not going below its used quotas."""
    position.job_title = position.job_title.strip()
    position.required_qualification = position.required_qualification.strip()
    if not position.job_title:
        raise QuotaError(N_("Enter the job title."), "job_title", row)
    if multi_line := first_multi_line(position.values()):
        raise QuotaError(Text("The %(field)s cannot contain line breaks, tabs or other "
                              "control characters.", field=POSITION_TEXT_FIELDS[multi_line]),
                         multi_line, row)
    areas = technology_areas(allotment_date)
    if position.technology_area not in areas:
        raise QuotaError(Text("%(area)s is not a TechTAS technology area for allotments "
                              "dated %(date)s.", area=position.technology_area or Text("This"),
                              date=f"{allotment_date:%d/%m/%Y}"),
                         "technology_area", row)
    if position.monthly_salary < 0:
        raise QuotaError(N_("The monthly salary cannot be negative."), "monthly_salary", row)
    if position.quotas < 1:
        raise QuotaError(N_("A position needs at least 1 quota."), "quotas", row)
    existing = current.get(position.id) if position.id is not None else None
    if position.id is not None and existing is None:
        raise QuotaError(N_("This position is not part of the allotment."), "job_title", row)
    if existing is not None and position.quotas < existing.used:
        raise QuotaError(quotas_in_use(existing), "quotas", row)


def check_positions_sum(data: AllotmentInput) -> None:
    """The positions' quotas add up to the allotment's number of quotas."""
    total = sum(p.quotas for p in data.positions)
    if total != data.total_quotas:
        raise QuotaError(Text("The positions' quotas add up to %(total)s, but the Number of "
                              "quotas is %(number)s: they must be equal.",
                              total=total, number=data.total_quotas), "total_quotas")


def check_removed_positions(data: AllotmentInput, current: dict[int, QuotaPosition],
                            referenced: set[int]) -> None:
    """A position left out of the edit is deleted: only when no case uses it."""
    kept = {p.id for p in data.positions}
    for position_id, position in current.items():
        if position_id in kept:
            continue
        if position.used or position_id in referenced:
            raise QuotaError(Text("Position %(title)s is used by cases and cannot be removed.",
                                  title=position.job_title), "positions")


def reference_in_use(reference: str) -> Text:
    """The refusal of an ITC reference the company has already recorded."""
    return Text("ITC reference %(reference)s is already recorded for your company.",
                reference=reference)


def quotas_in_use(position: QuotaPosition) -> Text:
    """The refusal of fewer quotas than the cases of *position* hold."""
    if position.used == 1:
        return Text("1 quota is in use for %(title)s: its quotas cannot go below 1.",
                    title=position.job_title)
    return Text("%(used)s quotas are in use for %(title)s: its quotas cannot go below "
                "%(used)s.", used=position.used, title=position.job_title)

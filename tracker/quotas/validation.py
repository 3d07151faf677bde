"""The rules an allotment letter must satisfy, as plain functions over plain input."""

from __future__ import annotations

from collections.abc import Collection
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
    """A refused quota change (tracker.i18n.Refusal): the *field* (and *row*) it concerns.

    Raised for an allotment, it is the first of `problems`: every rule the letter broke.
    """

    def __init__(self, message: str, field: str | None = None, row: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.row = row
        self.problems: list[QuotaError] = [self]


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
    """Raise QuotaError if *data* breaks a rule: the first, with every one in `problems`.

    For an edit, *current* holds the allotment's positions by id (with their
    used counts) and *referenced* the ids of positions that cases point at.
    """
    problems = allotment_problems(company_id, data, allotment=allotment, current=current,
                                  referenced=referenced)
    if problems:
        problems[0].problems = problems
        raise problems[0]


def allotment_problems(company_id: int, data: AllotmentInput, *,
                       allotment: QuotaAllotment | None = None,
                       current: dict[int, QuotaPosition] | None = None,
                       referenced: set[int] | None = None,
                       unread: Collection[str] = ()) -> list[QuotaError]:
    """Every rule *data* breaks, so the form shows them all in one round.

    *unread* names what the form could not read ("allotment_date", "total_quotas",
    "positions" for any position's number): *data* holds a stand-in there, and the
    rules that depend on it are left until it is read.
    """
    problems = _letter_problems(company_id, data, allotment, unread)
    if not data.positions:
        problems.append(QuotaError(N_("Add at least one position from the allotment letter."),
                                   "positions"))
        return problems
    ids = [p.id for p in data.positions if p.id is not None]
    if len(ids) != len(set(ids)):
        problems.append(QuotaError(N_("The same position appears twice: reload the page and "
                                      "try again."), "positions"))
    dated = None if "allotment_date" in unread else data.allotment_date
    for row, position in enumerate(data.positions):
        problems.extend(position_problems(position, row, dated, current or {}))
    if not {"total_quotas", "positions"} & set(unread):
        problems.extend(positions_sum_problems(data))
    if current is not None:
        problems.extend(removed_position_problems(data, current, referenced or set()))
    return problems


def _letter_problems(company_id: int, data: AllotmentInput, allotment: QuotaAllotment | None,
                     unread: Collection[str]) -> list[QuotaError]:
    """The letter's own fields: its reference, number of quotas and validity."""
    problems = []
    data.itc_reference = data.itc_reference.strip()
    if not data.itc_reference:
        problems.append(QuotaError(N_("Enter the ITC reference of the allotment letter."),
                                   "itc_reference"))
    elif has_control_characters(data.itc_reference):
        problems.append(QuotaError(N_("The ITC reference cannot contain line breaks, tabs or "
                                      "other control characters."), "itc_reference"))
    elif reference_taken(company_id, data.itc_reference, allotment.id if allotment else None):
        problems.append(QuotaError(reference_in_use(data.itc_reference), "itc_reference"))
    if "total_quotas" not in unread and data.total_quotas < 1:
        problems.append(QuotaError(N_("The number of quotas must be at least 1."),
                                   "total_quotas"))
    if ("allotment_date" not in unread and data.valid_until is not None
            and data.valid_until < data.allotment_date):
        problems.append(QuotaError(N_("Valid until cannot be before the allotment date."),
                                   "valid_until"))
    return problems


def position_problems(position: PositionInput, row: int, allotment_date: date | None,
                      current: dict[int, QuotaPosition]) -> list[QuotaError]:
    """One position's own rules, including not going below its used quotas (one problem
    per field). Without the allotment date its technology area is left unchecked."""
    position.job_title = position.job_title.strip()
    position.required_qualification = position.required_qualification.strip()
    problems = []
    existing = current.get(position.id) if position.id is not None else None
    if not position.job_title:
        problems.append(QuotaError(N_("Enter the job title."), "job_title", row))
    elif position.id is not None and existing is None:
        problems.append(QuotaError(N_("This position is not part of the allotment."),
                                   "job_title", row))
    if multi_line := first_multi_line(position.values()):
        problems.append(QuotaError(Text("The %(field)s cannot contain line breaks, tabs or "
                                        "other control characters.",
                                        field=POSITION_TEXT_FIELDS[multi_line]),
                                   multi_line, row))
    if allotment_date is not None and position.technology_area not in technology_areas(
            allotment_date):
        problems.append(QuotaError(Text("%(area)s is not a TechTAS technology area for "
                                        "allotments dated %(date)s.",
                                        area=position.technology_area or Text("This"),
                                        date=f"{allotment_date:%d/%m/%Y}"),
                                   "technology_area", row))
    if position.monthly_salary < 0:
        problems.append(QuotaError(N_("The monthly salary cannot be negative."),
                                   "monthly_salary", row))
    if position.quotas < 1:
        problems.append(QuotaError(N_("A position needs at least 1 quota."), "quotas", row))
    elif existing is not None and position.quotas < existing.used:
        problems.append(QuotaError(quotas_in_use(existing), "quotas", row))
    return problems


def positions_sum_problems(data: AllotmentInput) -> list[QuotaError]:
    """The positions' quotas add up to the allotment's number of quotas."""
    total = sum(p.quotas for p in data.positions)
    if total == data.total_quotas:
        return []
    return [QuotaError(Text("The positions' quotas add up to %(total)s, but the Number of "
                            "quotas is %(number)s: they must be equal.",
                            total=total, number=data.total_quotas), "total_quotas")]


def removed_position_problems(data: AllotmentInput, current: dict[int, QuotaPosition],
                              referenced: set[int]) -> list[QuotaError]:
    """A position left out of the edit is deleted: only when no case uses it."""
    kept = {p.id for p in data.positions}
    return [QuotaError(Text("Position %(title)s is used by cases and cannot be removed.",
                            title=position.job_title), "positions")
            for position_id, position in current.items()
            if position_id not in kept and (position.used or position_id in referenced)]


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

"""Allotments from a spreadsheet: one row per position, the letter's facts repeated on each.

Rows are grouped by ITC reference (any case). A new allotment is checked by the quota
rules themselves (tracker.quotas.validation.allotment_problems: reference, dates, areas,
the positions adding up to the number of quotas); one already recorded is matched by its
reference within the company and is unchanged when the file says what it holds. Changing
a recorded allotment stays on its page, where the quotas used by cases are shown.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.imports.mapping import ALLOTMENTS
from tracker.imports.rows import ERROR, UNCHANGED, RowCheck
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.quotas.status import derived_valid_until
from tracker.quotas.validation import AllotmentInput, PositionInput, allotment_problems
from tracker.rules.techtas import technology_areas
from tracker.rules.text import Text

LETTER = ("itc_reference", "allotment_date", "valid_until", "total_quotas", "notes")
POSITION = ("job_title", "technology_area", "monthly_salary", "quotas",
            "required_qualification")


def check_allotments(company_id: int, checks: list[RowCheck], columns: dict[str, str]) -> None:
    """Mark each row (a position) through its allotment's check."""
    groups: dict[str, list[RowCheck]] = defaultdict(list)
    for check in checks:
        groups[(check.values.get("itc_reference") or "").strip().lower()].append(check)
    for rows in groups.values():
        _check_group(company_id, rows, columns)


def _check_group(company_id: int, rows: list[RowCheck], columns: dict[str, str]) -> None:
    first = rows[0]
    for row in rows:
        _check_filled(row, columns)
    for row in rows[1:]:
        for name in LETTER:
            if row.values.get(name) != first.values.get(name) and name in columns:
                row.errors.append((columns[name], Text(
                    "The allotment letter's details differ from row %(row)s.", row=first.number)))
                break
    if any(row.errors for row in rows):
        for row in rows:
            row.mark = ERROR
        return
    existing = _recorded(company_id, first.values.get("itc_reference") or "")
    if existing is not None:
        _compare(existing, rows, columns)
        return
    data = allotment_input(rows)
    for problem in allotment_problems(company_id, data):
        row = rows[problem.row] if problem.row is not None and problem.row < len(rows) else first
        row.errors.append((columns.get(problem.field or "", problem.field or ""),
                           problem.message))


def _check_filled(row: RowCheck, columns: dict[str, str]) -> None:
    """A required cell left blank (the quota rules need a value to check)."""
    read = {column for column, _ in row.errors}
    for field in ALLOTMENTS.fields:
        if (field.required and row.values.get(field.code) in (None, "")
                and columns.get(field.code) not in read):
            row.errors.append((columns.get(field.code, field.code),
                               Text("%(field)s: this cell is empty.", field=Text(field.label))))


def allotment_input(rows: list[RowCheck]) -> AllotmentInput:
    """The letter of the group's first row with one position per row."""
    first = rows[0].values
    return AllotmentInput(
        itc_reference=first.get("itc_reference") or "", allotment_date=first["allotment_date"],
        total_quotas=first["total_quotas"], valid_until=first.get("valid_until"),
        notes=first.get("notes") or "",
        positions=[PositionInput(job_title=row.values.get("job_title") or "",
                                 technology_area=_area(row.values.get("technology_area"),
                                                       first["allotment_date"]),
                                 monthly_salary=row.values["monthly_salary"],
                                 quotas=row.values["quotas"],
                                 required_qualification=row.values.get(
                                     "required_qualification") or "")
                   for row in rows])


def _area(text: Any, on: date) -> str:
    """A technology area as the rules name it, whatever the case typed."""
    text = " ".join(str(text or "").split())
    return next((a for a in technology_areas(on) if a.lower() == text.lower()), text)


def _recorded(company_id: int, reference: str) -> QuotaAllotment | None:
    return db.session.scalar(
        sa.select(QuotaAllotment).options(selectinload(QuotaAllotment.positions)).where(
            QuotaAllotment.company_id == company_id,
            sa.func.lower(QuotaAllotment.itc_reference) == reference.strip().lower()))


def _compare(existing: QuotaAllotment, rows: list[RowCheck], columns: dict[str, str]) -> None:
    """Unchanged when the file holds what is recorded; else refused (edit it on its page)."""
    stored = sorted(tuple(str(getattr(p, n)) for n in POSITION) for p in existing.positions)
    data = allotment_input(rows)  # typed as the rules read it (the area's own spelling)
    given = sorted(tuple(str(getattr(p, n)) for n in POSITION) for p in data.positions)
    first = rows[0].values
    same_letter = all(first.get(n) in (None, getattr(existing, n)) or (
        n == "notes" and not first.get(n)) for n in LETTER if n in columns)
    if same_letter and stored == given:
        for row in rows:
            row.mark, row.record_id = UNCHANGED, existing.id
        return
    rows[0].errors.append((columns.get("itc_reference", "itc_reference"), Text(
        "Allotment %(reference)s is already recorded with other details: change it on its "
        "page.", reference=existing.itc_reference)))


def write_allotments(company_id: int, checks: list[RowCheck], validity_months: int) -> int:
    """Record each new allotment with its positions (the caller commits); how many."""
    groups: dict[str, list[RowCheck]] = defaultdict(list)
    for check in checks:
        groups[(check.values.get("itc_reference") or "").strip().lower()].append(check)
    for rows in groups.values():
        data = allotment_input(rows)
        valid_until = data.valid_until or derived_valid_until(
            data.allotment_date, "configured", validity_months)
        allotment = QuotaAllotment(company_id=company_id, itc_reference=data.itc_reference,
                                   allotment_date=data.allotment_date, valid_until=valid_until,
                                   total_quotas=data.total_quotas, notes=data.notes)
        allotment.positions = [QuotaPosition(company_id=company_id, **p.values())
                               for p in data.positions]
        db.session.add(allotment)
    return len(groups)

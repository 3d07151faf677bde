"""Dependants from a spreadsheet: each with their principal (by passport number), their
relation, their identity and, when the row gives it, their dependant visa as a status.

A row is checked by the dependant form's own rules (tracker.candidates.dependants
.check_dependant: who qualifies by relation and age, one partner, a passport the
company has not recorded for someone else) and its status by the Workforce import's
(tracker/imports/statuses.py, scheme DEP unless the row names another). A dependant is
matched by passport number within the company: unchanged when the row says what is
recorded, an update otherwise. The same rules serve the candidates import's rows that
carry a relation (the candidate export lists dependants with their principal's passport).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from tracker.candidates import dependants as dependant_rules
from tracker.candidates.models import Candidate
from tracker.candidates.services import find_by_passport, normalise_passport
from tracker.cases.dependants import DEPENDANT_SCHEME
from tracker.cases.models import Case
from tracker.clock import today
from tracker.extensions import db
from tracker.i18n import N_
from tracker.imports.mapping import RELATION_CHOICES, FieldSpec, Kind
from tracker.imports.rows import ERROR, NEW, UNCHANGED, UPDATE, RowCheck
from tracker.imports.statuses import STATUS_FIELDS, check_status, no_status_given
from tracker.imports.validation import check_candidates
from tracker.rules.text import Text

PERSON_FIELDS = (
    FieldSpec("principal_passport", N_("Dependant of (passport number)"), required=True),
    FieldSpec("relation", N_("Relation"), "choice", required=True, choices=RELATION_CHOICES),
    FieldSpec("full_name", N_("Full name"), required=True),
    FieldSpec("chinese_name", N_("Chinese name")),
    FieldSpec("nationality", N_("Nationality"), required=True),
    FieldSpec("date_of_birth", N_("Date of birth"), "date", required=True),
    FieldSpec("passport_number", N_("Passport number"), required=True),
    FieldSpec("passport_expiry", N_("Passport expiry"), "date", required=True),
)


@dataclass
class DependantRecord:
    """What a dependant's row writes: a new person or the changes of a recorded one, and
    their status when the row gives one."""

    person: Candidate | None = None  # new
    changes: dict[str, Any] | None = None  # of the recorded dependant check.record_id
    status: Case | None = None


def check_dependants(company_id: int, checks: list[RowCheck], columns: dict[str, str]) -> None:
    """Each row on its own; the same passport twice in the file refused on the second."""
    seen: dict[str, int] = {}
    for check in checks:
        number = normalise_passport(check.values.get("passport_number") or "")
        if number in seen:
            check.errors.append((columns["passport_number"], Text(
                "Passport number %(number)s is also on row %(row)s.", number=number,
                row=seen[number])))
            continue
        if number:
            seen[number] = check.number
        principal = principal_of(company_id, check, columns, {})
        if principal is not None:
            check_dependant_row(company_id, principal, check, columns, with_status=True)


def principal_of(company_id: int, check: RowCheck, columns: dict[str, str],
                 in_file: dict[str, Candidate]) -> Candidate | None:
    """The principal named by passport number: the company's, else a principal of the same
    file (*in_file*, not yet written); else the row's error."""
    number = normalise_passport(check.values.get("principal_passport") or "")
    principal = (find_by_passport(company_id, number) if number else None) or in_file.get(
        number)
    if principal is None:
        check.errors.append((columns.get("principal_passport", "principal_passport"), Text(
            "No principal with passport number %(number)s is recorded in your company or "
            "in the file.", number=number or "—")))
    return principal


def check_dependant_row(company_id: int, principal: Candidate, check: RowCheck,
                        columns: dict[str, str], with_status: bool) -> None:
    """The dependant rules on the row (and its status when *with_status*): marks the row
    and keeps what it writes in check.record."""
    values = check.values
    number = normalise_passport(values.get("passport_number") or "")
    existing = find_by_passport(company_id, number) if number else None
    if existing is not None and existing.principal_id != principal.id:
        check.errors.append((columns["passport_number"], Text(
            "Passport number %(number)s is already recorded for %(name)s.", number=number,
            name=existing.full_name)))
        return
    data = dependant_rules.DependantInput(
        relation=values.get("relation") or "", full_name=values.get("full_name") or "",
        chinese_name=values.get("chinese_name") or "",
        nationality=values.get("nationality") or "", date_of_birth=values.get("date_of_birth"),
        passport_number=number, passport_expiry=values.get("passport_expiry"))
    try:
        data = dependant_rules.check_dependant(principal, data, today(), current=existing)
    except dependant_rules.DependantError as error:
        check.errors += [(columns.get(n, n), m) for n, m in error.errors.items()]
        return
    fields = {name: getattr(data, name) for name in dependant_rules.FIELDS}
    record = DependantRecord()
    if existing is None:
        record.person = Candidate(company_id=company_id, principal_id=principal.id, **fields)
        person = record.person
    else:
        changes = {n: v for n, v in fields.items() if getattr(existing, n) != v}
        check.mark, check.record_id = (UPDATE if changes else UNCHANGED), existing.id
        record.changes, person = changes, existing
    if with_status and not no_status_given(values):
        values["scheme"] = values.get("scheme") or DEPENDANT_SCHEME
        mark, record_id = check.mark, check.record_id
        check_status(company_id, person, check, columns)
        record.status, check.record = check.record, None
        if record.status is not None:
            record.status.candidate = person  # a new person's id comes at the write
            mark = NEW if existing is None else UPDATE
        check.mark, check.record_id = mark, record_id
    check.record = record


def write_dependants(company_id: int, checks: list[RowCheck], user_id: int | None) -> int:
    """Add or change each dependant and add their status (the caller commits); how many."""
    written = 0
    for check in checks:
        record = check.record
        if check.mark == ERROR or not isinstance(record, DependantRecord):
            continue
        if record.person is not None:
            db.session.add(record.person)
        elif record.changes and check.record_id is not None:
            existing = db.session.get_one(Candidate, check.record_id)
            for name, value in record.changes.items():
                setattr(existing, name, value)
        if record.status is not None:
            record.status.events[0].moved_by_id = user_id
            db.session.add(record.status)
        written += 1
    return written


def check_people(company_id: int, checks: list[RowCheck], columns: dict[str, str]) -> None:
    """The candidates import: every row by the candidate rules; a row with a relation (or
    a principal's passport) is a dependant, as the candidate export lists them, checked by
    the dependant rules too, its principal the company's or a new one of the same file."""
    check_candidates(company_id, checks, columns)
    in_file = {c.values["passport_number"]: Candidate(
        company_id=company_id, full_name=c.values.get("full_name") or "",
        passport_number=c.values["passport_number"])
        for c in checks if not is_dependant(c) and c.record_id is None
        and c.values.get("passport_number")}
    for check in checks:
        if is_dependant(check):
            mark = check.mark
            principal = principal_of(company_id, check, columns, in_file)
            if principal is not None:
                check_dependant_row(company_id, principal, check, columns, with_status=False)
            check.mark = UPDATE if UPDATE in (mark, check.mark) else mark


def is_dependant(check: RowCheck) -> bool:
    return bool(check.values.get("relation") or check.values.get("principal_passport"))


def link_dependants(company_id: int, checks: list[RowCheck]) -> None:
    """Tie each dependant row of a candidates import to its principal, both written by
    then (the caller commits)."""
    rows = [c for c in checks if c.mark != ERROR and is_dependant(c)]
    if not rows:
        return
    db.session.flush()
    for check in rows:
        person = find_by_passport(company_id, normalise_passport(
            check.values.get("passport_number") or ""))
        principal = find_by_passport(company_id, normalise_passport(
            check.values.get("principal_passport") or ""))
        if person is not None and principal is not None:
            person.principal_id, person.relation = principal.id, check.values["relation"]


DEPENDANTS = Kind("dependants", N_("Dependants"), (
    *PERSON_FIELDS, *(replace(f, required=False) for f in STATUS_FIELDS)),
    check_dependants, write_dependants)

"""A principal's dependants: spouse or partner and children, each a person of their own.

A dependant is a candidate row linked to the principal (Candidate.principal_id, with
its `relation`), so their passport, name search and reminders work as for anyone.
Who qualifies is rules/dependants.py: a spouse, a recognised partner, or a child under
18 (choosing "child" states that the child is unmarried and dependent, as ImmD's form
ID 997 asks). Every problem with the input is refused at once and nothing is written;
a dependant with cases is kept (their applications are the record).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker.audit.services import diff, record, snapshot
from tracker.candidates.models import Candidate, CandidateCase
from tracker.candidates.services import (
    PASSPORT_PATTERN,
    CandidateError,
    commit_unique,
    find_by_passport,
    normalise_passport,
)
from tracker.extensions import db
from tracker.rules.case_kinds import in_stay_stage
from tracker.rules.dates import age_on
from tracker.rules.dependants import RELATIONS, age_out_warning, qualifies
from tracker.rules.schemes import workflow_for_case
from tracker.rules.text import Text
from tracker.text import first_multi_line, hkdate

FIELDS = ("relation", "full_name", "chinese_name", "nationality", "date_of_birth",
          "passport_number", "passport_expiry")
TEXT_FIELDS = ("full_name", "chinese_name", "nationality")
PARTNERS = ("spouse", "partner")  # a principal has one at most
CaseT = TypeVar("CaseT", bound=CandidateCase)


@dataclass
class DependantInput:
    """What the dependant form posts."""

    relation: str
    full_name: str
    chinese_name: str
    nationality: str
    date_of_birth: date | None
    passport_number: str
    passport_expiry: date | None


class DependantError(ValueError):
    """The input was refused; `errors` maps form field names to messages (Text: shown
    translated)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def dependants_of(principal: Candidate) -> list[Candidate]:
    """The principal's dependants, spouse or partner first, then children by age,
    each with their cases loaded (newest first)."""
    order = sa.case({"spouse": 0, "partner": 0}, value=Candidate.relation, else_=1)
    return list(db.session.scalars(
        sa.select(Candidate).options(selectinload(Candidate.cases))
        .where(Candidate.company_id == principal.company_id,
               Candidate.principal_id == principal.id)
        .order_by(order, Candidate.date_of_birth, Candidate.id)))


def _normalise(data: DependantInput) -> DependantInput:
    """Trim the texts (as the candidate form does) and normalise the passport number."""
    for name in TEXT_FIELDS:
        setattr(data, name, (getattr(data, name) or "").strip())
    data.relation = data.relation or ""
    data.passport_number = normalise_passport(data.passport_number)
    return data


def _check_fields(data: DependantInput, today: date, errors: dict[str, str]) -> None:
    """Each field on its own."""
    if data.relation not in RELATIONS:
        errors["relation"] = Text("Choose spouse, partner or child.")
    for name in TEXT_FIELDS:
        if first_multi_line({name: getattr(data, name)}):
            errors[name] = Text("Enter it on one line.")
    if not data.full_name:
        errors.setdefault("full_name", Text("Enter the full name as in the passport."))
    if not data.nationality:
        errors.setdefault("nationality", Text("Enter the nationality."))
    if data.date_of_birth is None:
        errors["date_of_birth"] = Text("Enter the date of birth.")
    elif data.date_of_birth > today:
        errors["date_of_birth"] = Text("The date of birth %(date)s is in the future.",
                                       date=hkdate(data.date_of_birth))
    if not PASSPORT_PATTERN.match(data.passport_number):
        errors["passport_number"] = Text("A passport number has 5 to 30 letters and digits.")
    if data.passport_expiry is None:
        errors["passport_expiry"] = Text("Enter the passport expiry date.")


def _check_family(principal: Candidate, data: DependantInput, today: date,
                  current: Candidate | None, errors: dict[str, str]) -> None:
    """Who may be a dependant of this principal (rules/dependants.py), one partner only,
    and a passport the company has not recorded for someone else."""
    exclude_id = current.id if current is not None else None
    if principal.principal_id is not None:
        errors["relation"] = Text("%(name)s is a dependant: add dependants to their principal.",
                                  name=principal.full_name)
    unchanged = current is not None and (current.relation, current.date_of_birth) == (
        data.relation, data.date_of_birth)  # a child who has since turned 18 stays editable
    if data.relation in RELATIONS and "date_of_birth" not in errors and not unchanged:
        verdict = qualifies(data.relation, today, data.date_of_birth, unmarried=True)
        if verdict.outcome == "fail":
            errors["date_of_birth" if data.relation == "child" else "relation"] = verdict.reason
    if data.relation in PARTNERS:
        other = _partner(principal, exclude_id)
        if other is not None:
            errors.setdefault("relation", Text(
                "%(principal)s already has a spouse or partner recorded: %(name)s.",
                principal=principal.full_name, name=other.full_name))
    if "passport_number" not in errors:
        holder = find_by_passport(principal.company_id, data.passport_number, exclude_id)
        if holder is not None:
            errors["passport_number"] = Text(
                "Passport number %(number)s is already recorded for %(name)s.",
                number=data.passport_number, name=holder.full_name)


def _partner(principal: Candidate, exclude_id: int | None) -> Candidate | None:
    statement = sa.select(Candidate).where(
        Candidate.company_id == principal.company_id, Candidate.principal_id == principal.id,
        Candidate.relation.in_(PARTNERS))
    if exclude_id is not None:
        statement = statement.where(Candidate.id != exclude_id)
    return db.session.scalar(statement.limit(1))


def check_dependant(principal: Candidate, data: DependantInput, today: date,
                    current: Candidate | None = None) -> DependantInput:
    """Normalise *data* (a new dependant, or a change of *current*); raise DependantError
    with every problem found."""
    data = _normalise(data)
    errors: dict[str, str] = {}
    _check_fields(data, today, errors)
    _check_family(principal, data, today, current, errors)
    if errors:
        raise DependantError(errors)
    return data


def _values(data: DependantInput) -> dict[str, object]:
    return {name: getattr(data, name) for name in FIELDS}


def _commit(company_id: int, number: str, exclude_id: int | None) -> None:
    """Commit; a passport recorded meanwhile by another request is refused like any duplicate."""
    try:
        commit_unique(company_id, number, exclude_id)
    except CandidateError:
        raise DependantError({"passport_number": Text(
            "Passport number %(number)s is already recorded.", number=number)}) from None


def add_dependant(principal: Candidate, data: DependantInput, today: date,
                  user_id: int | None = None) -> Candidate:
    """Record a dependant of *principal* (audited); DependantError lists every problem."""
    data = check_dependant(principal, data, today)
    dependant = Candidate(company_id=principal.company_id, principal_id=principal.id,
                          **_values(data))
    db.session.add(dependant)
    db.session.flush()
    record("create", "candidate", dependant.id, company_id=principal.company_id,
           user_id=user_id, changes=diff({}, snapshot(dependant, FIELDS)),
           summary=f"{data.relation} of {principal.full_name}: {dependant.full_name}")
    _commit(principal.company_id, data.passport_number, None)
    return dependant


def update_dependant(dependant: Candidate, data: DependantInput, today: date,
                     user_id: int | None = None) -> Candidate:
    """Change a dependant's details (audited field by field)."""
    principal = db.session.get_one(Candidate, dependant.principal_id)
    data = check_dependant(principal, data, today, current=dependant)
    before = snapshot(dependant, FIELDS)
    for name, value in _values(data).items():
        setattr(dependant, name, value)
    changes = diff(before, snapshot(dependant, FIELDS))
    if changes:
        record("update", "candidate", dependant.id, company_id=dependant.company_id,
               user_id=user_id, changes=changes, summary=dependant.full_name)
    _commit(dependant.company_id, data.passport_number, dependant.id)
    return dependant


def remove_dependant(dependant: Candidate, user_id: int | None = None) -> None:
    """Delete a dependant who has no case; one with cases is refused (DependantError)."""
    has_cases = db.session.scalar(sa.select(Candidate.cases.any()).where(
        Candidate.id == dependant.id))
    if has_cases:
        raise DependantError({"relation": Text(
            "%(name)s has cases: a dependant with applications stays on record.",
            name=dependant.full_name)})
    record("delete", "candidate", dependant.id, company_id=dependant.company_id,
           user_id=user_id,
           changes={name: [value, None] for name, value in snapshot(dependant, FIELDS).items()},
           summary=dependant.full_name)
    db.session.delete(dependant)
    db.session.commit()


@dataclass(frozen=True)
class DependantRow:
    """One dependant as the principal's page lists them."""

    person: Candidate
    age: int
    application: CandidateCase | None  # their newest case
    stage_label: str
    stay_until: date | None  # the limit of stay of their case holding it now
    can_start: bool  # no open case: their own application may start
    flag: Text | None  # a child who turns 18 before the principal's limit of stay


def holding_stay(cases: Sequence[CaseT]) -> CaseT | None:
    """The case whose limit of stay is the person's permission now (the furthest one):
    in a stage of its kind that holds the stay (rules/case_kinds.py), not replaced."""
    holding = [case for case in cases if in_stay_stage(case.kind, case.stage)
               and case.limit_of_stay_until is not None and case.superseded_by_id is None]
    return max(holding, key=lambda case: (case.limit_of_stay_until, case.id), default=None)


def is_open(case: CandidateCase) -> bool:
    """Whether *case* is still open (not closed, refused or withdrawn)."""
    return not workflow_for_case(case.scheme, case.kind).stage(case.stage).terminal


def dependant_rows(principal: Candidate, today: date) -> list[DependantRow]:
    """The principal's dependants with their application, stay and age-out flag (the
    principal's cases must be loaded: their limit of stay is the dependants' horizon)."""
    held = holding_stay(principal.cases)
    horizon = held.limit_of_stay_until if held else None
    rows = []
    for person in dependants_of(principal):
        latest = person.cases[0] if person.cases else None
        stay = holding_stay(person.cases)
        flag = (age_out_warning(person.date_of_birth, horizon)
                if person.relation == "child" and horizon else None)
        rows.append(DependantRow(
            person, age_on(person.date_of_birth, today), latest,
            workflow_for_case(latest.scheme, latest.kind).label(latest.stage) if latest else "",
            stay.limit_of_stay_until if stay else None,
            not any(is_open(case) for case in person.cases), flag))
    return rows

"""Employees' current immigration status from a spreadsheet: one row per person.

Each row records the visa of a person the company already has (matched by passport
number) as a status in force, exactly as the person's page records it by hand
(tracker.people.services.check_input and status_case: a case of kind "record" in
stage "active"). A person whose status in force already says the same (scheme and
limit of stay) is unchanged, whichever case carries it, so the Workforce export of
the company imports again as nothing to do.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.candidates.services import find_by_passport, normalise_passport
from tracker.cases.services import IMPORTED_NOTE
from tracker.clock import today
from tracker.extensions import db
from tracker.i18n import N_
from tracker.imports.mapping import FieldSpec, Kind
from tracker.imports.rows import ERROR, UNCHANGED, RowCheck
from tracker.people import services as status_services
from tracker.people.workforce import person_status
from tracker.rules.text import Text

STATUS_FIELDS = (
    FieldSpec("scheme", N_("Scheme"), required=True),
    FieldSpec("visa_number", N_("Visa / e-Visa number"), required=True),
    FieldSpec("visa_issued_on", N_("Visa issue date"), "date", required=True),
    FieldSpec("limit_of_stay_until", N_("Limit of stay until"), "date", required=True),
    FieldSpec("arrived_on", N_("Arrival date"), "date", required=True),
    OWNER := FieldSpec("owner", N_("Owner")),  # an e-mail, or a user's full name
)


def find_owner(company_id: int, text: str) -> User | None:
    """The company's active user with this e-mail, else the one user with this full name."""
    text = " ".join((text or "").split())
    by_address = sa.func.lower(User.email) == text.lower()
    users = list(db.session.scalars(sa.select(User).where(
        User.company_id == company_id, User.active.is_(True),
        sa.or_(by_address, User.full_name == text)).order_by(by_address.desc()).limit(2)))
    by_email = [u for u in users if u.email.lower() == text.lower()]
    return by_email[0] if by_email else (users[0] if len(users) == 1 else None)


def owner_id(company_id: int, check: RowCheck, columns: dict[str, str]) -> int | None:
    """The row's owner (blank: none); an owner the company lacks is the row's error."""
    text = check.values.get("owner") or ""
    if not text:
        return None
    owner = find_owner(company_id, text)
    if owner is None:
        check.errors.append((columns.get("owner", "owner"), Text(
            "%(owner)s is not an active user of your company: give their e-mail.", owner=text)))
        return None
    return owner.id


def status_input(company_id: int, check: RowCheck, columns: dict[str, str]
                 ) -> status_services.StatusInput:
    values = check.values
    scheme = (values.get("scheme") or "").strip()
    known = {code.lower(): code for code in status_services.recordable_schemes()}
    return status_services.StatusInput(
        scheme=known.get(scheme.lower(), scheme), visa_number=values.get("visa_number") or "",
        visa_issued_on=values.get("visa_issued_on"),
        limit_of_stay_until=values.get("limit_of_stay_until"),
        arrived_on=values.get("arrived_on"), owner_id=owner_id(company_id, check, columns))


def check_status(company_id: int, person: Candidate, check: RowCheck,
                 columns: dict[str, str]) -> None:
    """The person's status of the row: unchanged when the status in force says the same,
    else checked by the record form's rules and built (check.record) for the write."""
    data = status_input(company_id, check, columns)
    current = person_status(company_id, person.id, today())
    if current is not None and (current.scheme, current.limit_of_stay) == (
            data.scheme, data.limit_of_stay_until):
        check.mark, check.record_id = UNCHANGED, current.case_id
        return
    try:
        data = status_services.check_input(company_id, person, data, today())
    except status_services.StatusInputError as error:
        for name, message in error.errors.items():
            column = "owner" if name == "owner_id" else name
            check.errors.append((columns.get(column, column), message))
        return
    if not check.errors:
        check.record = status_services.status_case(person, data, None, IMPORTED_NOTE)


def person_of(company_id: int, check: RowCheck, columns: dict[str, str],
              field: str = "passport_number") -> Candidate | None:
    """The company's person holding the row's passport number (else the row's error)."""
    number = normalise_passport(check.values.get(field) or "")
    person = find_by_passport(company_id, number) if number else None
    if person is None and field in columns:
        check.errors.append((columns[field], Text(
            "No one with passport number %(number)s is recorded in your company: import "
            "the candidates first.", number=number or "—")))
    return person


def check_statuses(company_id: int, checks: list[RowCheck], columns: dict[str, str]) -> None:
    """Each row's person and status; a person twice in the file refused on the second."""
    seen: dict[int, int] = {}
    for check in checks:
        person = person_of(company_id, check, columns)
        if person is None:
            continue
        if person.id in seen:
            check.errors.append((columns["passport_number"], Text(
                "Passport number %(number)s is also on row %(row)s.",
                number=person.passport_number, row=seen[person.id])))
            continue
        seen[person.id] = check.number
        check_status(company_id, person, check, columns)


def write_built(company_id: int, checks: list[RowCheck], user_id: int | None) -> int:
    """Add each row's built record (a case of *company_id* with its timeline entry); how
    many."""
    written = 0
    for check in checks:
        if check.mark == ERROR or check.record is None:
            continue
        assert check.record.company_id == company_id  # built by this company's check
        for event in getattr(check.record, "events", []):
            event.moved_by_id = user_id
        db.session.add(check.record)
        written += 1
    return written


def no_status_given(values: dict[str, Any]) -> bool:
    """Whether the row gives any of a status's facts (a dependant's status is optional)."""
    return not any(values.get(f.code) not in (None, "") for f in STATUS_FIELDS
                   if f.code != "owner")


STATUSES = Kind("statuses", N_("Employees' current status"), (
    FieldSpec("passport_number", N_("Passport number"), required=True),
    FieldSpec("full_name", N_("Full name")),  # read by people, never written
    *STATUS_FIELDS,
), check_statuses, write_built)

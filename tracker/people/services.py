"""Recording an employee already on a visa: a status as the visa shows it, no application.

HR hires an IANG graduate, a TTPS or QMAS holder, an ASSG entrant or a dependant who
may work (status.recordable_schemes) as they are. The record is a case of kind
"record" (rules/case_kinds.py), straight in stage "active", carrying the visa's
number, issue date and limit of stay and the person's arrival: from then on the
Workforce list, the dashboard counts and the limit-of-stay reminders read it like
any other status. The dates pass the stage-date rule every case move passes
(rules/stage_dates.date_problems); every problem is refused at once and nothing is
written. No HKID due date is derived from the arrival: a person already working here
registered long ago, and a reminder for it would only be noise.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from tracker.audit.services import diff, record, snapshot
from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.cases.dependants import DEPENDANT_SCHEME
from tracker.cases.models import Case, CaseStageEvent
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.people.status import recordable_schemes
from tracker.people.workforce import person_status
from tracker.rules.case_kinds import kind
from tracker.rules.stage_dates import date_problems
from tracker.rules.text import Text
from tracker.tenancy import get_in_company
from tracker.text import first_multi_line, hkdate

RECORD_KIND = "record"
RECORD_STAGE = "active"
# The timeline's first entry: the kind's own label, so one catalogue entry translates it.
RECORDED_NOTE = str(kind(RECORD_KIND).label)
FIELDS = ("kind", "scheme", "visa_number", "visa_issued_on", "limit_of_stay_until",
          "arrived_on", "owner_id")


@dataclass
class StatusInput:
    """What the record form posts (the owner id unchecked)."""

    scheme: str
    visa_number: str
    visa_issued_on: date | None
    limit_of_stay_until: date | None
    arrived_on: date | None
    owner_id: int | None = None


class StatusInputError(ValueError):
    """The record was refused; `errors` maps form field names to messages."""

    def __init__(self, errors: dict[str, Text]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


REQUIRED_DATES = {
    "visa_issued_on": Text("Enter the visa issue date shown on the visa."),
    "limit_of_stay_until": Text("Enter the limit of stay shown on the visa."),
    "arrived_on": Text("Enter the date of arrival."),
}


def _check_person(company_id: int, person: Candidate, data: StatusInput,
                  errors: dict[str, Text], today: date) -> None:
    """A dependant's visa for a dependant only; no second status beside one in force."""
    if data.scheme == DEPENDANT_SCHEME and person.principal_id is None:
        errors["scheme"] = Text("A dependant visa belongs to a dependant: link the person to "
                                "their principal first.")
    current = person_status(company_id, person.id, today)
    if current is not None:
        errors["scheme"] = Text("%(name)s already has a status in force, until %(date)s: close "
                                "that case first if it no longer holds.",
                                name=person.full_name, date=hkdate(current.limit_of_stay))


def check_input(company_id: int, person: Candidate, data: StatusInput, today: date
                ) -> StatusInput:
    """Validate and normalise *data*; raises StatusInputError with every problem found."""
    data.visa_number = (data.visa_number or "").strip()
    errors: dict[str, Text] = {}
    if data.scheme not in recordable_schemes():
        errors["scheme"] = Text("Choose a visa from the list.")
    if not data.visa_number:
        errors["visa_number"] = Text("Enter the visa number.")
    elif first_multi_line({"visa_number": data.visa_number}):
        errors["visa_number"] = Text("%(field)s cannot contain line breaks, tabs or other "
                                     "control characters.", field=Text("Visa number"))
    for name, message in REQUIRED_DATES.items():
        if getattr(data, name) is None:
            errors[name] = message
    dates = {name: getattr(data, name) for name in REQUIRED_DATES}
    for problem in date_problems({}, dates, today):
        errors.setdefault(problem.fact, problem.message)
    if data.limit_of_stay_until is not None and data.limit_of_stay_until < today:
        errors.setdefault("limit_of_stay_until", Text(
            "The limit of stay %(date)s has passed: that visa is no longer in force.",
            date=hkdate(data.limit_of_stay_until)))
    if data.owner_id is not None:
        owner = get_in_company(User, data.owner_id, company_id)
        if owner is None or not owner.active:
            errors["owner_id"] = Text("Choose an active user of your company as owner.")
    _check_person(company_id, person, data, errors, today)
    if errors:
        raise StatusInputError(errors)
    return data


def record_status(person: Candidate, data: StatusInput, today: date,
                  user_id: int | None = None) -> Case:
    """Record *person*'s visa as a status in force (a case of kind "record"), audited."""
    data = check_input(person.company_id, person, data, today)
    case = status_case(person, data, user_id, RECORDED_NOTE)
    db.session.add(case)
    db.session.flush()
    record("create", "case", case.id, company_id=case.company_id, user_id=user_id,
           changes=diff({}, snapshot(case, FIELDS)), summary=f"{data.scheme} status recorded")
    db.session.commit()
    return case


def status_case(person: Candidate, data: StatusInput, user_id: int | None, note: str) -> Case:
    """The "record" case of checked *data* with its one timeline entry (not yet added:
    an import builds it while checking and adds it when writing)."""
    case = Case(company_id=person.company_id, candidate_id=person.id, kind=RECORD_KIND,
                stage=RECORD_STAGE, stage_changed_at=utcnow(), job_title="",
                monthly_salary=None, quota_held=False, **asdict(data))
    facts = {name: snapshot(case, (name,))[name] for name in FIELDS if name != "kind"}
    case.events.append(CaseStageEvent(company_id=case.company_id, from_stage=None,
                                      to_stage=RECORD_STAGE, moved_by_id=user_id, note=note,
                                      facts=facts))
    return case

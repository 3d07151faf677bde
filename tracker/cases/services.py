"""Creating and editing cases. Every posted id is checked against the company."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from tracker.audit.services import diff, record, snapshot
from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.cases.models import Case, CaseStageEvent
from tracker.clock import today, utcnow
from tracker.extensions import db
from tracker.i18n import N_
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.rules.case_kinds import ENTRY
from tracker.rules.schemes import SCHEMES, workflow_for_case
from tracker.rules.stage_dates import date_problems
from tracker.rules.talent_list_versions import lookup, talent_list_on
from tracker.rules.text import Text, joined
from tracker.tenancy import get_in_company
from tracker.text import first_multi_line, hkdate

FIELDS = ("candidate_id", "scheme", "allotment_id", "position_id", "job_title",
          "monthly_salary", "intended_start_date", "owner_id",
          "local_recruitment_justification", "talent_list_profession")
# The first timeline entry's note (stored as it is; the case page shows it translated).
OPENED_NOTE = N_("Case opened")
# The first entry of a case or status written by an import (tracker/imports/).
IMPORTED_NOTE = N_("Imported from a spreadsheet")
# The one-line fields as the error names them ("Job title must be one line.").
ONE_LINE_FIELDS = {"job_title": Text("Job title"),
                   "talent_list_profession": Text("Talent list profession")}
# A case holding a quota is tied to that position until it gives the quota back.
QUOTA_BOUND = ("scheme", "allotment_id", "position_id")


@dataclass
class CaseInput:
    """What the case form posts (ids unchecked)."""

    candidate_id: int | None
    scheme: str
    job_title: str
    monthly_salary: int | None
    allotment_id: int | None = None
    position_id: int | None = None
    intended_start_date: date | None = None
    owner_id: int | None = None
    local_recruitment_justification: str = ""
    talent_list_profession: str = ""


class CaseInputError(ValueError):
    """The input was refused; `errors` maps form field names to messages."""

    def __init__(self, errors: dict[str, Text]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _check_people(company_id: int, data: CaseInput, errors: dict[str, Text]) -> None:
    """The candidate and owner must be the company's own (never another company's row)."""
    if get_in_company(Candidate, data.candidate_id, company_id) is None:
        errors["candidate_id"] = Text("Choose one of your company's candidates.")
    if data.owner_id is not None:
        owner = get_in_company(User, data.owner_id, company_id)
        if owner is None or not owner.active:
            errors["owner_id"] = Text("Choose an active user of your company as owner.")


def _check_quota(company_id: int, data: CaseInput, errors: dict[str, Text]) -> None:
    """Quota schemes need an allotment of the company and one of its positions."""
    if data.scheme not in SCHEMES or not SCHEMES[data.scheme].needs_quota:
        data.allotment_id = data.position_id = None
        return
    allotment = get_in_company(QuotaAllotment, data.allotment_id, company_id)
    position = get_in_company(QuotaPosition, data.position_id, company_id)
    if allotment is None:
        errors["allotment_id"] = Text("A %(scheme)s case needs one of your quota allotments.",
                                      scheme=data.scheme)
    if position is None:
        errors["position_id"] = Text("Choose the position of the allotment this case draws on.")
    elif allotment is not None and position.allotment_id != allotment.id:
        errors["position_id"] = Text("That position is not one of allotment %(reference)s's "
                                     "positions.", reference=allotment.itc_reference)


def _check_talent_list(data: CaseInput, case: Case | None, errors: dict[str, Text]) -> None:
    """A profession of the Talent List in force on the application date (the submission
    date once recorded, else today); a case keeps the one it has even if a later edition
    renamed it."""
    name = data.talent_list_profession
    if not name or (case is not None and name == case.talent_list_profession):
        return
    on = case.submitted_on if case is not None and case.submitted_on else today()
    if lookup(name, on).outcome != "pass":
        current = talent_list_on(on)
        errors["talent_list_profession"] = (
            Text("Choose a profession of the %(edition)s, in force on %(date)s.",
                 edition=current.title, date=hkdate(on)) if current else
            Text("Choose a profession of the Talent List, in force on %(date)s.",
                 date=hkdate(on)))


def _check_continued(case: Case, data: CaseInput, errors: dict[str, Text]) -> None:
    """A later case (an extension …) keeps its parent's person and scheme, and no quota."""
    data.allotment_id = data.position_id = None
    for name in ("candidate_id", "scheme"):
        if getattr(case, name) != getattr(data, name):
            errors[name] = Text("This case continues case %(case)s: its person and scheme stay "
                                "those of that case.", case=case.parent_case_id)


def check_input(company_id: int, data: CaseInput, case: Case | None = None) -> CaseInput:
    """Validate and normalise *data*; raises CaseInputError with every problem found."""
    data.job_title = " ".join((data.job_title or "").split())
    data.local_recruitment_justification = (data.local_recruitment_justification or "").strip()
    data.talent_list_profession = (data.talent_list_profession or "").strip()
    errors: dict[str, Text] = {}
    if multi_line := first_multi_line({"job_title": data.job_title,
                                       "talent_list_profession": data.talent_list_profession}):
        # The sentence of tracker.text.ONE_LINE, whole, so that it translates.
        errors[multi_line] = Text("%(field)s cannot contain line breaks, tabs or other control "
                                  "characters.", field=ONE_LINE_FIELDS[multi_line])
    if data.scheme not in SCHEMES:
        errors["scheme"] = Text("Choose a scheme from the list.")
    needs_offer = data.scheme not in SCHEMES or SCHEMES[data.scheme].needs_job_offer
    if needs_offer and not data.job_title:
        errors["job_title"] = Text("Enter the job title.")
    if (needs_offer and data.monthly_salary is None) or (
            data.monthly_salary is not None and data.monthly_salary < 0):
        errors["monthly_salary"] = Text("Enter the monthly salary in HKD (0 or more).")
    _check_talent_list(data, case, errors)
    _check_people(company_id, data, errors)
    if case is None or case.kind == ENTRY:
        _check_quota(company_id, data, errors)
    else:
        _check_continued(case, data, errors)
    if case is not None and case.quota_held:
        moved = [f for f in QUOTA_BOUND if getattr(case, f) != getattr(data, f)]
        if moved:
            errors[moved[0]] = Text("This case holds a quota of its position: its scheme, "
                                    "allotment and position cannot change.")
    if errors:
        raise CaseInputError(errors)
    return data


def create_case(company_id: int, data: CaseInput, user_id: int | None = None) -> Case:
    """Open a case in its workflow's first stage, with a first timeline entry."""
    data = check_input(company_id, data)
    first = workflow_for_case(data.scheme, ENTRY).first.code
    case = Case(company_id=company_id, stage=first, stage_changed_at=utcnow(), **asdict(data))
    db.session.add(case)
    db.session.flush()
    db.session.add(CaseStageEvent(company_id=company_id, case_id=case.id, from_stage=None,
                                  to_stage=first, moved_by_id=user_id, note=OPENED_NOTE))
    record("create", "case", case.id, company_id=company_id, user_id=user_id,
           changes=diff({}, snapshot(case, FIELDS)), summary=f"{data.scheme} case opened")
    db.session.commit()
    return case


def update_case(case: Case, data: CaseInput) -> Case:
    """Change a case's details (audited field by field)."""
    data = check_input(case.company_id, data, case)
    before = snapshot(case, FIELDS)
    for name, value in asdict(data).items():
        setattr(case, name, value)
    changes = diff(before, snapshot(case, FIELDS))
    if changes:
        record("update", "case", case.id, company_id=case.company_id, changes=changes)
    db.session.commit()
    return case


class HkidError(ValueError):
    """Recording the HKID registration was refused; `message` renders translated."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


def check_hkid_registration(case: Case, registered_on: date | None) -> date:
    """The registration date, if *case* can record it (else HkidError saying why)."""
    if case.arrived_on is None:
        raise HkidError(Text("Record the arrival first: HKID registration follows arrival."))
    if registered_on is None:
        raise HkidError(Text("Enter the registration date."))
    # The stage-date rule: not in the future, not before the arrival.
    problems = date_problems({"arrived_on": case.arrived_on},
                             {"hkid_registered_on": registered_on}, today())
    if problems:
        raise HkidError(joined(p.message for p in problems))
    return registered_on


def mark_hkid_registered(case: Case, registered_on: date | None) -> Case:
    """Record that the employee registered for an HKID card (ends that reminder)."""
    registered_on = check_hkid_registration(case, registered_on)
    before = snapshot(case, ("hkid_registered_on",))
    case.hkid_registered_on = registered_on
    record("update", "case", case.id, company_id=case.company_id,
           changes=diff(before, snapshot(case, ("hkid_registered_on",))),
           summary="HKID registration recorded")
    db.session.commit()
    return case


def form_defaults(case: Case) -> dict[str, Any]:
    """The case's editable values, to pre-fill its form."""
    return {name: getattr(case, name) for name in FIELDS}

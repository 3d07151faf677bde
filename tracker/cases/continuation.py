"""Starting the case that continues a person's stay: an extension, a change of employment.

Each is a new Case on the same person and scheme, linked to the case it continues
(Case.parent_case_id) and owned by the same user (a person joining from another employer
has no case here: their change of employment starts from their page, with no parent);
it starts in its kind's workflow (rules/case_kinds.py, rules/workflow.py) and never
takes a TechTAS quota. The parent's row (the person's, with no parent) is locked while
the checks run, so two clicks cannot open two extensions.
Approval later supersedes the parent (tracker/cases/moves.py).
"""

from __future__ import annotations

import sqlalchemy as sa

from tracker.audit.services import diff, record, snapshot
from tracker.auth.models import User
from tracker.candidates.dependants import holding_stay, is_open
from tracker.candidates.models import Candidate
from tracker.cases.models import Case, CaseStageEvent
from tracker.cases.moves import lock_case
from tracker.cases.quota import MoveRefused
from tracker.cases.services import FIELDS, OPENED_NOTE
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.rules.case_kinds import in_stay_stage
from tracker.rules.employer_change import employer_change
from tracker.rules.schemes import workflow_for_case
from tracker.rules.text import Text
from tracker.tenancy import get_in_company
from tracker.text import first_multi_line

PREVIOUS_EMPLOYER_MAX = 200  # Case.previous_employer's length


class StartRefused(ValueError):
    """Starting the case was refused (nothing was written); `message` renders translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _locked_parent(case_id: int, company_id: int) -> Case:
    try:
        return lock_case(case_id, company_id)
    except MoveRefused as refusal:
        raise StartRefused(refusal.message) from None


def open_child(parent: Case, kind: str) -> Case | None:
    """The parent's open case of *kind* (not refused, withdrawn or closed), if any."""
    children = db.session.scalars(sa.select(Case).where(
        Case.parent_case_id == parent.id, Case.company_id == parent.company_id,
        Case.kind == kind).order_by(Case.id)).all()
    return next((child for child in children
                 if not workflow_for_case(child.scheme, kind).stage(child.stage).terminal),
                None)


def _check_stay_in_force(parent: Case, kind: str) -> None:
    """The parent must hold the person's limit of stay now (arrived or active, not replaced)."""
    if parent.superseded_by_id is not None:
        raise StartRefused(Text("Case %(case)s's limit of stay was replaced by case %(newer)s: "
                                "continue from that case.", case=parent.id,
                                newer=parent.superseded_by_id))
    stage = workflow_for_case(parent.scheme, parent.kind).label(parent.stage)
    if not in_stay_stage(parent.kind, parent.stage):
        raise StartRefused(
            Text("An extension of stay starts from an arrived or active case (or an approved "
                 "extension); this case is at “%(stage)s”.", stage=stage)
            if kind == "extension" else
            Text("A change of employment starts from a case whose person is in Hong Kong "
                 "under it (arrived or active); this case is at “%(stage)s”.", stage=stage))
    if parent.limit_of_stay_until is None:
        raise StartRefused(Text("Record this case's limit of stay first: the new case "
                                "continues it."))


def _refuse_if_open(parent: Case, kind: str) -> None:
    child = open_child(parent, kind)
    if child is not None:
        raise StartRefused(
            Text("An extension of stay is already open for this case: case %(case)s.",
                 case=child.id) if kind == "extension" else
            Text("A change of employment is already open for this case: case %(case)s.",
                 case=child.id))


def _open(parent: Case, kind: str, user_id: int | None, **values: str) -> Case:
    """Add the continuing case, its first timeline entry and the audit entry; commit."""
    case = _add(Case(company_id=parent.company_id, candidate_id=parent.candidate_id,
                     scheme=parent.scheme, kind=kind, parent_case_id=parent.id,
                     owner_id=parent.owner_id, job_title=parent.job_title,
                     monthly_salary=parent.monthly_salary, **values), user_id)
    record("create", "case", case.id, company_id=case.company_id, user_id=user_id,
           changes=diff({}, snapshot(case, (*CREATED, *values))),
           summary=f"{kind} of case {parent.id} opened")
    db.session.commit()
    return case


# The columns a new case's audit entry lists (besides the values its start sets).
CREATED = (*FIELDS, "kind", "parent_case_id")


def _add(case: Case, user_id: int | None) -> Case:
    """Add *case* at its workflow's first stage with its first timeline entry (the caller
    audits and commits)."""
    first = workflow_for_case(case.scheme, case.kind).first.code
    case.stage, case.stage_changed_at, case.quota_held = first, utcnow(), False
    db.session.add(case)
    db.session.flush()
    db.session.add(CaseStageEvent(company_id=case.company_id, case_id=case.id, from_stage=None,
                                  to_stage=first, moved_by_id=user_id, note=OPENED_NOTE))
    return case


def start_extension(case_id: int, company_id: int, user_id: int | None = None) -> Case:
    """Open the extension of stay of case *case_id*: same person, scheme and owner.

    Refused (StartRefused, nothing written) unless the case is arrived or active (or
    an approved extension), has a limit of stay, and has no extension open already.
    """
    try:
        parent = _locked_parent(case_id, company_id)
        _check_stay_in_force(parent, "extension")
        _refuse_if_open(parent, "extension")
    except StartRefused:
        db.session.rollback()  # release the row lock
        raise
    return _open(parent, "extension", user_id)


def clean_employer(name: str | None) -> str:
    """The previous employer's name on one line, or StartRefused naming what is wrong."""
    text = " ".join((name or "").split())
    if first_multi_line({"previous_employer": name or ""}) or not text:
        raise StartRefused(Text("Enter the previous employer's name (one line)."))
    if len(text) > PREVIOUS_EMPLOYER_MAX:
        raise StartRefused(Text("The previous employer's name is longer than %(max)s "
                                "characters.", max=PREVIOUS_EMPLOYER_MAX))
    return text


def start_change_of_employment(case_id: int, company_id: int, previous_employer: str | None,
                               user_id: int | None = None) -> Case:
    """Open the change of employment of the person of case *case_id*, who joins from
    *previous_employer*: only for a scheme whose visa is tied to the employer
    (rules/employer_change.py); for the others the refusal says why none is needed."""
    try:
        employer = clean_employer(previous_employer)
        parent = _locked_parent(case_id, company_id)
        _check_needs_approval(parent.scheme)
        _check_stay_in_force(parent, "change_of_employment")
        _refuse_if_open(parent, "change_of_employment")
    except StartRefused:
        db.session.rollback()
        raise
    return _open(parent, "change_of_employment", user_id, previous_employer=employer)


def _check_needs_approval(scheme: str) -> None:
    """Only a visa tied to its employer needs a change of employment; for the others the
    refusal is the rule's reason why none is needed (rules/employer_change.py)."""
    change = employer_change(scheme)
    if change is None or not change.needs_approval:
        raise StartRefused(change.reason if change else Text(
            "No change-of-employment rule is recorded for this scheme."))


def _locked_person(candidate_id: int, company_id: int) -> Candidate:
    person = db.session.scalar(
        sa.select(Candidate).where(Candidate.id == candidate_id,
                                   Candidate.company_id == company_id)
        .with_for_update().execution_options(populate_existing=True))
    if person is None:
        raise StartRefused(Text("There is no such person in your company."))
    return person


def _check_owner(owner_id: int | None, company_id: int) -> None:
    if owner_id is None:
        return
    owner = get_in_company(User, owner_id, company_id)
    if owner is None or not owner.active:
        raise StartRefused(Text("Choose an active user of your company as owner."))


def _check_no_case_here(person: Candidate) -> None:
    """A person whose stay a case of this company holds changes from that case; one whose
    change of employment is open already has it."""
    cases = db.session.scalars(sa.select(Case).where(
        Case.company_id == person.company_id, Case.candidate_id == person.id)
        .order_by(Case.id)).all()
    held = holding_stay(cases)
    if held is not None:
        raise StartRefused(Text("Case %(case)s holds this person's stay: start the change of "
                                "employment from that case.", case=held.id))
    open_change = next((case for case in cases
                        if case.kind == "change_of_employment" and is_open(case)), None)
    if open_change is not None:
        raise StartRefused(Text("A change of employment is already open for this person: "
                                "case %(case)s.", case=open_change.id))


def start_joining_change(candidate_id: int, company_id: int, scheme: str,
                         previous_employer: str | None, owner_id: int | None = None,
                         user_id: int | None = None) -> Case:
    """Open the change of employment of a person joining from *previous_employer* with a
    *scheme* visa and no case at this company: a case with no parent, owned by
    *owner_id*. Refused (StartRefused, nothing written) for a visa that needs no approval
    (the rule's reason), a person whose stay a case here holds, or one already open."""
    try:
        employer = clean_employer(previous_employer)
        _check_needs_approval(scheme)
        _check_owner(owner_id, company_id)
        person = _locked_person(candidate_id, company_id)
        _check_no_case_here(person)
    except StartRefused:
        db.session.rollback()  # release the row lock
        raise
    case = _add(Case(company_id=company_id, candidate_id=person.id, scheme=scheme,
                     kind="change_of_employment", owner_id=owner_id, job_title="",
                     monthly_salary=None, previous_employer=employer), user_id)
    record("create", "case", case.id, company_id=company_id, user_id=user_id,
           changes=diff({}, snapshot(case, (*CREATED, "previous_employer"))),
           summary=f"change_of_employment of {person.full_name} from {employer} opened")
    db.session.commit()
    return case

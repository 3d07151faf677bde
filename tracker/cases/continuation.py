"""Starting the case that continues a person's stay: an extension, a change of employment.

Each is a new Case on the same person and scheme, linked to the case it continues
(Case.parent_case_id) and owned by the same user; it starts in its kind's workflow
(rules/case_kinds.py, rules/workflow.py) and never takes a TechTAS quota. The parent's
row is locked while the checks run, so two clicks cannot open two extensions.
Approval later supersedes the parent (tracker/cases/moves.py).
"""

from __future__ import annotations

import sqlalchemy as sa

from tracker.audit.services import diff, record, snapshot
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
    first = workflow_for_case(parent.scheme, kind).first.code
    case = Case(company_id=parent.company_id, candidate_id=parent.candidate_id,
                scheme=parent.scheme, kind=kind, parent_case_id=parent.id,
                owner_id=parent.owner_id, job_title=parent.job_title,
                monthly_salary=parent.monthly_salary, stage=first, stage_changed_at=utcnow(),
                quota_held=False, **values)
    db.session.add(case)
    db.session.flush()
    db.session.add(CaseStageEvent(company_id=case.company_id, case_id=case.id, from_stage=None,
                                  to_stage=first, moved_by_id=user_id, note=OPENED_NOTE))
    fields = (*FIELDS, "kind", "parent_case_id", *values)
    record("create", "case", case.id, company_id=case.company_id, user_id=user_id,
           changes=diff({}, snapshot(case, fields)),
           summary=f"{kind} of case {parent.id} opened")
    db.session.commit()
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
        change = employer_change(parent.scheme)
        if change is None or not change.needs_approval:
            raise StartRefused(change.reason if change else Text(
                "No change-of-employment rule is recorded for this scheme."))
        _check_stay_in_force(parent, "change_of_employment")
        _refuse_if_open(parent, "change_of_employment")
    except StartRefused:
        db.session.rollback()
        raise
    return _open(parent, "change_of_employment", user_id, previous_employer=employer)

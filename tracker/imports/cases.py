"""Cases from a spreadsheet, each at its current stage with that stage's facts.

A new case is checked by the case form's own rules (tracker.cases.services.check_input:
scheme, job offer, candidate, owner, TechTAS allotment and position), then walked from
its workflow's first stage to the row's stage through tracker.cases.moves.apply_move,
the rules of every stage move made by hand: the facts each stage records, the dates in
order and not in the future, eligibility and the quota taken on submission, the quota
given back on a refusal or withdrawal. Nothing is committed here: the preview rolls back
what the walk did (the quotas taken on trial), the write commits it. The case's timeline
gets one entry at its stage, marked as imported, with every fact recorded and the stages
walked (its stepper shows them done): the Reports count the case from the day it was
imported, never as days spent in the stages walked.

A status recorded as the visa shows it (kind "record") is checked as the Workforce import
checks it (tracker/imports/statuses.py). A row matches a case of the company by its case
reference (the export's "Case" column), else by its ImmD reference, else by the person,
scheme, kind and submission date; a matched case is unchanged when the row says what it
records, else refused (move or correct it on its page).
"""

from __future__ import annotations

from collections import deque
from typing import Any

import sqlalchemy as sa

from tracker.audit.services import json_safe
from tracker.candidates.models import Candidate
from tracker.cases import services as case_services
from tracker.cases.models import Case, CaseStageEvent
from tracker.cases.moves import MoveRefused, apply_move
from tracker.cases.progress import PASSED_STAGES
from tracker.clock import today, utcnow
from tracker.extensions import db
from tracker.i18n import N_
from tracker.imports.mapping import FieldSpec, Kind, folded, spellings
from tracker.imports.rows import UNCHANGED, RowCheck
from tracker.imports.statuses import (
    IMPORTED_NOTE,
    OWNER,
    check_status,
    owner_id,
    person_of,
    write_built,
)
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.quotas.usage import return_quota
from tracker.rules.case_kinds import KINDS
from tracker.rules.schemes import SCHEMES, workflow_for_case
from tracker.rules.text import Text
from tracker.rules.workflow import SUBMISSION_CHANNEL, Workflow

IMPORTED_KINDS = ("entry", "record")  # a later case (extension …) continues one: not here
KIND_CHOICES = tuple((code, str(k.label)) for code, k in KINDS.items())
CHANNEL_CHOICES = tuple((code, str(label)) for code, label in SUBMISSION_CHANNEL.choices)
FACTS = (
    FieldSpec("submitted_on", N_("Submission date"), "date", aliases=(N_("Submitted on"),)),
    FieldSpec("submission_channel", N_("Submitted online or on paper"), "choice",
              choices=CHANNEL_CHOICES),
    FieldSpec("immd_reference", N_("ImmD reference")),
    FieldSpec("info_requested_on", N_("Date ImmD asked for more information"), "date"),
    FieldSpec("approved_on", N_("Approval date"), "date"),
    FieldSpec("visa_issued_on", N_("Visa issue date"), "date"),
    FieldSpec("visa_number", N_("Visa / e-Visa number")),
    FieldSpec("limit_of_stay_until", N_("Limit of stay until"), "date"),
    FieldSpec("arrived_on", N_("Arrival date"), "date"),
)
FACT_NAMES = tuple(f.code for f in FACTS)
# Recorded on the case page after arrival (not a stage fact): checked by its own rule.
HKID_REGISTERED = FieldSpec("hkid_registered_on", N_("HKID registered on"), "date")
CASE_FIELDS = (
    FieldSpec("case_reference", N_("Case reference"), "int", aliases=(N_("Case"),)),
    FieldSpec("passport_number", N_("Passport number"), required=True),
    FieldSpec("scheme", N_("Scheme"), required=True),
    FieldSpec("kind", N_("Kind of case"), "choice", choices=KIND_CHOICES),
    FieldSpec("stage", N_("Stage"), required=True),
    FieldSpec("job_title", N_("Job title")),
    FieldSpec("monthly_salary", N_("Monthly salary (HKD)"), "int"),
    FieldSpec("intended_start_date", N_("Intended start date"), "date"),
    OWNER,
    FieldSpec("itc_reference", N_("ITC reference")),
    FieldSpec("position", N_("Position")),
    FieldSpec("talent_list_profession", N_("Talent list profession")),
    FieldSpec("local_recruitment_justification", N_("Local recruitment justification")),
    *FACTS,
    HKID_REGISTERED,
)
FORM_COLUMNS = {"candidate_id": "passport_number", "owner_id": "owner",
                "allotment_id": "itc_reference", "position_id": "position"}


def check_cases(company_id: int, checks: list[RowCheck], columns: dict[str, str]) -> None:
    """Each row in file order (an earlier row's quota counts for the next); the same case
    reference or ImmD reference twice in the file refused on the second."""
    seen: dict[tuple[str, str], int] = {}
    for check in checks:
        for key in ("case_reference", "immd_reference"):
            value = folded(str(check.values.get(key) or ""))
            if value and (key, value) in seen:
                check.errors.append((columns[key], Text(
                    "%(value)s is also on row %(row)s.", value=check.values[key],
                    row=seen[key, value])))
            elif value:
                seen[key, value] = check.number
        if not check.errors:
            check_case(company_id, check, columns)


def check_case(company_id: int, check: RowCheck, columns: dict[str, str]) -> None:
    """One row: its person, kind and scheme, then the case it matches or the new one."""
    person = person_of(company_id, check, columns)
    kind = check.values.get("kind") or "entry"
    if kind not in IMPORTED_KINDS:
        check.errors.append((columns.get("kind", "kind"), Text(
            "Only entry applications and recorded statuses are imported: open a later case "
            "(an extension, a dependant's application …) from its person's case.")))
    if person is None or check.errors:
        return
    if kind == "record":
        check_status(company_id, person, check, columns)
        return
    scheme = _scheme(check.values.get("scheme") or "")
    if scheme is None:
        check.errors.append((columns["scheme"], Text("Choose a scheme from the list.")))
        return
    workflow = workflow_for_case(scheme, kind)
    stage = _stage(workflow, check.values.get("stage") or "")
    if stage is None:
        check.errors.append((columns["stage"], Text(
            "%(stage)s is not a stage of a %(scheme)s case.",
            stage=check.values.get("stage") or "—", scheme=scheme)))
        return
    existing = matched_case(company_id, person.id, scheme, kind, check.values)
    if existing is not None:
        _compare(existing, stage, check, columns)
    else:
        _check_new(company_id, person, scheme, workflow, stage, check, columns)


def _scheme(text: str) -> str | None:
    return next((code for code in SCHEMES if code.lower() == text.strip().lower()), None)


def _stage(workflow: Workflow, text: str) -> str | None:
    """The workflow's stage named by its code or its label in any language."""
    return next((s.code for s in workflow.stages
                 if folded(text) == s.code or folded(text) in spellings(s.label)), None)


def matched_case(company_id: int, person_id: int, scheme: str, kind: str,
                 values: dict[str, Any]) -> Case | None:
    """The company's case the row names: by case reference, ImmD reference, or person,
    scheme, kind and submission date (another company's case is never read)."""
    mine = sa.select(Case).where(Case.company_id == company_id)
    if values.get("case_reference"):
        found = db.session.scalar(mine.where(Case.id == values["case_reference"],
                                             Case.candidate_id == person_id))
        if found is not None:
            return found
    if values.get("immd_reference"):
        found = db.session.scalar(mine.where(
            sa.func.lower(Case.immd_reference) == values["immd_reference"].lower()))
        if found is not None:
            return found
    return db.session.scalar(mine.where(
        Case.candidate_id == person_id, Case.scheme == scheme, Case.kind == kind,
        Case.submitted_on.is_(None) if values.get("submitted_on") is None
        else Case.submitted_on == values["submitted_on"]).order_by(Case.id.desc()).limit(1))


def _compare(existing: Case, stage: str, check: RowCheck, columns: dict[str, str]) -> None:
    """Unchanged when the row says what the case records; else refused."""
    differs = [name for name in ("job_title", "monthly_salary", *FACT_NAMES,
                                 HKID_REGISTERED.code)
               if check.values.get(name) not in (None, "")
               and check.values[name] != getattr(existing, name)]
    if existing.stage == stage and not differs:
        check.mark, check.record_id = UNCHANGED, existing.id
        return
    column = columns.get(differs[0], differs[0]) if differs else columns["stage"]
    check.errors.append((column, Text(
        "Case %(case)s is recorded with other details: move or correct it on its page.",
        case=existing.id)))


def _check_new(company_id: int, person: Candidate, scheme: str, workflow: Workflow,
               stage: str, check: RowCheck, columns: dict[str, str]) -> None:
    """The case form's checks, then the walk to *stage* by the stage-move rules."""
    path = walk_path(workflow, stage, check.values)
    walked = {fact.name for code in path for fact in workflow.stage(code).facts}
    for name in FACT_NAMES:
        if check.values.get(name) not in (None, "") and name not in walked:
            check.errors.append((columns.get(name, name), Text(
                "A case at stage '%(stage)s' has not recorded this yet.",
                stage=workflow.label(stage))))
    case = _new_case(company_id, person, scheme, workflow, check, columns)
    if case is None or check.errors:
        return
    try:
        for code in path:
            apply_move(case, code, _facts(check.values), today())
    except MoveRefused as refusal:
        if case.quota_held and case.position is not None:
            return_quota(case.position.id)  # this row's trial quota, not the next row's
        check.errors.append((columns["stage"], refusal.message))
        return
    if not _hkid_registered(case, check, columns):
        return
    recorded = {name: json_safe(getattr(case, name))
                for name in (*FACT_NAMES, HKID_REGISTERED.code)
                if getattr(case, name) not in (None, "")}
    # The stages walked, for the stepper to show them done (not as days spent in them).
    recorded[PASSED_STAGES] = list(dict.fromkeys([workflow.first.code, *path]))
    case.events.append(CaseStageEvent(company_id=company_id, from_stage=None,
                                      to_stage=case.stage, note=IMPORTED_NOTE,
                                      facts=recorded))
    check.record = case


def _hkid_registered(case: Case, check: RowCheck, columns: dict[str, str]) -> bool:
    """The row's HKID registration date set on the walked case, if it can record it
    (cases.services.check_hkid_registration, the case page's rule); False: refused."""
    registered_on = check.values.get("hkid_registered_on")
    if registered_on is None:
        return True
    try:
        case.hkid_registered_on = case_services.check_hkid_registration(case, registered_on)
    except case_services.HkidError as error:
        if case.quota_held and case.position is not None:
            return_quota(case.position.id)
        check.errors.append((columns.get(HKID_REGISTERED.code, HKID_REGISTERED.code),
                             error.message))
        return False
    return True


def _facts(values: dict[str, Any]) -> dict[str, Any]:
    return {name: values[name] for name in FACT_NAMES if values.get(name) not in (None, "")}


def walk_path(workflow: Workflow, stage: str, values: dict[str, Any]) -> list[str]:
    """The moves from the workflow's first stage to *stage*, forward only. A refused or
    withdrawn case ends from the furthest stage whose facts the row gives."""
    forward = _forward_paths(workflow)
    given = {name for name in FACT_NAMES if values.get(name) not in (None, "")}
    if stage in forward:
        return _with_detours(workflow, forward[stage], given)
    for code in reversed(workflow.open_codes()):
        path = forward.get(code)
        if path is None or stage not in workflow.allowed_moves(code):
            continue
        needed = {f.name for c in path for f in workflow.stage(c).facts if f.required}
        if needed <= given:
            return [*_with_detours(workflow, path, given), stage]
    return [stage]


def _with_detours(workflow: Workflow, path: list[str], given: set[str]) -> list[str]:
    """*path* with each side stage whose facts the row gives visited where it returns
    (a request for information, then the re-submission)."""
    for side in workflow.stages:
        if side.code in path or not given & {f.name for f in side.facts}:
            continue
        for index, code in enumerate(path):
            if side.code in workflow.stage(code).next and code in side.next:
                path = [*path[:index + 1], side.code, *path[index:]]
                break
    return path


def _forward_paths(workflow: Workflow) -> dict[str, list[str]]:
    """Each stage reachable by the stages' own next moves, with the shortest walk to it."""
    first = workflow.first.code
    paths: dict[str, list[str]] = {first: []}
    queue = deque([first])
    while queue:
        code = queue.popleft()
        for following in workflow.stage(code).next:
            if following not in paths:
                paths[following] = [*paths[code], following]
                queue.append(following)
    return paths


def _new_case(company_id: int, person: Candidate, scheme: str, workflow: Workflow,
              check: RowCheck, columns: dict[str, str]) -> Case | None:
    """The case as the case form would open it (not added to the session), or None."""
    values = check.values
    allotment, position = _quota(company_id, values)
    data = case_services.CaseInput(
        candidate_id=person.id, scheme=scheme, job_title=values.get("job_title") or "",
        monthly_salary=values.get("monthly_salary"),
        allotment_id=allotment.id if allotment else None,
        position_id=position.id if position else None,
        intended_start_date=values.get("intended_start_date"),
        owner_id=owner_id(company_id, check, columns),
        local_recruitment_justification=values.get("local_recruitment_justification") or "",
        talent_list_profession=values.get("talent_list_profession") or "")
    try:
        data = case_services.check_input(company_id, data)
    except case_services.CaseInputError as error:
        for name, message in error.errors.items():
            column = FORM_COLUMNS.get(name, name)
            check.errors.append((columns.get(column, column), message))
        return None
    case = Case(company_id=company_id, kind="entry", stage=workflow.first.code,
                stage_changed_at=utcnow(), quota_held=False, submission_channel="",
                previous_employer="", immd_reference="", visa_number="",
                **vars(data))
    case.candidate, case.allotment, case.position = person, allotment, position
    return case


def _quota(company_id: int, values: dict[str, Any]
           ) -> tuple[QuotaAllotment | None, QuotaPosition | None]:
    """The company's allotment by ITC reference and its position by title (the only
    position when the row names none)."""
    reference = (values.get("itc_reference") or "").strip()
    if not reference:
        return None, None
    allotment = db.session.scalar(sa.select(QuotaAllotment).where(
        QuotaAllotment.company_id == company_id,
        sa.func.lower(QuotaAllotment.itc_reference) == reference.lower()))
    if allotment is None:
        return None, None
    title = folded(values.get("position") or "")
    positions = list(allotment.positions)
    chosen = [p for p in positions if folded(p.job_title) == title] if title else positions
    return allotment, chosen[0] if len(chosen) == 1 else None


def write_cases(company_id: int, checks: list[RowCheck], user_id: int | None) -> int:
    """Add each new case built by the check (the caller commits); how many."""
    return write_built(company_id, checks, user_id)


CASES = Kind("cases", N_("Cases"), CASE_FIELDS, check_cases, write_cases)


"""Moving a case between stages: the one service every stage change goes through.

It follows rules/workflow.py: which moves are allowed, which facts each stage
records, which stage submits the application (eligibility gate, quota taken,
document warning) and which stages give a quota back, and rules/stage_dates.py:
no stage date in the future, and the dates in the order of the stages. A
refused move raises MoveRefused and leaves everything as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from tracker.audit.services import diff, json_safe, record, snapshot
from tracker.cases import eligibility
from tracker.cases.models import Case, CaseStageEvent
from tracker.cases.quota import MoveRefused, claim_quota, release_quota
from tracker.clock import today, utcnow
from tracker.documents.checklist import missing_required_documents
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment
from tracker.rules import extension
from tracker.rules.case_kinds import kind as case_kind
from tracker.rules.schemes import workflow_for_case
from tracker.rules.stage_dates import DATES, date_problems
from tracker.rules.text import Text, joined
from tracker.rules.workflow import Stage, Workflow, derived_values
from tracker.text import hkdate
from tracker.validators import date_in_range, date_range_message

__all__ = ["MoveRefused", "MoveResult", "Step", "apply_move", "lock_case", "move_case",
           "recorded_dates"]


@dataclass
class MoveResult:
    case: Case
    event: CaseStageEvent
    # Texts: the view shows them in the reader's language.
    warnings: list[Text] = field(default_factory=list)  # e.g. documents still missing
    notices: list[Text] = field(default_factory=list)  # e.g. quota taken or returned


def lock_case(case_id: int, company_id: int) -> Case:
    """Load the case with what the rules read, locking its row until commit (PostgreSQL).

    Moves and corrections of the same case therefore run one after the other.
    """
    case = db.session.scalar(
        sa.select(Case).where(Case.id == case_id, Case.company_id == company_id)
        .options(joinedload(Case.candidate), joinedload(Case.position),
                 joinedload(Case.allotment).selectinload(QuotaAllotment.positions),
                 selectinload(Case.documents))
        .with_for_update(of=Case)
        .execution_options(populate_existing=True))  # fresh state once the lock is ours
    if case is None:
        raise MoveRefused(Text("There is no such case in your company."))
    return case


def listed(items: Sequence[str]) -> str:
    """*items* as a list in the reader's language: "a, b, c" ("a、b、c" in Chinese)."""
    text = items[-1]
    for item in reversed(items[:-1]):
        text = Text("%(item)s, %(rest)s", item=item, rest=text)
    return text


def _check_move(workflow: Workflow, current: str, to_stage: str) -> Stage:
    allowed = workflow.allowed_moves(current)
    if to_stage not in allowed:
        label = workflow.label
        options = (listed([Text("'%(stage)s'", stage=label(c)) for c in allowed])
                   if allowed else Text("none (the case is over)"))
        raise MoveRefused(Text("A case in '%(current)s' cannot move to '%(target)s'. "
                               "Allowed: %(options)s.", current=label(current),
                               target=label(to_stage), options=options))
    return workflow.stage(to_stage)


def _check_facts(target: Stage, facts: dict[str, Any]) -> dict[str, Any]:
    """The target stage's facts, typed and complete; derived dates added."""
    values: dict[str, Any] = {}
    missing = []
    for fact in target.facts:
        value = facts.get(fact.name)
        if fact.kind == "text":
            value = (value or "").strip()
            if value and fact.choices and value not in dict(fact.choices):
                raise MoveRefused(Text("%(fact)s: choose one of %(options)s.", fact=fact.label,
                                       options=listed([label for _, label in fact.choices])))
        elif value is not None and not isinstance(value, date):
            raise MoveRefused(Text("%(fact)s must be a date.", fact=fact.label))
        elif value is not None and not date_in_range(value):  # 31/12/9999 + 30 days overflows
            raise MoveRefused(Text("%(fact)s: %(problem)s", fact=fact.label,
                                   problem=date_range_message()))
        if value:
            values[fact.name] = value  # a blank optional fact keeps the case's earlier value
        elif fact.required:
            missing.append(fact.label)
    if missing:
        raise MoveRefused(Text("Enter the %(facts)s for '%(stage)s'.",
                               facts=listed(missing), stage=target.label))
    return values


def recorded_dates(case: Case) -> dict[str, date | None]:
    """The case's stage dates, as rules/stage_dates.py reads them."""
    return {name: getattr(case, name) for name in DATES}


def _check_dates(case: Case, values: dict[str, Any], on: date) -> None:
    """Refuse dates in the future or out of the stages' order, naming each."""
    problems = date_problems(recorded_dates(case), values, on)
    if problems:
        raise MoveRefused(joined(p.message for p in problems))


def _check_channel(case: Case, values: dict[str, Any]) -> None:
    """An extension under QMAS, TechTAS, IANG or ASSG is filed online only (rules/extension.py)."""
    channel = values.get("submission_channel")
    if case.kind == "extension" and channel and channel not in extension.channels(case.scheme):
        raise MoveRefused(Text("%(scheme)s extensions of stay are filed online only.",
                               scheme=case.scheme))


def _check_new_limit(case: Case, values: dict[str, Any]) -> None:
    """An extension's new limit of stay comes after the limit it extends."""
    limit = values.get("limit_of_stay_until")
    extended = case.parent.limit_of_stay_until if case.parent is not None else None
    if case.kind == "extension" and limit and extended and limit <= extended:
        raise MoveRefused(Text("The new limit of stay must be after the limit it extends "
                               "(%(date)s).", date=hkdate(extended)))


def _submission_gate(case: Case, on: date, applied_on: date | None = None
                     ) -> tuple[list[Text], list[Text]]:
    """Eligibility on the submission date (refuses), quota (refuses or notes), documents (warns).

    The admission rules apply to an entry application and a change of employment (a new
    application for the post), the quota to an entry only (tracker/cases/quota.py); an
    extension is checked for its documents only.
    """
    if case_kind(case.kind).admission_rules:
        blocking = eligibility.blocking_failures(case, on, applied_on)
        if blocking:
            raise MoveRefused(eligibility.refusal_message(blocking))
    notices = [n for n in [claim_quota(case, on, applied_on)] if n]
    missing = missing_required_documents(case)
    warnings = [Text("Submitted with required documents missing: %(documents)s.",
                     documents=listed([d.label for d in missing]))] if missing else []
    return warnings, notices


def supersede_parent(case: Case, user_id: int | None) -> Text | None:
    """A continuing case that records its limit of stay replaces its parent's (caller commits).

    The parent's stay reminders and limit-of-stay attention stop (they skip superseded
    cases); from now on this case's limit drives them.
    """
    if not case_kind(case.kind).continues_stay or case.parent_case_id is None:
        return None
    parent = db.session.scalar(sa.select(Case).where(
        Case.id == case.parent_case_id, Case.company_id == case.company_id).with_for_update())
    if parent is None or parent.superseded_by_id == case.id:
        return None
    before = snapshot(parent, ("superseded_by_id",))
    parent.superseded_by_id = case.id
    record("update", "case", parent.id, company_id=parent.company_id, user_id=user_id,
           changes=diff(before, snapshot(parent, ("superseded_by_id",))),
           summary=f"limit of stay replaced by case {case.id}")
    return Text("The limit of stay of case %(case)s is replaced by this one: its reminders "
                "stop, and this case's limit of stay drives the next ones.", case=parent.id)


@dataclass
class Step:
    """A move checked and applied to a case in the session, not yet recorded nor committed."""

    current: Stage
    target: Stage
    values: dict[str, Any]  # the facts set on the case, derived dates included
    before: dict[str, Any]  # the audit snapshot taken before the move
    warnings: list[Text] = field(default_factory=list)
    notices: list[Text] = field(default_factory=list)


def apply_move(case: Case, to_stage: str, facts: dict[str, Any], on: date) -> Step:
    """Every rule of a move of *case* to *to_stage* on *on*, then the move set on the case.

    The one place a stage change is judged: the move allowed, the stage's facts, the
    channel, the new limit, the dates, the submission gate (eligibility, quota taken)
    and the quota given back. *case* may be new and not yet in the session (an import
    walks it to its stage this way). Raises MoveRefused; a quota taken stays taken
    until the caller commits or rolls back.
    """
    workflow = workflow_for_case(case.scheme, case.kind)
    current = workflow.stage(case.stage)
    target = _check_move(workflow, case.stage, to_stage)
    values = _check_facts(target, facts)
    _check_channel(case, values)
    _check_new_limit(case, values)
    _check_dates(case, values, on)
    values |= derived_values(values, case.candidate.date_of_birth)
    step = Step(current, target, values, snapshot(case, ("stage", "quota_held", *values)))
    if target.submits_application:
        step.warnings, step.notices = _submission_gate(case, on, values.get("submitted_on"))
    if target.returns_quota:
        step.notices += [n for n in [release_quota(case, current, on)] if n]
    case.stage, case.stage_changed_at = target.code, utcnow()
    for name, value in values.items():
        setattr(case, name, value)
    return step


def move_case(case_id: int, company_id: int, to_stage: str, *, note: str = "",
              facts: dict[str, Any] | None = None, user_id: int | None = None) -> MoveResult:
    """Move a case to *to_stage*, recording the event and an audit entry; one commit."""
    try:
        case = lock_case(case_id, company_id)
        step = apply_move(case, to_stage, facts or {}, today())
    except MoveRefused:
        db.session.rollback()  # release the row lock, undo any quota taken
        raise
    current, target, values, notices = step.current, step.target, step.values, step.notices
    if "limit_of_stay_until" in values:
        notices += [n for n in [supersede_parent(case, user_id)] if n]
    event = CaseStageEvent(company_id=company_id, case_id=case.id, from_stage=current.code,
                           to_stage=target.code, moved_by_id=user_id, note=(note or "").strip(),
                           facts={k: json_safe(v) for k, v in values.items()} or None)
    db.session.add(event)
    record("stage", "case", case.id, company_id=company_id, user_id=user_id,
           changes=diff(step.before, snapshot(case, step.before.keys())),
           summary=f"{current.label} → {target.label}")
    db.session.commit()
    return MoveResult(case, event, step.warnings, notices)

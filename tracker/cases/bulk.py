"""Bulk actions on the case list: assign an owner, move, mark a document received.

Each selected case is handled on its own, through the service a single case
uses (tracker.cases.moves.move_case, tracker.documents.services.set_status), in
its own transaction with its own audit entry (and, for a move, its timeline
event): one refused case never holds the others back. Ids that are not the
company's cases are refused like a missing case, and nothing is done to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from tracker.audit.services import diff, record, snapshot
from tracker.auth.models import User
from tracker.cases.models import Case
from tracker.cases.moves import MoveRefused, move_case
from tracker.documents import services as documents
from tracker.documents.checklist import case_items
from tracker.extensions import db
from tracker.rules.case_checklists import checklist_for
from tracker.rules.case_kinds import KINDS
from tracker.rules.schemes import SCHEMES, workflow_for_case
from tracker.rules.text import Text
from tracker.tenancy import get_in_company
from tracker.text import passport_name

# At most this many cases per request (the list shows 25 a page).
MAX_CASES = 100
NO_SUCH_CASE = Text("There is no such case in your company.")


@dataclass
class Refused:
    case_id: int
    name: str  # the candidate as in the passport ("" for an id that is not the company's)
    reason: Text


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def _cases(company_id: int, case_ids: list[int]) -> dict[int, Case]:
    """The company's cases among *case_ids* (with their candidates and documents)."""
    cases = db.session.scalars(
        sa.select(Case).where(Case.company_id == company_id, Case.id.in_(case_ids))
        .options(joinedload(Case.candidate), selectinload(Case.documents))).unique()
    return {case.id: case for case in cases}


def _each(company_id: int, case_ids: list[int],
          act: Callable[[Case], bool]) -> BulkResult:
    """Run *act* on each of the company's cases among *case_ids* (in the order given);
    it returns whether it changed something, or raises MoveRefused / DocumentError."""
    result = BulkResult()
    ids = list(dict.fromkeys(case_ids))[:MAX_CASES]
    cases = _cases(company_id, ids)
    names = {case_id: passport_name(case.candidate.full_name, case.candidate.chinese_name)
             for case_id, case in cases.items()}
    for case_id in ids:
        case = cases.get(case_id)
        if case is None:
            result.refused.append(Refused(case_id, "", NO_SUCH_CASE))
            continue
        try:
            changed = act(case)
        except (MoveRefused, documents.DocumentError) as refusal:
            db.session.rollback()
            # A DocumentError's message is an N_ constant or a Text: a Text renders translated.
            message = refusal.message
            reason = message if isinstance(message, Text) else Text(message)
            result.refused.append(Refused(case_id, names[case_id], reason))
            continue
        (result.done if changed else result.unchanged).append(case_id)
    return result


def not_the_companys(company_id: int, case_ids: list[int]) -> list[int]:
    """Those of *case_ids* that are not cases of the company (one statement)."""
    ids = list(dict.fromkeys(case_ids))
    found = set(db.session.scalars(sa.select(Case.id).where(Case.company_id == company_id,
                                                            Case.id.in_(ids))))
    return [case_id for case_id in ids if case_id not in found]


def assign_owner(company_id: int, case_ids: list[int], owner_id: int,
                 user_id: int | None = None) -> BulkResult:
    """Make *owner_id* (an active user of the company) the owner of each case."""
    owner = get_in_company(User, owner_id, company_id)
    if owner is None or not owner.active:
        raise MoveRefused(Text("Choose an active user of your company as owner."))

    def act(case: Case) -> bool:
        if case.owner_id == owner.id:
            return False
        before = snapshot(case, ("owner_id",))
        case.owner_id = owner.id
        record("update", "case", case.id, company_id=company_id, user_id=user_id,
               changes=diff(before, snapshot(case, ("owner_id",))),
               summary=f"owner set to {owner.full_name} (bulk)")
        db.session.commit()
        return True

    return _each(company_id, case_ids, act)


def step_facts(case: Case, to_stage: str, on: date) -> dict[str, date]:
    """The target stage's dates of the step (submitted_on, approved_on…) set to *on*.

    Other facts (a limit of stay, a visa number) differ per case: a move that
    requires one is refused with the rule's reason, to be made on the case page.
    """
    workflow = workflow_for_case(case.scheme, case.kind)
    if to_stage not in workflow.by_code:
        return {}
    return {fact.name: on for fact in workflow.stage(to_stage).facts
            if fact.kind == "date" and fact.name.endswith("_on")}


def move_cases(company_id: int, case_ids: list[int], to_stage: str, on: date,
               user_id: int | None = None) -> BulkResult:
    """Move each case to *to_stage* where its workflow allows it (move_case's rules)."""
    def act(case: Case) -> bool:
        move_case(case.id, company_id, to_stage, facts=step_facts(case, to_stage, on),
                  user_id=user_id)
        return True

    return _each(company_id, case_ids, act)


def mark_received(company_id: int, case_ids: list[int], code: str, on: date
                  ) -> BulkResult:
    """Mark checklist item *code* received on *on*, for each case whose checklist has it."""
    def act(case: Case) -> bool:
        item = next((item for item in case_items(case) if item.code == code), None)
        if item is None:
            raise MoveRefused(Text("Its checklist has no such document."))
        return documents.set_status(case, item, "received", on)

    return _each(company_id, case_ids, act)


def document_choices(on: date) -> list[tuple[str, Text]]:
    """Every checklist item of any scheme and kind, once, by its first label."""
    items: dict[str, Text] = {}
    for scheme in SCHEMES:
        for kind in KINDS:
            for item in checklist_for(scheme, kind, on):
                items.setdefault(item.code, item.label)
    return sorted(items.items(), key=lambda pair: str(pair[1]))

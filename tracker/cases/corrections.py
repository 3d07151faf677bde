"""Correcting a recorded fact of a case: with a reason, audited, and what follows from it follows.

A typo in a submission date or a visa number must not stay for good. Staff
correct one fact at a time (rules/workflow.py CORRECTABLE) and say why. The
corrected value passes the same checks as when it was recorded
(rules/stage_dates.py: no date in the future, dates in the stages' order); the
dates derived from it are worked out again (the HKID due date from the
arrival); the reminder ledger keys each reminder by its date, so a corrected
limit of stay or HKID due date starts a new series and the old date's
reminders are skipped when their turn comes (reminders/content.py). A case
holding a TechTAS quota keeps it only for a submission date within the
allotment's validity: a correction outside it is refused, never a quota
over-used or silently returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.audit.services import diff, record, snapshot
from tracker.auth.models import User
from tracker.cases.models import Case, CaseStageEvent
from tracker.cases.moves import MoveRefused, lock_case, recorded_dates
from tracker.cases.quota import validity_problem
from tracker.clock import today as clock_today
from tracker.extensions import db
from tracker.permissions import Role
from tracker.rules.stage_dates import date_problems
from tracker.rules.text import Text, joined
from tracker.rules.workflow import (
    DERIVED_FACTS,
    Fact,
    all_stages,
    correctable_facts,
    derived_values,
)
from tracker.text import hkdate
from tracker.validators import date_in_range, date_range_message

REASON_MAX = 500
TEXT_MAX = 60  # the text facts' columns (String(60))


class CorrectionRefused(ValueError):
    """A correction was refused; nothing was changed. `problems` lists every reason."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(joined(problems))
        self.problems = problems


@dataclass
class CorrectionResult:
    case: Case
    changes: dict[str, list[Any]]  # {fact: [old, new]}, derived facts included
    notices: list[Text] = field(default_factory=list)


def shown(value: Any) -> str:
    """A fact's value in a message (dates DD/MM/YYYY, blank text as a dash)."""
    if isinstance(value, date):
        return hkdate(value)
    return str(value) if value not in (None, "") else "—"


def _typed(fact: Fact, value: Any) -> tuple[Any, Text | None]:
    """*value* as the fact stores it, or the reason it cannot be."""
    if fact.kind == "text":
        text = (value or "").strip() if isinstance(value, str) or value is None else None
        if text is None:
            return None, Text("%(fact)s must be text.", fact=fact.label)
        if len(text) > TEXT_MAX:
            return None, Text("%(fact)s must be %(number)s characters or fewer.",
                              fact=fact.label, number=TEXT_MAX)
        if not text and fact.required:
            return None, Text("%(fact)s cannot be left blank.", fact=fact.label)
        return text, None
    if value is None:
        return None, Text("%(fact)s cannot be left blank.", fact=fact.label)
    if not isinstance(value, date):
        return None, Text("%(fact)s must be a date.", fact=fact.label)
    if not date_in_range(value):
        return None, Text("%(fact)s: %(problem)s", fact=fact.label, problem=date_range_message())
    return value, None


def stage_recorded(case: Case, name: str) -> bool:
    """Whether the facts of the stage recording *name* were recorded on *case*.

    Then *name* can be corrected, or filled in when it is blank: an optional
    ImmD reference, or the visa issue date of a visa recorded before the
    tracker asked for it.
    """
    siblings = next((tuple(f.name for f in stage.facts) for stage in all_stages().values()
                     if any(f.name == name for f in stage.facts)), (name,))
    return any(getattr(case, sibling) not in (None, "") for sibling in siblings)


def correction_problems(case: Case, name: str, value: Any, today: date) -> list[Text]:
    """Every reason *name* of *case* cannot be corrected to *value* on *today* (none: it can)."""
    fact = correctable_facts().get(name)
    if fact is None:
        return [Text("That fact cannot be corrected here.")]
    if not stage_recorded(case, name):
        return [Text("%(fact)s is not recorded on this case: record it with a stage move.",
                     fact=fact.label)]
    old = getattr(case, name)
    new, problem = _typed(fact, value)
    if problem:
        return [problem]
    if new == old:
        return [Text("%(fact)s is already %(value)s: nothing to correct.", fact=fact.label,
                     value=shown(old))]
    problems = [p.message for p in date_problems(recorded_dates(case), {name: new}, today)]
    if name == "submitted_on" and case.quota_held and case.allotment is not None:
        quota = validity_problem(case.allotment, new)
        if quota:
            problems.append(Text("%(problem)s This case holds one of its quotas.",
                                 problem=quota))
    return problems


def correct_fact(case_id: int, company_id: int, user: User, fact: str, new_value: Any,
                 reason: str) -> CorrectionResult:
    """Correct one recorded fact of a case, with a reason; one commit, or nothing at all."""
    reason = (reason or "").strip()
    try:
        if user.company_id != company_id or not user.can(Role.STAFF):
            raise CorrectionRefused([Text("Only staff of the case's company can correct its "
                                          "facts.")])
        try:
            case = lock_case(case_id, company_id)
        except MoveRefused as refusal:
            raise CorrectionRefused([refusal.message]) from None
        problems = correction_problems(case, fact, new_value, clock_today())
        if not reason:
            problems.append(Text("Give the reason for the correction."))
        elif len(reason) > REASON_MAX:
            problems.append(Text("Keep the reason to %(number)s characters.", number=REASON_MAX))
        if problems:
            raise CorrectionRefused(problems)
    except CorrectionRefused:
        db.session.rollback()  # release the row lock
        raise
    return _apply(case, user, fact, _typed(correctable_facts()[fact], new_value)[0], reason)


def _apply(case: Case, user: User, name: str, value: Any, reason: str) -> CorrectionResult:
    """Set the fact and what derives from it; audit and timeline entry; commit."""
    label = correctable_facts()[name].label
    derived = [d for source, (d, _) in DERIVED_FACTS.items() if source == name]
    before = snapshot(case, (name, *derived))
    old = getattr(case, name)
    setattr(case, name, value)
    follows = derived_values({name: value}, case.candidate.date_of_birth)
    for attribute in derived:  # a date that no longer follows (a child under 11) is cleared
        setattr(case, attribute, follows.get(attribute))
    changes = diff(before, snapshot(case, before.keys()))
    summary = f"Corrected {label}: {shown(old)} → {shown(value)}. Reason: {reason}"
    record("correct", "case", case.id, company_id=case.company_id, user_id=user.id,
           changes=changes, summary=summary)
    db.session.add(CaseStageEvent(
        company_id=case.company_id, case_id=case.id, kind="correction",
        from_stage=case.stage, to_stage=case.stage, moved_by_id=user.id, note=reason,
        facts=changes))
    db.session.commit()
    return CorrectionResult(case, changes, _notices(case, name))


def _notices(case: Case, name: str) -> list[Text]:
    """What followed the correction, for the user to read."""
    if name == "arrived_on" and case.hkid_due_on:
        return [Text("HKID registration is now due by %(date)s.",
                     date=hkdate(case.hkid_due_on))]
    if name == "limit_of_stay_until" and case.limit_of_stay_until:
        return [Text("Limit-of-stay reminders now count down to %(date)s.",
                     date=hkdate(case.limit_of_stay_until))]
    return []

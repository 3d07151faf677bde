"""What a case page shows of the stay after arrival: the extension, the employer change,
the government fees and the expected decision — each read from its rule, never decided here.

* An extension case: its window (rules/stay.extension_window via rules/extension.plan),
  ImmD's 6-weeks advice, the passport warning, the next stay of the scheme's pattern
  (the top-tier one for a person flagged top tier) and how it may be filed.
* A case holding the person's stay: whether an extension can start from it, and what
  a change of employer means for its scheme (rules/employer_change.py).
* Every case: the fees of its application on its date (rules/fees.py) and, once
  submitted and waiting, the expected decision date (rules/processing.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from tracker.cases.attention import awaiting_decision_codes
from tracker.cases.models import Case
from tracker.rules import extension, processing
from tracker.rules.case_kinds import in_stay_stage
from tracker.rules.employer_change import EmployerChange, employer_change
from tracker.rules.fees import FeeBreakdown, fees_for, stay_length_days
from tracker.rules.stay import StaySuggestion
from tracker.rules.workflow import Workflow


def extension_number(case: Case) -> int:
    """1 for the first extension after an entry (or a change of employment), 2 for the next …"""
    number, link = 1, case.parent
    while link is not None and link.kind == "extension":
        number, link = number + 1, link.parent
    return number


def extended_limit(case: Case) -> date | None:
    """The limit of stay an extension case extends: its parent's."""
    return case.parent.limit_of_stay_until if case.parent is not None else None


def next_stay(case: Case, today: date) -> StaySuggestion | None:
    """The new limit of stay an extension case would normally get (None: not an extension)."""
    limit = extended_limit(case)
    if case.kind != "extension" or limit is None:
        return None
    return extension.next_stay(case.scheme, case.submitted_on or today, limit,
                               extension_number(case), top_tier=case.candidate.top_tier)


@dataclass(frozen=True)
class ExtensionView:
    """The extension section of an extension case's page."""

    number: int
    extends: date  # the limit of stay it extends
    plan: extension.ExtensionPlan
    channels: tuple[str, ...]


def extension_view(case: Case, today: date) -> ExtensionView | None:
    limit = extended_limit(case)
    if case.kind != "extension" or limit is None:
        return None
    number = extension_number(case)
    plan = extension.plan(case.scheme, limit, today, number, case.candidate.passport_expiry,
                          top_tier=case.candidate.top_tier)
    return ExtensionView(number, limit, plan, extension.channels(case.scheme))


def holds_stay(case: Case) -> bool:
    """Whether this case's limit of stay is the person's permission now (not replaced)."""
    return (in_stay_stage(case.kind, case.stage) and case.limit_of_stay_until is not None
            and case.superseded_by_id is None)


@dataclass(frozen=True)
class Continuation:
    """What can follow a case holding the person's stay."""

    can_extend: bool
    employer_change: EmployerChange | None  # None: no rule recorded for the scheme


def continuation(case: Case, open_extension: Case | None) -> Continuation | None:
    """None when the case does not hold the person's stay (nothing continues from it)."""
    if not holds_stay(case):
        return None
    return Continuation(open_extension is None, employer_change(case.scheme))


class FeeFacts(Protocol):
    """What the fees read of a case: a Case, or a row of its columns (the person's chain)."""

    kind: str
    submitted_on: date | None
    approved_on: date | None
    visa_issued_on: date | None
    limit_of_stay_until: date | None


def stay_days(case: FeeFacts, extended: date | None) -> int | None:
    """The length of the stay granted, which picks the visa fee (None: not known yet).

    An extension's stay runs from the day after the limit it extends (*extended*, its
    parent's); another case's from its visa or approval date.
    """
    start = (extended + timedelta(days=1) if case.kind == "extension" and extended
             else case.visa_issued_on or case.approved_on)
    if start is None or case.limit_of_stay_until is None or case.limit_of_stay_until < start:
        return None
    return stay_length_days(start, case.limit_of_stay_until)


def case_fees(case: FeeFacts, extended: date | None, on: date, approved: bool) -> FeeBreakdown:
    """The government fees of the case's application made *on* (rules/fees.py), with the
    visa fee when *approved* (its amount once the stay granted is known)."""
    return fees_for(case.kind, on, approved=approved, stay_days=stay_days(case, extended))


def fees_paid(case: FeeFacts, extended: date | None) -> FeeBreakdown | None:
    """What the application has paid: the fees on its submission date, and the visa fee
    once approved (None: not submitted, nothing paid yet). The person's page adds these up."""
    if case.submitted_on is None:
        return None
    approved = case.approved_on is not None or case.visa_issued_on is not None
    return case_fees(case, extended, case.submitted_on, approved)


@dataclass(frozen=True)
class FeesView:
    on: date  # the day whose fees apply: the submission date, else today
    submitted: bool
    fees: FeeBreakdown


def fees_view(case: Case, workflow: Workflow, today: date) -> FeesView:
    """The fees the application pays on its date: on submission, and the visa fee due on
    approval (none for a case that ended without one)."""
    ended_unapproved = (workflow.stage(case.stage).terminal and case.approved_on is None
                        and case.visa_issued_on is None)
    on = case.submitted_on or today
    fees = case_fees(case, extended_limit(case), on, approved=not ended_unapproved)
    return FeesView(on, case.submitted_on is not None, fees)


@dataclass(frozen=True)
class DecisionView:
    time: processing.ProcessingTime | None  # None: no typical time is known
    expected: date | None
    overdue: bool


def decision_view(case: Case, workflow: Workflow, today: date) -> DecisionView | None:
    """The expected decision date of a case waiting for ImmD (None: not waiting)."""
    if case.submitted_on is None or case.stage not in awaiting_decision_codes(workflow):
        return None
    time = processing.processing_time(case.scheme, case.kind, case.submitted_on)
    expected = time.decision_by(case.submitted_on) if time else None
    return DecisionView(time, expected, expected is not None and today > expected)

""""Needs attention": one rule, expressed in SQL so lists and the dashboard filter on it.

A case needs attention while it is open and any of these holds:
  * a required document is missing and it has not been submitted yet;
  * it sits in a stage the workflow marks for attention (additional information requested);
  * its limit of stay ends within LIMIT_OF_STAY_WARNING_DAYS (or has passed);
  * HKID registration is due within HKID_WARNING_DAYS (or overdue) and not recorded;
  * the candidate's passport expires within PASSPORT_WARNING_MONTHS (or has expired);
  * it waits for ImmD's decision past the expected date (rules/processing.py).
A case whose limit of stay a later case replaced (Case.superseded_by_id) no longer
needs attention for that limit: the later case carries it.
Statements selecting `reason_columns` must join Candidate (for the passport).

The expressions depend only on the day (and the company), and building them
cost more than running the statements they are part of, so they are built
once per day and reused: SQLAlchemy expressions are immutable, so sharing
them between requests and threads is safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from tracker.candidates.models import Candidate
from tracker.candidates.passport import passport_warning_cutoff
from tracker.cases.models import Case
from tracker.documents.checklist import SETTLED
from tracker.documents.models import CaseDocument
from tracker.inline import one_of, pair_in
from tracker.rules import attention as windows
from tracker.rules import processing
from tracker.rules.case_checklists import checklist_for
from tracker.rules.case_kinds import KINDS
from tracker.rules.schemes import SCHEMES, workflow_for_case
from tracker.rules.text import Text
from tracker.rules.workflow import Workflow, all_stages, open_stage_codes
from tracker.text import hkdate

NEEDS_CANDIDATE = ("passport",)  # reasons whose condition reads the candidate


def _kinds() -> list[tuple[str, str, Workflow]]:
    """Every (scheme, kind) a case can have, with its workflow."""
    return [(scheme, kind, workflow_for_case(scheme, kind)) for scheme in SCHEMES
            for kind in KINDS]


def _of(pairs: list[tuple[str, str]]) -> sa.ColumnElement[bool]:
    """The case's (scheme, kind) is one of *pairs*."""
    return pair_in((Case.scheme, Case.kind), pairs)


@lru_cache(maxsize=4)
def _documents_missing(today: date) -> sa.ColumnElement[bool]:
    """Before submission, fewer required documents settled than the case's checklist needs
    (its scheme's and kind's, rules/case_checklists.py; filed today).

    The (scheme, kind) pairs sharing stages and items form one group, and one counting
    subquery serves every group: the case's group picks which codes count and how many
    are needed. One correlated subquery per group made PostgreSQL plan a dozen subplans
    wherever the condition appears (each list row's flags, the attention searches), and
    planning cost more than running the statement.
    """
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[str, str]]] = {}
    for scheme, kind, workflow in _kinds():
        before = workflow.pre_submission_codes()
        required = tuple(item.code for item in checklist_for(scheme, kind, today)
                         if item.required)
        if before and required:
            groups.setdefault((before, required), []).append((scheme, kind))
    if not groups:
        return sa.false()
    counted = sa.case(*((_of(pairs), one_of(CaseDocument.code, required))
                        for (_, required), pairs in groups.items()), else_=sa.false())
    needed = sa.case(*((sa.and_(_of(pairs), one_of(Case.stage, before)), len(required))
                       for (before, required), pairs in groups.items()), else_=0)
    settled = (sa.select(sa.func.count()).select_from(CaseDocument)
               .where(CaseDocument.case_id == Case.id, one_of(CaseDocument.status, SETTLED),
                      counted)
               .correlate(Case).scalar_subquery())
    # A case outside every group needs 0: never missing. The first term lets the
    # database skip the count for every case past submission.
    return sa.and_(needed > 0, settled < needed)


def awaiting_decision_codes(workflow: Workflow) -> tuple[str, ...]:
    """The stages of *workflow* after its submitting stage and before any approval."""
    codes: list[str] = []
    submitted = False
    for stage in workflow.stages:
        submitted = submitted or stage.submits_application
        if submitted and not stage.counts_as_approved and not stage.terminal:
            codes.append(stage.code)
    return tuple(codes)


def last_day_in_time(time: processing.ProcessingTime, today: date) -> date:
    """The latest submission date whose expected decision is already past on *today*."""
    day = today - relativedelta(months=time.months, weeks=time.weeks)
    while time.decision_by(day + timedelta(days=1)) < today:
        day += timedelta(days=1)
    while time.decision_by(day) >= today:
        day -= timedelta(days=1)
    return day


def _overdue(today: date) -> sa.ColumnElement[bool]:
    """Waiting for ImmD past the typical time of its scheme and kind, on its submission date
    (each version of the time governs the submissions until the next one starts)."""
    Window = tuple[tuple[str, ...], date, date, date | None]  # stages, by, from, until
    groups: dict[Window, list[tuple[str, str]]] = {}
    for scheme, kind, workflow in _kinds():
        waiting = awaiting_decision_codes(workflow)
        times = sorted((t for t in processing.PROCESSING_TIMES if t.applies_to(scheme, kind)),
                       key=lambda t: t.effective_from)
        for index, time in enumerate(times):
            until = times[index + 1].effective_from if index + 1 < len(times) else None
            if waiting:
                window = (waiting, last_day_in_time(time, today), time.effective_from, until)
                groups.setdefault(window, []).append((scheme, kind))
    branches = []
    for (waiting, by, since, until), pairs in groups.items():
        condition = [_of(pairs), one_of(Case.stage, waiting), Case.submitted_on <= by]
        if since > date.min:
            condition.append(Case.submitted_on >= since)
        if until is not None:
            condition.append(Case.submitted_on < until)
        branches.append(sa.and_(*condition))
    return sa.or_(*branches) if branches else sa.false()


@lru_cache(maxsize=4)
def attention_conditions(today: date) -> tuple[tuple[str, sa.ColumnElement[bool]], ...]:
    """Each reason as a SQL condition on Case (and Candidate), with its reason code."""
    flagged = [code for code, stage in all_stages().items() if stage.attention]
    return (
        ("documents_missing", _documents_missing(today)),
        ("stage", one_of(Case.stage, flagged)),
        ("limit_of_stay", sa.and_(Case.limit_of_stay_until <= today + timedelta(
            days=windows.LIMIT_OF_STAY_WARNING_DAYS), Case.superseded_by_id.is_(None))),
        ("hkid", sa.and_(Case.hkid_registered_on.is_(None),
                         Case.hkid_due_on <= today + timedelta(days=windows.HKID_WARNING_DAYS))),
        ("passport", Candidate.passport_expiry <= passport_warning_cutoff(today)),
        ("decision_overdue", _overdue(today)),
    )


@lru_cache(maxsize=256)
def needs_attention(today: date, company_id: int, newest: int | None = None
                    ) -> sa.ColumnElement[bool]:
    """The whole rule for one company: an open case with at least one reason.

    Written as `id IN (one indexed SELECT per reason, UNIONed)` rather than one OR,
    so each reason uses its own index and the cost follows the number of cases
    needing attention, not the size of the company.

    With *newest*, each reason contributes only its newest cases: enough for a
    caller that shows the newest *newest* cases needing attention (the newest K
    of a union are among the newest K of each part), and it keeps the dashboard
    fast when most of a large company's cases need attention.
    """
    open_codes = open_stage_codes()
    branches = []
    for name, condition in attention_conditions(today):
        if name in NEEDS_CANDIDATE:  # candidates first, then their cases (covering index)
            condition = Case.candidate_id.in_(sa.select(Candidate.id).where(
                Candidate.company_id == company_id, condition))
        branch = sa.select(Case.id).where(Case.company_id == company_id,
                                          one_of(Case.stage, open_codes), condition)
        if newest is not None:
            # Wrapped as a subquery: SQLite allows no LIMIT inside a UNION's parts.
            part = branch.order_by(Case.id.desc()).limit(newest).subquery()
            branch = sa.select(part.c.id)
        branches.append(branch)
    return Case.id.in_(sa.union(*branches))


@lru_cache(maxsize=4)
def attention_condition(today: date) -> sa.ColumnElement[bool]:
    """The whole rule as one condition on a case joined with its candidate: open, and
    at least one reason (for checking a few rows; needs_attention is for searching)."""
    return sa.and_(one_of(Case.stage, open_stage_codes()),
                   sa.or_(*(condition for _, condition in attention_conditions(today))))


@lru_cache(maxsize=4)
def reason_columns(today: date) -> tuple[sa.ColumnElement[Any], ...]:
    """The conditions as labelled boolean columns (open cases only), to select with a case."""
    is_open = one_of(Case.stage, open_stage_codes())
    return tuple(sa.and_(is_open, condition).label(f"attention_{name}")
                 for name, condition in attention_conditions(today))


@dataclass(frozen=True)
class Flags:
    """Which reasons hold for one case (from `reason_columns`)."""

    documents_missing: bool = False
    stage: bool = False
    limit_of_stay: bool = False
    hkid: bool = False
    passport: bool = False
    decision_overdue: bool = False

    @classmethod
    def from_row(cls, row: Any) -> Flags:
        return cls(**{name: bool(getattr(row, f"attention_{name}")) for name in
                      cls.__dataclass_fields__})


def reasons(case: Any, flags: Flags) -> list[Text]:
    """Readable reasons for a case (a Case or a list row's ListedCase), with the dates
    that make them urgent (each renders in the reader's language)."""
    texts = []
    if flags.documents_missing:
        texts.append(Text("Required documents missing before submission"))
    attention = all_stages()[case.stage].attention if flags.stage else None
    if attention:
        texts.append(attention)
    if flags.limit_of_stay:
        texts.append(Text("Limit of stay ends %(date)s", date=hkdate(case.limit_of_stay_until)))
    if flags.hkid:
        texts.append(Text("HKID registration due %(date)s", date=hkdate(case.hkid_due_on)))
    if flags.passport:
        texts.append(Text("Passport expires %(date)s",
                          date=hkdate(case.candidate.passport_expiry)))
    expected = (processing.expected_decision(case.scheme, case.kind, case.submitted_on)
                if flags.decision_overdue and case.submitted_on else None)
    if expected:
        texts.append(Text("ImmD's decision was expected by %(date)s", date=hkdate(expected)))
    return texts

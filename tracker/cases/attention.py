""""Needs attention": one rule, expressed in SQL so lists and the dashboard filter on it.

A case needs attention while it is open and any of these holds:
  * a required document is missing and it has not been submitted yet;
  * it sits in a stage the workflow marks for attention (additional information requested);
  * its limit of stay ends within LIMIT_OF_STAY_WARNING_DAYS (or has passed);
  * HKID registration is due within HKID_WARNING_DAYS (or overdue) and not recorded;
  * the candidate's passport expires within PASSPORT_WARNING_MONTHS (or has expired).
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

from tracker.candidates.models import Candidate
from tracker.candidates.passport import passport_warning_cutoff
from tracker.cases.models import Case
from tracker.documents.checklist import SETTLED
from tracker.documents.models import CaseDocument
from tracker.rules import attention as windows
from tracker.rules.documents import checklist
from tracker.rules.schemes import schemes_by_workflow
from tracker.rules.text import Text
from tracker.rules.workflow import WORKFLOWS, all_stages, open_stage_codes
from tracker.text import hkdate

NEEDS_CANDIDATE = ("passport",)  # reasons whose condition reads the candidate


@lru_cache(maxsize=1)
def _documents_missing() -> sa.ColumnElement[bool]:
    """Before submission, fewer required documents settled than the scheme's checklist needs."""
    branches = []
    for workflow_code, schemes in schemes_by_workflow().items():
        before = WORKFLOWS[workflow_code].pre_submission_codes()
        for scheme in schemes:
            required = [item.code for item in checklist(scheme) if item.required]
            if not before or not required:
                continue
            settled = (sa.select(sa.func.count()).select_from(CaseDocument)
                       .where(CaseDocument.case_id == Case.id,
                              CaseDocument.code.in_(required),
                              CaseDocument.status.in_(SETTLED))
                       .correlate(Case).scalar_subquery())
            branches.append(sa.and_(Case.scheme == scheme, Case.stage.in_(before),
                                    settled < len(required)))
    return sa.or_(*branches) if branches else sa.false()


@lru_cache(maxsize=4)
def attention_conditions(today: date) -> tuple[tuple[str, sa.ColumnElement[bool]], ...]:
    """Each reason as a SQL condition on Case (and Candidate), with its reason code."""
    flagged = [code for code, stage in all_stages().items() if stage.attention]
    return (
        ("documents_missing", _documents_missing()),
        ("stage", Case.stage.in_(flagged) if flagged else sa.false()),
        ("limit_of_stay", Case.limit_of_stay_until <= today + timedelta(
            days=windows.LIMIT_OF_STAY_WARNING_DAYS)),
        ("hkid", sa.and_(Case.hkid_registered_on.is_(None),
                         Case.hkid_due_on <= today + timedelta(days=windows.HKID_WARNING_DAYS))),
        ("passport", Candidate.passport_expiry <= passport_warning_cutoff(today)),
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
                                          Case.stage.in_(open_codes), condition)
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
    return sa.and_(Case.stage.in_(open_stage_codes()),
                   sa.or_(*(condition for _, condition in attention_conditions(today))))


@lru_cache(maxsize=4)
def reason_columns(today: date) -> tuple[sa.ColumnElement[Any], ...]:
    """The conditions as labelled boolean columns (open cases only), to select with a case."""
    is_open = Case.stage.in_(open_stage_codes())
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
    return texts

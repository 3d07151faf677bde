"""The Reports page's numbers: one aggregate statement per chart, grouped in the database.

Every statement is scoped to one company and reads "today" from the caller (the
injectable clock, tracker/clock.py), so tests pin the day. Months are cut in
Python into boundaries and compared in SQL with plain `>=` / `BETWEEN`, which both
PostgreSQL and SQLite run unchanged and which keep the columns' indexes usable:

* stage_history  the open cases per stage at each month's end: today's counts per
                 stage (ix_cases_company_stage), wound back through the moves made
                 since (ix_case_stage_events_company_moved), so no case's history is
                 replayed;
* stage_times    the days a case spent in each stage, for the stays that ended in
                 the last 12 months (the next move of the same case ends a stay;
                 ix_case_stage_events_company_case);
* decision_times submission to decision (approval date) per scheme and kind;
* quota_use      the quotas each TechTAS allotment had in use at each month's end;
* expiries       per month ahead: limits of stay in force (people/status.py's rule),
                 passports of people with an open case, allotments' validity ends
                 and NET contract ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from tracker.candidates.models import Candidate
from tracker.cases.models import Case, CaseStageEvent
from tracker.clock import app_timezone
from tracker.extensions import db
from tracker.inline import one_of
from tracker.people.status import status_select
from tracker.quotas.models import QuotaAllotment
from tracker.rules.case_kinds import KINDS
from tracker.rules.reminders import CLOSED_STAGES
from tracker.rules.schemes import SCHEMES, contract_schemes
from tracker.rules.workflow import WORKFLOWS

MONTHS = 12


class days_between(FunctionElement):  # noqa: N801 - reads like the SQL function it renders
    """`days_between(later, earlier)`: the days from *earlier* to *later* (fractional for
    timestamps), on PostgreSQL and SQLite."""

    type = sa.Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_postgresql(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    # date - date is a whole number of days; timestamps subtract to an interval.
    if isinstance(list(element.clauses)[0].type, sa.Date):
        return f"({later} - {earlier})"
    return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0)"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(julianday({later}) - julianday({earlier}))"


@dataclass(frozen=True)
class Month:
    """One calendar month of a chart: its first and last day within the report's range."""

    first: date
    last: date

    @property
    def label(self) -> str:
        """MM/YYYY: the same in both languages, as dates are (tracker/text.py)."""
        return f"{self.first:%m/%Y}"


def past_months(today: date, count: int = MONTHS) -> list[Month]:
    """The last *count* months, oldest first, the current one ending today."""
    start = today.replace(day=1)
    months = [Month(start - relativedelta(months=n),
                    start - relativedelta(months=n - 1) - timedelta(days=1))
              for n in range(count - 1, 0, -1)]
    return [*months, Month(start, today)]


def next_months(today: date, count: int = MONTHS) -> list[Month]:
    """The current month (from today) and the next *count* - 1, in order."""
    start = today.replace(day=1)
    months = [Month(start + relativedelta(months=n),
                    start + relativedelta(months=n + 1) - timedelta(days=1))
              for n in range(count)]
    return [Month(today, months[0].last), *months[1:]]


def end_of(day: date) -> datetime:
    """The first moment after *day* in the app's timezone, in UTC (timestamps compare to it)."""
    midnight = datetime.combine(day + timedelta(days=1), time(), tzinfo=app_timezone())
    return midnight.astimezone(UTC)


def _bucket(column: Any, starts: Sequence[Any]) -> sa.Case:
    """The index of the last of *starts* (ascending) that *column* reaches; NULL before all."""
    whens = [(column >= start, index) for index, start in reversed(list(enumerate(starts)))]
    return sa.case(*whens, else_=sa.null())


def _counted(rows: Sequence[Any], key: str, size: int) -> dict[str, list[int]]:
    """{key value: [count per bucket]} from (key, bucket, n) rows."""
    counts: dict[str, list[int]] = {}
    for row in rows:
        if row.bucket is not None:
            counts.setdefault(getattr(row, key), [0] * size)[row.bucket] += row.n
    return counts


# Cases per stage over time ----------------------------------------------------------

def stage_history(company_id: int, months: Sequence[Month]) -> dict[str, list[int]]:
    """{stage: [cases in it at the end of each month]} for every stage any case was in.

    Today's counts, with each move made after a month's end undone: the move's case is
    put back from the stage it entered into the stage it left (or out of the count, for
    the event that created the case).
    """
    current: dict[str, int] = {stage: number for stage, number in db.session.execute(
        sa.select(Case.stage, sa.func.count()).where(Case.company_id == company_id)
        .group_by(Case.stage))}
    ends = [end_of(month.last) for month in months]
    # The events alone (ix_case_stage_events_company_moved covers them): a case's
    # company is the event's, and its moves are all the period needs.
    moves = (sa.select(_bucket(CaseStageEvent.moved_at, ends).label("bucket"),
                       CaseStageEvent.from_stage, CaseStageEvent.to_stage)
             .where(CaseStageEvent.company_id == company_id, CaseStageEvent.kind == "move",
                    CaseStageEvent.moved_at >= ends[0])
             .subquery())
    undone = db.session.execute(
        sa.select(moves.c.bucket, moves.c.from_stage, moves.c.to_stage,
                  sa.func.count().label("n"))
        .group_by(moves.c.bucket, moves.c.from_stage, moves.c.to_stage)).all()
    history = {stage: [number] * len(months) for stage, number in current.items()}
    for row in undone:
        for index in range(row.bucket + 1):  # every month that ended before the move
            history.setdefault(row.to_stage, [0] * len(months))[index] -= row.n
            if row.from_stage is not None:
                history.setdefault(row.from_stage, [0] * len(months))[index] += row.n
    return history


# Time in stages and to a decision -----------------------------------------------------

@dataclass(frozen=True)
class StageTime:
    scheme: str
    stage: str
    stays: int  # how many stays in the stage ended in the period
    average_days: float


def stage_times(company_id: int, since: date, today: date) -> list[StageTime]:
    """Average days in each stage per scheme, over the stays that ended from *since* to today.

    A stay in a stage runs from the move into it to the case's next move. The company's
    moves are read in (case, time) order from ix_case_stage_events_company_case, so
    pairing each with the next needs no sort; the scheme is joined to the stays only.
    """
    left_at = sa.func.lead(CaseStageEvent.moved_at).over(
        partition_by=CaseStageEvent.case_id, order_by=(CaseStageEvent.moved_at,
                                                       CaseStageEvent.id))
    stays = (sa.select(CaseStageEvent.case_id, CaseStageEvent.to_stage.label("stage"),
                       CaseStageEvent.moved_at.label("entered_at"), left_at.label("left_at"))
             .where(CaseStageEvent.company_id == company_id, CaseStageEvent.kind == "move")
             .subquery())
    rows = db.session.execute(
        sa.select(Case.scheme, stays.c.stage, sa.func.count().label("stays"),
                  sa.func.avg(days_between(stays.c.left_at, stays.c.entered_at)).label("days"))
        .select_from(stays)
        .join(Case, sa.and_(Case.id == stays.c.case_id, Case.company_id == company_id))
        .where(stays.c.left_at >= end_of(since - timedelta(days=1)),
               stays.c.left_at < end_of(today))
        .group_by(Case.scheme, stays.c.stage)).all()
    return [StageTime(r.scheme, r.stage, r.stays, round(float(r.days), 1)) for r in rows]


@dataclass(frozen=True)
class DecisionTime:
    scheme: str
    kind: str
    decisions: int
    average_days: float


def decision_times(company_id: int, since: date, today: date) -> list[DecisionTime]:
    """Average days from submission to approval per scheme and kind, for the cases
    approved from *since* to today."""
    rows = db.session.execute(
        sa.select(Case.scheme, Case.kind, sa.func.count().label("decisions"),
                  sa.func.avg(days_between(Case.approved_on, Case.submitted_on)).label("days"))
        .where(Case.company_id == company_id, Case.approved_on.between(since, today),
               Case.submitted_on.is_not(None))
        .group_by(Case.scheme, Case.kind).order_by(Case.scheme, Case.kind)).all()
    return [DecisionTime(r.scheme, r.kind, r.decisions, round(float(r.days), 1))
            for r in rows]


# Quota use --------------------------------------------------------------------------

@dataclass(frozen=True)
class AllotmentUse:
    id: int
    itc_reference: str
    total_quotas: int
    used: list[int]  # quotas in use at the end of each month


def _returning_stages() -> tuple[str, ...]:
    """The stages whose entry gives a held quota back (refused, withdrawn)."""
    return tuple(sorted({s.code for w in WORKFLOWS.values() for s in w.stages
                         if s.returns_quota}))


def _held_at(day: date) -> sa.ColumnElement[bool]:
    """The case held its quota at the end of *day*: taken on submission (tracker/cases/
    quota.py), and still held, or given back (on refusal or withdrawal) only later."""
    returned_later = sa.and_(one_of(Case.stage, _returning_stages()),
                             Case.stage_changed_at >= end_of(day))
    return sa.and_(Case.submitted_on <= day, sa.or_(Case.quota_held, returned_later))


def quota_use(company_id: int, months: Sequence[Month]) -> list[AllotmentUse]:
    """Each allotment valid during *months*: its quotas in use at each month's end."""
    quota_schemes = [code for code, s in SCHEMES.items() if s.needs_quota]
    quota_kinds = [code for code, k in KINDS.items() if k.uses_quota]
    drawing = sa.and_(Case.allotment_id == QuotaAllotment.id, Case.company_id == company_id,
                      one_of(Case.scheme, quota_schemes), one_of(Case.kind, quota_kinds))
    used = [sa.func.count(Case.id).filter(_held_at(m.last)).label(f"m{i}")
            for i, m in enumerate(months)]
    rows = db.session.execute(
        sa.select(QuotaAllotment.id, QuotaAllotment.itc_reference,
                  QuotaAllotment.total_quotas, *used)
        .outerjoin(Case, drawing)
        .where(QuotaAllotment.company_id == company_id,
               QuotaAllotment.valid_until >= months[0].first,
               QuotaAllotment.allotment_date <= months[-1].last)
        .group_by(QuotaAllotment.id, QuotaAllotment.itc_reference,
                  QuotaAllotment.total_quotas)
        .order_by(QuotaAllotment.allotment_date, QuotaAllotment.id)).all()
    return [AllotmentUse(r.id, r.itc_reference, r.total_quotas,
                         [getattr(r, f"m{i}") for i in range(len(months))]) for r in rows]


# Expiries ahead ---------------------------------------------------------------------

EXPIRY_KINDS = ("stays", "passports", "quotas", "contracts")


def _by_month(kind: str, column: Any, statement: sa.Select, months: Sequence[Month]
              ) -> sa.Select:
    """(kind, bucket, n): *statement*'s rows counted by the month *column* falls in."""
    inner = (statement.with_only_columns(
        _bucket(column, [m.first for m in months]).label("bucket"))
        .where(column.between(months[0].first, months[-1].last)).subquery())
    return (sa.select(sa.literal(kind).label("kind"), inner.c.bucket,
                      sa.func.count().label("n"))
            .group_by(inner.c.bucket))


def expiries(company_id: int, months: Sequence[Month]) -> dict[str, list[int]]:
    """{kind: [number ending in each month]} for EXPIRY_KINDS, in one statement.

    stays      limits of stay in force (people/status.py: the latest of each person);
    passports  passports of people with an open case (as the passport reminders);
    quotas     allotments whose validity ends;
    contracts  NET contracts of open cases.
    """
    open_case = sa.exists().where(Case.candidate_id == Candidate.id,
                                  Case.company_id == company_id,
                                  sa.not_(one_of(Case.stage, CLOSED_STAGES)))
    parts = [
        _by_month("stays", Case.limit_of_stay_until, status_select(company_id), months),
        _by_month("passports", Candidate.passport_expiry,
                  sa.select(Candidate.id).where(Candidate.company_id == company_id, open_case),
                  months),
        _by_month("quotas", QuotaAllotment.valid_until,
                  sa.select(QuotaAllotment.id).where(QuotaAllotment.company_id == company_id),
                  months),
        _by_month("contracts", Case.contract_end,
                  sa.select(Case.id).where(Case.company_id == company_id,
                                           one_of(Case.scheme, contract_schemes()),
                                           sa.not_(one_of(Case.stage, CLOSED_STAGES))),
                  months),
    ]
    rows = db.session.execute(sa.union_all(*parts)).all()
    counted = _counted(rows, "kind", len(months))
    return {kind: counted.get(kind, [0] * len(months)) for kind in EXPIRY_KINDS}

"""The scan: claim every reminder due on a day into the ledger, set-based.

For each kind one INSERT … SELECT … ON CONFLICT DO NOTHING inserts a ledger
row for every (object, due date, offset) whose reminder date has come. The
unique key makes a second scan (another beat, a manual run) claim nothing
twice; RETURNING tells each scan exactly which rows it claimed.

Per object only the most urgent offset now due is claimed for sending; older
offsets not yet in the ledger (the scheduler was down for days, or the record
was created late) are recorded as `skipped`/`superseded` in the same statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import QueryableAttribute, aliased

from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.clock import today as clock_today
from tracker.clock import utcnow
from tracker.companies.models import Company
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.reminders.hooks import HOOKS
from tracker.reminders.models import ReminderLedger, ReminderScan
from tracker.reminders.sql import add_days
from tracker.rules import net, stay
from tracker.rules import reminders as rules
from tracker.rules.case_kinds import KINDS
from tracker.rules.offsets import read_offsets
from tracker.rules.schemes import contract_schemes

L = ReminderLedger
KEY = ["kind", "object_id", "due_on", "offset_days"]
COLUMNS = ["company_id", "kind", "object_id", "due_on", "offset_days", "status", "reason",
           "scan_on", "claimed_at", "updated_at"]
SENDER_ROLES = ("admin", "staff")

# A column of a select list: a model's attribute or an expression (both can be labelled).
Column = sa.ColumnElement[Any] | QueryableAttribute[Any]


@dataclass(frozen=True)
class Claim:
    """A ledger row a scan inserted."""

    id: int
    company_id: int
    kind: str
    object_id: int
    due_on: date
    offset_days: int
    status: str


@dataclass
class ScanResult:
    """What one scan claimed (to send) and recorded as skipped."""

    today: date
    claims: list[Claim] = field(default_factory=list)

    @property
    def to_send(self) -> list[int]:
        return [c.id for c in self.claims if c.status == "pending"]

    @property
    def skipped(self) -> int:
        return sum(1 for c in self.claims if c.status == "skipped")


def scan(today: date | None = None, *, dry_run: bool = False, trigger: str = "beat") -> ScanResult:
    """Claim everything due on *today* (default: the app's today); commit once.

    With dry_run the same statements run and are rolled back, so the result
    shows exactly what a real scan would claim, and nothing is written.
    """
    day = today or clock_today()
    now = utcnow()
    result = ScanResult(day)
    try:
        result.claims = claim_due(day, now)
        if dry_run:
            db.session.rollback()
            return result
        db.session.add(ReminderScan(scan_on=day, trigger=trigger, started_at=now,
                                    claimed=len(result.to_send), skipped=result.skipped))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def claim_due(day: date, now: datetime) -> list[Claim]:
    """Every kind's claiming statement for *day*, in order; the caller commits."""
    claims: list[Claim] = []
    for build in (quota_expiry_select, stay_expiry_select, hkid_due_select,
                  passport_expiry_select, contract_end_select,
                  *(hooks.select for hooks in HOOKS.values()), digest_select):
        # Built one at a time: the digest must see the rows claimed before it.
        select = build(day, now)
        if select is not None:
            claims.extend(_claim(select))
    return claims


def _unclaimed(select: sa.Select) -> sa.Select:
    """The rows of *select* (labelled with COLUMNS) not in the ledger yet.

    On a normal day nearly every due reminder was claimed on an earlier day: one
    anti-join drops those before the INSERT, which is cheaper than attempting an
    insert per row and letting ON CONFLICT discard it (README, Benchmark). It
    filters after *select* has chosen each object's most urgent offset, so an
    offset claimed earlier still supersedes a less urgent one that is new (e.g. a
    setting added).
    ON CONFLICT DO NOTHING still settles two scans racing for the same row.
    """
    due = select.subquery("due")
    claimed = sa.exists().where(L.kind == due.c.kind, L.object_id == due.c.object_id,
                                L.due_on == due.c.due_on, L.offset_days == due.c.offset_days)
    return sa.select(*(due.c[name] for name in COLUMNS)).where(~claimed)


def _claim(select: sa.Select) -> list[Claim]:
    """Run one INSERT … SELECT … ON CONFLICT DO NOTHING; return the rows it inserted."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(L).from_select(COLUMNS, _unclaimed(select))
        .on_conflict_do_nothing(index_elements=KEY)
        .returning(L.id, L.company_id, L.kind, L.object_id, L.due_on, L.offset_days, L.status)
    )
    return [Claim(*row) for row in db.session.execute(statement).all()]


def _offsets(day: date, offsets: set[int] | tuple[int, ...]) -> sa.Subquery:
    """A small table (offset_days, threshold): a date up to *threshold* is due at that offset.

    Built as UNION ALL of typed constants, which both PostgreSQL and SQLite
    accept. (No CAST: SQLite would turn CAST('2030-06-30' AS DATE) into 2030.)
    """
    rows = [sa.select(sa.literal(days, sa.Integer).label("offset_days"),
                      sa.literal(day + timedelta(days=days), sa.Date).label("threshold"))
            for days in sorted(offsets)]
    return sa.union_all(*rows).subquery("offsets")


def _month_offsets(day: date, months: tuple[int, ...]) -> sa.Subquery:
    """Like _offsets, for offsets in calendar months (net.reminder_threshold).

    offset_days is N × 30, a fixed key per offset (the threshold itself moves
    with the calendar, so it cannot be the key).
    """
    rows = [sa.select(sa.literal(m * 30, sa.Integer).label("offset_days"),
                      sa.literal(net.reminder_threshold(day, m), sa.Date).label("threshold"))
            for m in sorted(months)]
    return sa.union_all(*rows).subquery("offsets")


def _ledger_columns(kind: str, company_id: Column, object_id: Column, due: Column,
                    offsets: sa.Subquery, day: date, now: datetime) -> list[sa.Label[Any]]:
    """The SELECT list matching COLUMNS; the most urgent due offset per object is `pending`."""
    most_urgent = offsets.c.offset_days == sa.func.min(offsets.c.offset_days).over(
        partition_by=object_id)
    return _named([
        company_id, sa.literal(kind), object_id, due, offsets.c.offset_days,
        sa.case((most_urgent, "pending"), else_="skipped"),
        sa.case((most_urgent, ""), else_="superseded"),
        sa.literal(day, sa.Date),
        sa.literal(now, sa.DateTime(timezone=True)),
        sa.literal(now, sa.DateTime(timezone=True)),
    ])


def _named(columns: list[Column]) -> list[sa.Label[Any]]:
    """*columns* labelled with the ledger's COLUMNS, in order (see _unclaimed)."""
    return [column.label(name) for column, name in zip(columns, COLUMNS, strict=True)]


# For the claiming statements of kinds defined in other packages (hooks.py).
offsets_table = _offsets
ledger_labels = _named


def quota_expiry_select(day: date, now: datetime) -> sa.Select | None:
    """Allotments still valid on *day*, with unused quotas, at each company's offsets."""
    union: set[int] = set()
    for text in db.session.scalars(sa.select(Company.quota_reminder_offsets).distinct()):
        union.update(read_offsets(text))
    if not union:
        return None
    a, offsets = QuotaAllotment, _offsets(day, union)
    used = (sa.select(sa.func.coalesce(sa.func.sum(QuotaPosition.used), 0))
            .where(QuotaPosition.allotment_id == a.id).scalar_subquery())
    # ",90,60,30," LIKE "%,30,%": the offset is one of this company's settings.
    listed = (sa.literal(",") + sa.func.replace(Company.quota_reminder_offsets, " ", "")
              + sa.literal(",")).like(
        sa.literal("%,") + sa.cast(offsets.c.offset_days, sa.String) + sa.literal(",%"))
    return (
        sa.select(*_ledger_columns(rules.QUOTA_EXPIRY.code, a.company_id, a.id, a.valid_until,
                                   offsets, day, now))
        .select_from(a).join(Company, Company.id == a.company_id)
        .join(offsets, sa.and_(listed, a.valid_until <= offsets.c.threshold))
        # The explicit upper bound lets the planner range-scan the valid_until index.
        .where(a.valid_until >= day, a.valid_until <= day + timedelta(days=max(union)),
               a.total_quotas > used)
        .order_by(a.id, offsets.c.offset_days)
    )


def _stay_offsets(day: date) -> sa.Subquery:
    """The limit-of-stay reminders as (offset_days, threshold, limits_from, limits_until).

    Each extension window (rules/stay.py) has its own reminders and governs a
    range of limits of stay: a limit in [limits_from, limits_until) is due at
    offset_days once it is at most threshold, the reminder's date read backwards.
    """
    rows = []
    for window in stay.EXTENSION_WINDOWS:
        low, high = stay.governed_limits(window)
        rows += [sa.select(sa.literal(reminder.key, sa.Integer).label("offset_days"),
                           sa.literal(reminder.latest_limit(day), sa.Date).label("threshold"),
                           sa.literal(low or date.min, sa.Date).label("limits_from"),
                           sa.literal(high or date.max, sa.Date).label("limits_until"))
                 for reminder in window.reminders]
    return sa.union_all(*rows).subquery("offsets")


def holds_stay() -> sa.ColumnElement[bool]:
    """The case's limit of stay is its person's permission in Hong Kong now: a stage of its
    kind that holds the stay (rules/case_kinds.py: an entry case once arrived, an extension
    once approved …), and no later case replaced it (Case.superseded_by_id), so an approved
    extension stops the old series and its own limit starts the next."""
    by_kind = [sa.and_(Case.kind == code, Case.stage.in_(kind.stay_stages))
               for code, kind in KINDS.items()]
    return sa.and_(sa.or_(*by_kind), Case.superseded_by_id.is_(None))


def stay_expiry_select(day: date, now: datetime) -> sa.Select:
    """Cases of people in Hong Kong whose limit of stay ends within their window's reminders."""
    offsets, due = _stay_offsets(day), Case.limit_of_stay_until
    in_range = sa.and_(due <= offsets.c.threshold, due >= offsets.c.limits_from,
                       due < offsets.c.limits_until)
    return (
        sa.select(*_ledger_columns(rules.STAY_EXPIRY.code, Case.company_id, Case.id, due,
                                   offsets, day, now))
        .select_from(Case).join(offsets, in_range)
        .where(holds_stay(), due.is_not(None), due >= day)
        .order_by(Case.id, offsets.c.offset_days)
    )


def hkid_due_expression() -> sa.ColumnElement:
    """The case's HKID due date, or arrival + 30 days when none is recorded (a case moved
    before the due date was derived). A dependant's application always derives it on
    arrival, 30 days after turning 11 for a younger child (rules/workflow.derived_values):
    no fallback."""
    fallback = sa.case((Case.kind == "dependant", sa.null()),
                       else_=add_days(Case.arrived_on, rules.HKID_DAYS_AFTER_ARRIVAL))
    return sa.func.coalesce(Case.hkid_due_on, fallback)


def hkid_due_select(day: date, now: datetime) -> sa.Select:
    """Arrived cases whose HKID registration is due and not yet recorded.

    The arrival's case keeps the series after an extension replaced its limit of stay
    (superseded_by_id): a child who arrived at 5 registers at 11, several stays later.
    """
    offsets, due = _offsets(day, rules.HKID_DUE.offsets), hkid_due_expression()
    return (
        sa.select(*_ledger_columns(rules.HKID_DUE.code, Case.company_id, Case.id, due,
                                   offsets, day, now))
        .select_from(Case).join(offsets, due <= offsets.c.threshold)
        .where(Case.stage.in_(rules.IN_HONG_KONG_STAGES), Case.arrived_on.is_not(None),
               Case.hkid_registered_on.is_(None), due >= day)
        .order_by(Case.id, offsets.c.offset_days)
    )


def passport_expiry_select(day: date, now: datetime) -> sa.Select:
    """Candidates with an open case whose passport expires within the offsets."""
    offsets, due = _offsets(day, rules.PASSPORT_EXPIRY.offsets), Candidate.passport_expiry
    open_case = sa.exists().where(Case.candidate_id == Candidate.id,
                                  Case.stage.not_in(rules.CLOSED_STAGES))
    return (
        sa.select(*_ledger_columns(rules.PASSPORT_EXPIRY.code, Candidate.company_id,
                                   Candidate.id, due, offsets, day, now))
        .select_from(Candidate).join(offsets, due <= offsets.c.threshold)
        .where(due >= day, open_case)
        .order_by(Candidate.id, offsets.c.offset_days)
    )


def contract_end_select(day: date, now: datetime) -> sa.Select:
    """Open cases of contract schemes (NET) whose contract ends within the month offsets."""
    kind = rules.NET_CONTRACT_END
    offsets, due = _month_offsets(day, kind.months), Case.contract_end
    return (
        sa.select(*_ledger_columns(kind.code, Case.company_id, Case.id, due, offsets, day, now))
        .select_from(Case).join(offsets, due <= offsets.c.threshold)
        .where(Case.scheme.in_(contract_schemes()), due.is_not(None), due >= day,
               Case.stage.not_in(rules.CLOSED_STAGES))
        .order_by(Case.id, offsets.c.offset_days)
    )


# Not listed in HR's digest: the digest itself, and reminders that go to candidates.
NOT_IN_DIGEST = (rules.DIGEST.code, *sorted(rules.CANDIDATE_KINDS))


def digest_select(day: date, now: datetime) -> sa.Select:
    """One digest per digest user whose company has reminders claimed since their last one."""
    item, previous = aliased(L), aliased(L)
    last = (sa.select(sa.func.max(previous.claimed_at))
            .where(previous.kind == rules.DIGEST.code, previous.object_id == User.id)
            .scalar_subquery())
    news = sa.exists().where(
        item.company_id == User.company_id, item.kind.not_in(NOT_IN_DIGEST),
        item.reason != "superseded", item.claimed_at <= now,
        sa.or_(last.is_(None), item.claimed_at > last))
    stamp = sa.literal(now, sa.DateTime(timezone=True))
    return (
        sa.select(*_named([User.company_id, sa.literal(rules.DIGEST.code), User.id,
                           sa.literal(day, sa.Date), sa.literal(0, sa.Integer),
                           sa.literal("pending"), sa.literal(""), sa.literal(day, sa.Date),
                           stamp, stamp]))
        .where(User.active, User.daily_digest, User.quota_reminders_enabled,
               User.role.in_(SENDER_ROLES), news)
        .order_by(User.id)
    )


def digest_items(digest: ReminderLedger) -> list[ReminderLedger]:
    """The reminders a digest lists: claimed for its company since the user's previous digest."""
    previous = db.session.scalar(
        sa.select(sa.func.max(L.claimed_at)).where(
            L.kind == rules.DIGEST.code, L.object_id == digest.object_id,
            L.claimed_at < digest.claimed_at))
    query = sa.select(L).where(
        L.company_id == digest.company_id, L.kind.not_in(NOT_IN_DIGEST),
        L.reason != "superseded", L.claimed_at <= digest.claimed_at)
    if previous is not None:
        query = query.where(L.claimed_at > previous)
    return list(db.session.scalars(query.order_by(L.due_on, L.id)))


def last_scan() -> ReminderScan | None:
    """The most recent scan, for the notifications page and the catch-up check."""
    return db.session.scalar(sa.select(ReminderScan).order_by(ReminderScan.id.desc()).limit(1))


def scanned_on(day: date) -> bool:
    """True when a scan for *day* has been recorded."""
    return db.session.execute(
        sa.select(sa.func.count(ReminderScan.id)).where(ReminderScan.scan_on == day)
    ).scalar_one() > 0

"""Time the reminder scan over every allotment against hand-written SQL.

Two situations, each against the raw SQL selecting the same due reminders:

* the daily scan, as the service runs it every morning: yesterday's scan has
  claimed what was due then, so today's claims only what became due today
  (and skips, through the ledger's unique key, everything claimed before);
* the first scan over a ledger that holds none of the due reminders (a new
  installation, or the scheduler down for months): every due reminder is
  written, so it also shows what writing ~24,000 ledger rows costs, next to a
  hand-written INSERT … SELECT … ON CONFLICT doing the same writes.

The scan runs exactly as `flask send-reminders --dry-run` does (the claiming
INSERT … SELECT … ON CONFLICT DO NOTHING statements, then a rollback), so
nothing is left behind. The raw SQL runs on the same connection, inside the
same transaction, so it sees the same ledger.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

# The due quota reminders of *day*: allotments still valid with unused quotas,
# at each offset of their company's setting that has come.
RAW_QUOTA_DUE = """
WITH offsets(offset_days) AS (SELECT unnest(%(offsets)s::int[])),
due AS (
  SELECT a.id, a.company_id, a.valid_until, o.offset_days,
         min(o.offset_days) OVER (PARTITION BY a.id) AS most_urgent
  FROM quota_allotments a
  JOIN companies c ON c.id = a.company_id
  JOIN offsets o ON a.valid_until <= %(day)s::date + o.offset_days
       AND (',' || replace(c.quota_reminder_offsets, ' ', '') || ',')
           LIKE '%%,' || o.offset_days || ',%%'
  WHERE a.valid_until >= %(day)s::date AND a.valid_until <= %(day)s::date + %(horizon)s
    AND a.total_quotas > (SELECT coalesce(sum(p.used), 0) FROM quota_positions p
                          WHERE p.allotment_id = a.id))
"""
RAW_SELECT = RAW_QUOTA_DUE + """
SELECT id, company_id, valid_until, offset_days, offset_days = most_urgent AS send
FROM due
WHERE NOT EXISTS (SELECT 1 FROM reminder_ledger l WHERE l.kind = 'quota_expiry'
                  AND l.object_id = due.id AND l.due_on = due.valid_until
                  AND l.offset_days = due.offset_days)
"""
RAW_INSERT = RAW_QUOTA_DUE + """
INSERT INTO reminder_ledger (company_id, kind, object_id, due_on, offset_days, status,
                             reason, scan_on, claimed_at, updated_at)
SELECT company_id, 'quota_expiry', id, valid_until, offset_days,
       CASE WHEN offset_days = most_urgent THEN 'pending' ELSE 'skipped' END,
       CASE WHEN offset_days = most_urgent THEN '' ELSE 'superseded' END,
       %(day)s::date, now(), now()
FROM due
ON CONFLICT (kind, object_id, due_on, offset_days) DO NOTHING
RETURNING id
"""
OFFSETS = [90, 60, 30, 14, 7, 1]


def _median_of(runs: int, work: Callable[[], tuple[float, int]]) -> tuple[float, int]:
    """Median seconds of *runs* calls of *work* (which returns its own seconds and count)."""
    results = [work() for _ in range(runs)]
    return statistics.median(r[0] for r in results), results[-1][1]


def _timed(action: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    count = action()
    return time.perf_counter() - started, count


def time_reminder_scan(url: str, today: date, runs: int = 5) -> dict[str, float | int]:
    from config import TestConfig
    from tracker import create_app
    from tracker.extensions import db
    from tracker.reminders import services
    from tracker.reminders.services import _claim, claim_due, quota_expiry_select

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url.replace(
        "postgresql://", "postgresql+psycopg://"))
    yesterday, now = today - timedelta(days=1), services.utcnow()
    params = {"day": today, "offsets": OFFSETS, "horizon": max(OFFSETS)}

    def raw(sql: str) -> int:
        return len(db.session.connection().exec_driver_sql(sql, params).fetchall())

    def after_yesterday(action: Callable[[], int]) -> Callable[[], tuple[float, int]]:
        """Time *action* once yesterday's scan has claimed its reminders; roll both back."""
        def work() -> tuple[float, int]:
            claim_due(yesterday, now)
            result = _timed(action)
            db.session.rollback()
            return result
        return work

    def fresh(action: Callable[[], int]) -> Callable[[], tuple[float, int]]:
        def work() -> tuple[float, int]:
            result = _timed(action)
            db.session.rollback()
            return result
        return work

    def quota_scan() -> int:
        return len(_claim(quota_expiry_select(today, now)))

    with app.app_context():
        fresh(quota_scan)()  # warm the caches the same way for every measurement
        daily, daily_claimed = _median_of(runs, after_yesterday(quota_scan))
        daily_raw, daily_rows = _median_of(runs, after_yesterday(lambda: raw(RAW_SELECT)))
        daily_all, daily_all_claimed = _median_of(
            runs, after_yesterday(lambda: len(claim_due(today, now))))
        first, first_claimed = _median_of(runs, fresh(quota_scan))
        first_raw, first_rows = _median_of(runs, fresh(lambda: raw(RAW_SELECT)))
        first_insert, _ = _median_of(runs, fresh(lambda: raw(RAW_INSERT)))
        first_all, first_all_claimed = _median_of(runs, fresh(lambda: len(claim_due(today, now))))
        db.engine.dispose()
    return {
        # The daily scan: what the service does every morning (the targets' measure).
        "scan_seconds": round(daily, 3), "raw_sql_seconds": round(daily_raw, 3),
        "ratio": round(daily / daily_raw, 2) if daily_raw else None,
        "claimed": daily_claimed, "raw_rows": daily_rows,
        "full_scan_seconds": round(daily_all, 3), "full_scan_claimed": daily_all_claimed,
        # The first scan over a ledger without any of the due reminders.
        "first_scan_seconds": round(first, 3), "first_raw_sql_seconds": round(first_raw, 3),
        "first_ratio": round(first / first_raw, 2) if first_raw else None,
        "first_raw_insert_seconds": round(first_insert, 3),
        "first_claimed": first_claimed, "first_raw_rows": first_rows,
        "first_full_scan_seconds": round(first_all, 3),
        "first_full_scan_claimed": first_all_claimed,
    }

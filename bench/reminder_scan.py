"""Time the reminder scan over every allotment against hand-written SQL.

The scan runs exactly as `flask send-reminders --dry-run` does (the claiming
INSERT … SELECT … ON CONFLICT DO NOTHING statements, then a rollback), once
for the quota-expiry kind alone and once for every kind. The raw SQL is one
hand-written SELECT of the same due quota reminders through psycopg.
"""

from __future__ import annotations

import statistics
import time
from datetime import date

import psycopg

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
SELECT id, company_id, valid_until, offset_days, offset_days = most_urgent AS send
FROM due
"""
OFFSETS = [90, 60, 30, 14, 7, 1]


def _best_of(runs: int, work) -> tuple[float, int]:  # noqa: ANN001 - a callable returning a count
    times, count = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        count = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), count


def time_reminder_scan(url: str, today: date, runs: int = 5) -> dict[str, float | int]:
    from config import TestConfig
    from tracker import create_app
    from tracker.extensions import db
    from tracker.reminders import services
    from tracker.reminders.services import _claim, quota_expiry_select

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url.replace(
        "postgresql://", "postgresql+psycopg://"))
    with app.app_context():
        def quota_only() -> int:
            claims = _claim(quota_expiry_select(today, services.utcnow()))
            db.session.rollback()
            return len(claims)

        def full_scan() -> int:
            return len(services.scan(today, dry_run=True).claims)

        quota_only()  # warm the cache the same way for every measurement
        scan_seconds, claimed = _best_of(runs, quota_only)
        full_seconds, all_claimed = _best_of(runs, full_scan)
        db.engine.dispose()
    with psycopg.connect(url) as conn:
        params = {"day": today, "offsets": OFFSETS, "horizon": max(OFFSETS)}
        raw_seconds, selected = _best_of(
            runs, lambda: len(conn.execute(RAW_QUOTA_DUE, params).fetchall()))
    return {"scan_seconds": round(scan_seconds, 3), "raw_sql_seconds": round(raw_seconds, 3),
            "ratio": round(scan_seconds / raw_seconds, 2) if raw_seconds else None,
            "claimed": claimed, "raw_rows": selected,
            "full_scan_seconds": round(full_seconds, 3), "full_scan_claimed": all_claimed}

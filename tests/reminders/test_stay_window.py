"""Limit-of-stay reminders follow the extension window of each limit: 12, 8 and 4 weeks while
the 4-week window governs it, 4 months, 3 months and 6 weeks under the 3-month window."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reminders import builders as build
from tracker.reminders import services

pytestmark = pytest.mark.sqlite

OLD, NEW = date(2026, 3, 28), date(2026, 3, 29)  # the last limit of each window


def claims(app, day: date) -> dict[int, list[tuple[int, str]]]:
    with app.app_context():
        found = services.scan(day).claims
    by_case: dict[int, list[tuple[int, str]]] = {}
    for c in found:
        if c.kind == "stay_expiry":
            by_case.setdefault(c.object_id, []).append((c.offset_days, c.status))
    return by_case


def test_each_limit_gets_the_reminders_of_its_window(app, make):
    company = make.company()
    old = build.case(app, company.id, stage="active", limit_of_stay_until=OLD)
    new = build.case(app, company.id, stage="active", limit_of_stay_until=NEW)
    assert claims(app, date(2025, 11, 28)) == {}
    assert claims(app, date(2025, 11, 29)) == {new: [(120, "pending")]}  # NEW − 4 months
    assert claims(app, date(2025, 12, 29)) == {new: [(90, "pending")]}  # NEW − 3 months
    assert claims(app, date(2026, 1, 3)) == {old: [(84, "pending")]}  # OLD − 12 weeks
    assert claims(app, date(2026, 1, 31)) == {old: [(56, "pending")]}
    assert claims(app, date(2026, 2, 15)) == {new: [(42, "pending")]}  # NEW − 6 weeks
    assert claims(app, date(2026, 2, 28)) == {old: [(28, "pending")]}  # OLD's window opens
    assert claims(app, date(2026, 3, 1)) == {}


def test_a_late_limit_claims_only_its_most_urgent_reminder(app, make):
    company = make.company()
    late = build.case(app, company.id, stage="active", limit_of_stay_until=date(2030, 9, 1))
    assert claims(app, date(2030, 4, 30)) == {}
    assert claims(app, date(2030, 7, 21)) == {late: [(42, "pending"), (90, "skipped"),
                                                     (120, "skipped")]}

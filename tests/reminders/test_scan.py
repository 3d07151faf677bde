"""The scan claims what is due into the ledger: once, set-based, most urgent first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tests.reminders import builders as build
from tracker.extensions import db
from tracker.reminders import services
from tracker.reminders.models import ReminderLedger, ReminderScan

pytestmark = pytest.mark.sqlite

EXPIRY = date(2030, 6, 30)


def scan(app, day: date, **kwargs) -> services.ScanResult:
    with app.app_context():
        return services.scan(day, **kwargs)


def test_each_offset_is_claimed_on_its_day_and_only_once(app, make):
    company = make.company()
    allotment = build.allotment(app, company.id, EXPIRY)
    claimed_offsets = []
    for offset in (90, 60, 30, 14, 7, 1):
        day = EXPIRY - timedelta(days=offset)
        assert not scan(app, day - timedelta(days=1)).claims  # nothing new the day before
        result = scan(app, day)
        assert [(c.kind, c.object_id, c.offset_days, c.status) for c in result.claims] == [
            ("quota_expiry", allotment, offset, "pending")]
        assert not scan(app, day).claims  # a second scan the same day claims nothing
        claimed_offsets.append(offset)
    rows = build.ledger(app)
    assert [r["offset_days"] for r in rows] == claimed_offsets
    assert {r["status"] for r in rows} == {"pending"}
    assert not scan(app, EXPIRY + timedelta(days=1)).claims  # expired: nothing


def test_used_up_and_expired_allotments_get_nothing(app, make):
    company = make.company()
    build.allotment(app, company.id, EXPIRY, positions=((2, 2), (1, 1)))  # used up
    build.allotment(app, company.id, EXPIRY - timedelta(days=40))  # expired by then
    live = build.allotment(app, company.id, EXPIRY, positions=((2, 2), (1, 0)))
    result = scan(app, EXPIRY - timedelta(days=30))
    assert {c.object_id for c in result.claims} == {live}
    assert [(c.object_id, c.offset_days) for c in result.claims if c.status == "pending"] == [
        (live, 30)]


def test_after_days_down_only_the_most_urgent_offset_is_sent(app, make):
    company = make.company()
    allotment = build.allotment(app, company.id, EXPIRY)
    result = scan(app, EXPIRY - timedelta(days=10))  # 90, 60, 30 and 14 all passed unsent
    by_offset = {c.offset_days: c.status for c in result.claims}
    assert by_offset == {14: "pending", 30: "skipped", 60: "skipped", 90: "skipped"}
    assert result.to_send == [c.id for c in result.claims if c.offset_days == 14]
    rows = build.ledger(app, object_id=allotment)
    assert {r["offset_days"]: r["reason"] for r in rows if r["status"] == "skipped"} == {
        30: "superseded", 60: "superseded", 90: "superseded"}
    # The next offset is claimed normally on its day.
    assert [c.offset_days for c in scan(app, EXPIRY - timedelta(days=7)).claims] == [7]


def test_an_offset_added_later_is_superseded_by_one_already_claimed(app, make):
    """Rows already in the ledger still count when choosing the most urgent offset."""
    company = make.company()
    set_offsets(app, company.id, "30")
    allotment = build.allotment(app, company.id, EXPIRY)
    assert [(c.offset_days, c.status) for c in scan(app, EXPIRY - timedelta(days=20)).claims] \
        == [(30, "pending")]
    set_offsets(app, company.id, "60, 30")  # 60 days has passed already: not to be sent now
    result = scan(app, EXPIRY - timedelta(days=19))
    assert [(c.object_id, c.offset_days, c.status) for c in result.claims] == [
        (allotment, 60, "skipped")]
    assert not result.to_send


def set_offsets(app, company_id: int, offsets: str) -> None:
    with app.app_context():
        from tracker.companies.models import Company
        db.session.get(Company, company_id).quota_reminder_offsets = offsets
        db.session.commit()


def test_company_offsets_are_a_setting(app, make):
    company = make.company()
    with app.app_context():
        from tracker.companies.models import Company
        db.session.get(Company, company.id).quota_reminder_offsets = "45, 5"
        db.session.commit()
    build.allotment(app, company.id, EXPIRY)
    assert not scan(app, EXPIRY - timedelta(days=46)).claims
    assert [c.offset_days for c in scan(app, EXPIRY - timedelta(days=45)).claims] == [45]
    assert not scan(app, EXPIRY - timedelta(days=30)).claims  # 30 is not one of its days
    assert [c.offset_days for c in scan(app, EXPIRY - timedelta(days=5)).claims] == [5]


def test_stay_hkid_and_passport_reminders(app, make):
    company = make.company()
    stay_end = date(2030, 9, 1)
    person = build.candidate(app, company.id, "Chan Tai Man", passport_expiry=date(2031, 1, 10))
    staying = build.case(app, company.id, person, stage="active", limit_of_stay_until=stay_end,
                         arrived_on=date(2027, 9, 1), hkid_registered_on=date(2027, 9, 5))
    # Not in Hong Kong yet: no stay reminder even with a date.
    build.case(app, company.id, stage="visa_issued", limit_of_stay_until=stay_end)
    claimed = scan(app, date(2030, 5, 1)).claims  # 4 months before (the 3-month window)
    assert [(c.kind, c.object_id, c.offset_days) for c in claimed] == [
        ("stay_expiry", staying, 120)]
    claimed = scan(app, date(2030, 7, 11)).claims  # 183 days before the passport expires
    assert ("passport_expiry", person, 183) in [(c.kind, c.object_id, c.offset_days)
                                                for c in claimed]

    arrived = build.case(app, company.id, stage="arrived", arrived_on=date(2030, 3, 1))
    due = date(2030, 3, 31)  # arrival + 30 days
    claimed = scan(app, due - timedelta(days=14)).claims
    assert [(c.kind, c.object_id, c.due_on, c.offset_days) for c in claimed] == [
        ("hkid_due", arrived, due, 14)]


def test_hkid_registered_or_case_closed_gets_nothing(app, make):
    company = make.company()
    build.case(app, company.id, stage="arrived", arrived_on=date(2030, 3, 1),
               hkid_registered_on=date(2030, 3, 10))
    closed = build.candidate(app, company.id, passport_expiry=date(2030, 5, 1))
    build.case(app, company.id, closed, stage="closed")
    assert not scan(app, date(2030, 3, 17)).claims


def test_a_new_date_starts_a_new_series(app, make):
    """An extension of stay moves the limit of stay: its reminders go out again."""
    company = make.company()
    first_end = date(2030, 9, 1)
    staying = build.case(app, company.id, stage="active", limit_of_stay_until=first_end)
    assert len(scan(app, first_end - timedelta(weeks=4)).to_send) == 1
    with app.app_context():
        from tracker.cases.models import Case
        db.session.get(Case, staying).limit_of_stay_until = date(2033, 9, 1)
        db.session.commit()
    claimed = scan(app, date(2033, 5, 1)).claims
    assert [(c.due_on, c.offset_days) for c in claimed] == [(date(2033, 9, 1), 120)]


def test_dry_run_writes_nothing(app, make):
    company = make.company()
    build.allotment(app, company.id, EXPIRY)
    result = scan(app, EXPIRY - timedelta(days=30), dry_run=True)
    assert [(c.offset_days, c.status) for c in result.claims] == [
        (30, "pending"), (60, "skipped"), (90, "skipped")]
    assert build.ledger(app) == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ReminderScan.id))) == 0


def test_digest_users_get_one_digest_per_day_with_news(app, make):
    company = make.company()
    admin = make.user(company, role="admin", password=None)
    digest_user = make.user(company, role="staff", password=None)
    viewer = make.user(company, role="viewer", password=None)
    for user in (digest_user, viewer):
        build.set_user(app, user.id, daily_digest=True)
    first_allotment = build.allotment(app, company.id, EXPIRY)
    second_allotment = build.allotment(app, company.id, EXPIRY + timedelta(days=1))
    day = EXPIRY - timedelta(days=30)  # the first at 30 days, the second at 60 (31 left)
    claimed = scan(app, day).claims
    digests = [c for c in claimed if c.kind == "digest"]
    assert [c.object_id for c in digests] == [digest_user.id]  # viewers never get reminders
    assert not [c for c in scan(app, day).claims if c.kind == "digest"]
    # The next day brings a new reminder (the second allotment's 30 days): a new digest.
    claimed = scan(app, day + timedelta(days=1)).claims
    assert [c.object_id for c in claimed if c.kind == "digest"] == [digest_user.id]
    with app.app_context():
        first, second = db.session.scalars(sa.select(ReminderLedger).where(
            ReminderLedger.kind == "digest").order_by(ReminderLedger.id)).all()
        assert [(r.object_id, r.offset_days) for r in services.digest_items(first)] == [
            (first_allotment, 30), (second_allotment, 60)]
        assert [(r.object_id, r.offset_days) for r in services.digest_items(second)] == [
            (second_allotment, 30)]
    assert admin  # the admin gets per-item e-mails, not a digest


def test_scans_are_recorded(app, make):
    company = make.company()
    build.allotment(app, company.id, EXPIRY)
    scan(app, EXPIRY - timedelta(days=10), trigger="cli")
    with app.app_context():
        last = services.last_scan()
        assert (last.scan_on, last.trigger, last.claimed, last.skipped) == (
            EXPIRY - timedelta(days=10), "cli", 1, 3)
        assert services.scanned_on(EXPIRY - timedelta(days=10))
        assert not services.scanned_on(EXPIRY)

"""What arrives at a real SMTP server: recipients, subject and content at each offset.

`flask send-reminders --today …` runs the scan and sends in-process over SMTP
to aiosmtpd on 127.0.0.1; "today" is simulated, nothing else is.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.reminders import builders as build
from tracker.extensions import db
from tracker.quotas.models import QuotaPosition
from tracker.reminders import delivery, services

EXPIRY = date(2030, 6, 30)
BASE = "http://127.0.0.1:5000"


def send_reminders(runner, day: date, *more: str):
    result = runner.invoke(args=["send-reminders", "--today", day.isoformat(), *more])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def team(app, make):
    """A company with every kind of user the recipient rules distinguish.

    (No passwords: nobody signs in here, and hashing seven would cost seconds.)
    """
    company = make.company("Acme Robotics Limited")
    roles = {"admin": "admin", "quiet_admin": "admin", "staff": "staff", "quiet_staff": "staff",
             "digest": "staff", "viewer": "viewer", "gone": "staff"}
    people = {key: make.user(company, role=role, password=None,
                             email=f"{key.replace('_', '-')}@acme.example")
              for key, role in roles.items()}
    build.set_user(app, people["quiet_admin"].id, quota_reminders_enabled=False)
    build.set_user(app, people["quiet_staff"].id, quota_reminders_enabled=False)
    build.set_user(app, people["digest"].id, daily_digest=True)
    build.set_user(app, people["gone"].id, active=False)
    return company, people


def test_quota_expiry_at_each_offset(app, runner, smtp_mail, team):
    company, _ = team
    allotment = build.allotment(app, company.id, EXPIRY, reference="ITC/TTAS/2030/001")
    person = build.candidate(app, company.id, "Wong Siu Ming")
    build.case(app, company.id, person, stage="submitted", scheme="TechTAS",
               allotment_id=allotment)
    build.case(app, company.id, build.candidate(app, company.id, "Closed Person"),
               stage="refused", scheme="TechTAS", allotment_id=allotment)
    for offset in (90, 60, 30, 14, 7, 1):
        smtp_mail.clear()
        output = send_reminders(runner, EXPIRY - timedelta(days=offset)).output
        assert "claimed  sent  failed  skipped\n      2     2       0        0" in output
        per_item = [r for r in smtp_mail.received if "TechTAS quota" in r.subject]
        digests = [r for r in smtp_mail.received if r.subject.startswith("Daily reminders")]
        assert len(per_item) == 1 and len(digests) == 1
        mail = per_item[0]
        days = "1 day" if offset == 1 else f"{offset} days"
        assert mail.subject == f"TechTAS quota ITC/TTAS/2030/001 expires in {days} — 3 of 5 unused"
        expected = ["admin@acme.example", "staff@acme.example"]
        if offset <= 14:  # escalation: every admin, even one who switched reminders off
            expected.insert(1, "quiet-admin@acme.example")
        assert sorted(mail.recipients) == expected
        text, html = mail.part("plain"), mail.part("html")
        for part in (text, html):
            assert "Acme Robotics Limited" in part and "ITC/TTAS/2030/001" in part
            assert "30/06/2030" in part and f"({offset} days left)" in part
            assert "Wong Siu Ming" in part and "Submitted to ImmD" in part
            assert "Closed Person" not in part
            assert f"{BASE}/quotas/{allotment}" in part
        assert "Research engineer 1 (Artificial intelligence): 1 used, 2 remaining of 3" in text
        assert "3 of 5 unused (2 used)" in text
        assert ("every admin" in text) == (offset <= 14)
        assert digests[0].recipients == ["digest@acme.example"]
        assert mail.subject in digests[0].part("plain")
    rows = build.ledger(app, kind="quota_expiry")
    assert [(r["offset_days"], r["status"], r["attempts"]) for r in rows] == [
        (o, "sent", 1) for o in (90, 60, 30, 14, 7, 1)]
    assert rows[-1]["message_id"] == per_item[0].message_id
    assert rows[-1]["recipients"] == ", ".join(expected)


def test_no_reminder_for_used_up_or_expired_allotments(app, runner, smtp_mail, team):
    company, _ = team
    build.allotment(app, company.id, EXPIRY, positions=((2, 2), (1, 1)))
    build.allotment(app, company.id, EXPIRY - timedelta(days=31))
    output = send_reminders(runner, EXPIRY - timedelta(days=30)).output
    assert "claimed  sent  failed  skipped\n      0     0       0        0" in output
    assert smtp_mail.received == []


def test_used_up_after_the_claim_is_skipped_not_sent(app, smtp_mail, team):
    company, _ = team
    allotment = build.allotment(app, company.id, EXPIRY, positions=((1, 0),))
    day = EXPIRY - timedelta(days=30)
    with app.app_context():
        claimed = services.scan(day).to_send
        db.session.execute(sa.update(QuotaPosition).where(QuotaPosition.allotment_id == allotment)
                           .values(used=1))
        db.session.commit()
        assert delivery.deliver(claimed[0], day) == "skipped"
    assert build.ledger(app, kind="quota_expiry")[0]["reason"] == "not_due"
    assert smtp_mail.received == []


def test_stay_hkid_and_passport_content(app, runner, smtp_mail, team):
    company, _ = team
    stay_end = date(2030, 9, 1)
    person = build.candidate(app, company.id, "Chan Tai Man", passport_expiry=date(2031, 3, 1))
    build.case(app, company.id, person, stage="active", limit_of_stay_until=stay_end,
               visa_number="V-123")
    send_reminders(runner, date(2030, 5, 1))  # 4 months before: a month before the window
    (stay,) = [r for r in smtp_mail.received if "Limit of stay" in r.subject]
    assert stay.subject == "Limit of stay of Chan Tai Man ends in 123 days (01/09/2030)"
    assert ("can be applied for from 01/06/2030 (3 months before the limit of stay ends, for "
            "extensions filed from 01/03/2026") in stay.part("plain")
    assert "the extension window opens in a month" in stay.part("html")
    assert "form ID 91" in stay.part("plain") and "V-123" in stay.part("html")

    smtp_mail.clear()
    arrived = build.candidate(app, company.id, "Lee Ka Yan")
    build.case(app, company.id, arrived, stage="arrived", arrived_on=date(2030, 7, 1))
    send_reminders(runner, date(2030, 7, 28))  # due 31/07: 3 days left, escalated
    (hkid,) = [r for r in smtp_mail.received if "HKID" in r.subject]
    assert hkid.subject == "HKID registration for Lee Ka Yan due in 3 days (31/07/2030)"
    assert "quiet-admin@acme.example" in hkid.recipients
    assert "Registration of Persons office" in hkid.part("plain")

    smtp_mail.clear()
    send_reminders(runner, date(2031, 3, 1) - timedelta(days=183))
    (passport,) = [r for r in smtp_mail.received if "Passport" in r.subject]
    assert passport.subject == "Passport of Chan Tai Man expires in 183 days (01/03/2031)"
    assert "renew the passport" in passport.part("plain")
    assert f"{BASE}/candidates/{person}" in passport.part("html")


def test_nobody_to_mail_is_recorded_as_skipped(app, runner, smtp_mail, make):
    company = make.company()
    viewer = make.user(company, role="viewer")
    build.allotment(app, company.id, EXPIRY)
    output = send_reminders(runner, EXPIRY - timedelta(days=30)).output
    assert "      1     0       0        3" in output  # 2 superseded + 1 with nobody to mail
    assert smtp_mail.received == [] and viewer
    (row,) = build.ledger(app, status="skipped", reason="no_recipients")
    assert row["offset_days"] == 30


def test_a_refused_mailbox_fails_at_once_without_retries(app, smtp_mail, team):
    company, _ = team
    build.allotment(app, company.id, EXPIRY)
    smtp_mail.refuse = "550 5.1.1 mailbox unavailable"
    day = EXPIRY - timedelta(days=30)
    with app.app_context():
        (item, _digest) = services.scan(day).to_send
        # Not the final attempt, yet no retry: a 5xx answer will not change by waiting.
        assert delivery.deliver(item, day, final=False) == "failed"
    (row,) = build.ledger(app, status="failed")
    assert row["attempts"] == 1 and "mailbox unavailable" in row["error"]


def test_a_line_break_in_a_subject_fails_with_the_reason_and_can_be_resent(
        app, smtp_mail, team, login):
    """A reference typed before names refused control characters: the mail library refuses
    the header (BadHeaderError), and the row ends `failed`, not `sending` for ever."""
    company, people = team
    build.allotment(app, company.id, EXPIRY, reference="ITC/1\r\nBcc: evil@example.com")
    day = EXPIRY - timedelta(days=30)
    with app.app_context():
        (item, _digest) = services.scan(day).to_send
        assert delivery.deliver(item, day, final=False) == "failed"
    (row,) = build.ledger(app, status="failed")
    assert row["attempts"] == 1 and "BadHeaderError" in row["error"]
    assert not any("evil@example.com" in r.recipients for r in smtp_mail.received)
    build.set_user(app, people["admin"].id, password_hash=hash_for(app))
    admin = login(people["admin"], password=PASSWORD, the_client=app.test_client())
    page = admin.get("/notifications?status=failed").get_data(as_text=True)
    assert f"/notifications/{row['id']}/resend" in page and "BadHeaderError" in page


PASSWORD = "a long enough passphrase 7"


def hash_for(app) -> str:
    from tracker.auth.passwords import hash_password

    with app.app_context():
        return hash_password(PASSWORD)


def test_a_reminder_whose_sender_keeps_dying_gives_up_after_the_attempt_limit(app, team):
    company, _ = team
    allotment = build.allotment(app, company.id, EXPIRY)
    limit = app.config["REMINDER_MAX_ATTEMPTS"]
    past = datetime.now(UTC) - timedelta(minutes=1)  # the lease of a worker that died
    last_try = build.ledger_row(app, company.id, allotment, status="sending", attempts=limit - 1,
                                lease_until=past)
    spent = build.ledger_row(app, company.id, allotment, status="sending", attempts=limit,
                             lease_until=past, offset_days=7, error="worker lost")
    with app.app_context():
        assert delivery.acquire(last_try) is not None  # one attempt left: taken
        assert delivery.acquire(spent) is None
    (row,) = build.ledger(app, id=spent)
    assert row["status"] == "failed" and row["lease_until"] is None
    assert row["error"] == f"Gave up after {limit} attempts. worker lost"
    with app.app_context():
        assert delivery.failed_recently(7) == []  # the hourly retry leaves it to a person


def test_resend_gives_the_attempts_back(app, team):
    company, _ = team
    allotment = build.allotment(app, company.id, EXPIRY)
    limit = app.config["REMINDER_MAX_ATTEMPTS"]
    row_id = build.ledger_row(app, company.id, allotment, status="failed", attempts=limit)
    with app.app_context():
        from tracker.reminders.models import ReminderLedger
        from tracker.reminders.notifications import resend

        resend(db.session.get_one(ReminderLedger, row_id))
        assert delivery.acquire(row_id) is not None
    (row,) = build.ledger(app, id=row_id)
    assert row["attempts"] == 1 and row["error"].startswith(f"Resend requested after {limit}")

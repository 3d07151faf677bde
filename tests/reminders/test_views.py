"""The Notifications page (admins), Resend, and each user's e-mail settings."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tests.reminders import builders as build
from tracker.audit.models import AuditEvent
from tracker.extensions import db

pytestmark = pytest.mark.usefixtures("session_queue")


@pytest.fixture
def admin(make):
    return make.user(make.company("Acme Robotics Limited"), role="admin")


def test_admins_see_their_companys_ledger(app, client, login, make, admin):
    allotment = build.allotment(app, admin.company_id, date(2030, 6, 30),
                                reference="ITC/TTAS/2030/007")
    build.ledger_row(app, admin.company_id, allotment, status="sent", subject="Sent subject",
                     recipients="a@acme.example", message_id="<abc@tracker.local>", attempts=1)
    build.ledger_row(app, admin.company_id, allotment, status="failed", offset_days=14,
                     error="Attempt 4: ConnectionRefusedError: [Errno 111]", attempts=4)
    other = make.company()
    build.ledger_row(app, other.id, build.allotment(app, other.id, date(2030, 6, 30),
                                                    reference="ITC/OTHER/1"))
    login(admin)
    page = client.get("/notifications").get_data(as_text=True)
    assert "ITC/TTAS/2030/007" in page and "ITC/OTHER" not in page
    assert "Sent subject" in page
    assert "abc@tracker.local" not in page  # the mail server's message id is not for users
    assert "ConnectionRefusedError" in page
    assert page.count(">Resend</button>") == 1
    failed_only = client.get("/notifications?status=failed").get_data(as_text=True)
    assert "Sent subject" not in failed_only and "ConnectionRefusedError" in failed_only
    assert 'href="/notifications"' in client.get("/").get_data(as_text=True)  # in the menu


@pytest.mark.parametrize("role", ["staff", "viewer"])
def test_only_admins_see_notifications(client, login, make, role):
    login(make.user(role=role))
    assert client.get("/notifications").status_code == 403
    assert client.post("/notifications/1/resend").status_code == 403


def test_resend_puts_a_failed_reminder_back_in_line(app, client, login, admin):
    row_id = build.ledger_row(app, admin.company_id, 1, error="SMTP down", attempts=4)
    login(admin)
    response = client.post(f"/notifications/{row_id}/resend", follow_redirects=True)
    assert "Reminder queued for sending." in response.get_data(as_text=True)
    (row,) = build.ledger(app, id=row_id)
    assert row["status"] == "pending" and row["attempts"] == 0
    assert row["error"] == "Resend requested after 4 attempts. SMTP down"
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "resend"))
        assert (event.object_id, event.user_id) == (row_id, admin.id)


def test_resend_refuses_what_did_not_fail(app, client, login, admin):
    row_id = build.ledger_row(app, admin.company_id, 1, status="sent", attempts=1)
    login(admin)
    response = client.post(f"/notifications/{row_id}/resend", follow_redirects=True)
    assert "Only failed reminders can be resent; this one is sent." in response.get_data(
        as_text=True)
    assert build.ledger(app, id=row_id)[0]["status"] == "sent"


def test_another_companys_reminder_is_404(app, client, login, make, admin):
    other = make.company()
    row_id = build.ledger_row(app, other.id, 1)
    login(admin)
    assert client.post(f"/notifications/{row_id}/resend").status_code == 404
    assert client.post("/notifications/999999/resend").status_code == 404
    assert build.ledger(app, id=row_id)[0]["status"] == "failed"


def test_pages_of_fifty(app, client, login, admin):
    for offset in range(1, 56):
        build.ledger_row(app, admin.company_id, 1, status="sent", offset_days=offset)
    login(admin)
    first = client.get("/notifications").get_data(as_text=True)
    assert first.count('id="reminder-') == 50 and "Page 1 of 2" in first
    assert client.get("/notifications?page=2").get_data(as_text=True).count(
        'id="reminder-') == 5
    assert client.get("/notifications?page=99&status=nonsense").status_code == 200


def test_users_switch_their_reminder_emails(app, client, login, make):
    staff = make.user(role="staff")
    login(staff)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "Email me reminders" in page and "Daily digest instead of one email per reminder" in page
    response = client.post("/account/notifications", data={"daily_digest": "y"},
                           follow_redirects=True)
    assert "Email settings saved." in response.get_data(as_text=True)
    with app.app_context():
        from tracker.auth.models import User
        user = db.session.get(User, staff.id)
        assert (user.quota_reminders_enabled, user.daily_digest) == (False, True)
        event = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.object_type == "user", AuditEvent.action == "update"))
        assert event.changes == {"quota_reminders_enabled": [True, False],
                                 "daily_digest": [False, True]}


def test_viewers_have_no_reminder_settings(client, login, make):
    login(make.user(role="viewer"))
    assert client.get("/account/notifications").status_code == 403


def test_the_last_scan_counts_only_the_companys_own_reminders(app, client, login, make,
                                                              admin):
    """A scan covers every company; its totals would tell one company about the others."""
    from tracker.reminders import services

    expiry = date(2030, 6, 30)
    other = make.company()
    make.user(other, role="admin", password=None)
    for company_id, count in ((admin.company_id, 1), (other.id, 3)):
        for _ in range(count):
            build.allotment(app, company_id, expiry)
    with app.app_context():
        result = services.scan(date(2030, 5, 31))
        assert len(result.to_send) > 2  # the other company's reminders were claimed too
    login(admin)
    page = client.get("/notifications").get_data(as_text=True)
    own = [row["status"] == "skipped" for row in build.ledger(app, company_id=admin.company_id)]
    claimed, skipped = own.count(False), own.count(True)
    assert claimed >= 1 and claimed + skipped < len(build.ledger(app))
    assert f"{claimed} due, {skipped} not needed" in page

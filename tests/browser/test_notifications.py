"""An admin resends a failed reminder from the Notifications page; a real worker sends it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.reminder_fixtures import wait_for
from tests.reminders import builders as build
from tracker.clock import today

pytestmark = pytest.mark.browser


def test_admin_resends_a_failed_reminder(page, live_server, sign_in, make, app, smtp_sink,
                                         start_worker):
    admin = make.user(make.company("Browser Robotics Limited"), role="admin")
    with app.app_context():
        expires = today() + timedelta(days=30)  # the worker resends on the real date
    allotment = build.allotment(app, admin.company_id, expires, reference="ITC/TTAS/BROWSER")
    row_id = build.ledger_row(app, admin.company_id, allotment, due_on=expires, attempts=4,
                              error="Attempt 4: ConnectionRefusedError: [Errno 111]")
    start_worker(smtp_sink.port)

    sign_in(admin)
    page.locator("#admin-menu > button").click()  # the Admin menu (issue 17)
    page.get_by_role("link", name="Notifications").click()
    row = page.locator(f"#reminder-{row_id}")
    expect(row).to_contain_text("ITC/TTAS/BROWSER")
    expect(row).to_contain_text("could not be sent")
    expect(row).to_contain_text("ConnectionRefusedError")
    row.get_by_role("button", name="Resend").click()
    expect(page.get_by_role("alert")).to_have_text("Reminder queued for sending.")

    wait_for(lambda: len(smtp_sink.received) == 1, message="the resent e-mail")
    assert smtp_sink.received[0].recipients == [admin.email]
    assert smtp_sink.received[0].subject == (
        "TechTAS quota ITC/TTAS/BROWSER expires in 30 days — 3 of 5 unused")
    wait_for(lambda: build.ledger(app, id=row_id)[0]["status"] == "sent",
             message="the ledger to say sent")
    page.reload()
    expect(row).to_contain_text("sent")
    expect(row).to_contain_text("expires in 30 days")
    expect(row.get_by_role("button", name="Resend")).to_have_count(0)

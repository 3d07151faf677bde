"""An extension of stay end to end in Chromium (issue 16): an Active GEP case → start the
extension → submit → approve with the pre-filled new limit of stay → the case page and the
person's page show the new limit, and the reminder series moved to it (the real scan)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from tests.case_helpers import FACTS, case_row, move, pin_today
from tracker.extensions import db
from tracker.reminders.models import ReminderLedger
from tracker.reminders.services import scan

pytestmark = pytest.mark.browser

OLD_LIMIT = date(2025, 8, 20)
ENTRY_STAGES = ("preparing", "submitted", "approved", "visa_issued", "arrived", "active")


def move_in_browser(page: Page, stage: str, choices: dict[str, str] | None = None,
                    **facts: str) -> None:
    """Fill the stage-move form by its labels and submit it."""
    page.get_by_label("New stage").select_option(label=stage)
    for label, value in facts.items():
        page.get_by_label(label, exact=True).fill(value)
    for label, value in (choices or {}).items():
        page.get_by_label(label, exact=True).select_option(value)
    page.get_by_role("button", name="Move case").click()


def pending_stay_reminders(app, day: date) -> list[tuple[int, date]]:
    with app.app_context():
        scan(day)
        rows = db.session.execute(sa.select(ReminderLedger.object_id, ReminderLedger.due_on).where(
            ReminderLedger.kind == "stay_expiry", ReminderLedger.scan_on == day,
            ReminderLedger.status == "pending")).all()
        return [(row.object_id, row.due_on) for row in rows]


def test_extension_of_an_active_gep_case(page: Page, live_server, sign_in, make, app,
                                        monkeypatch):
    pin_today(app, monkeypatch)
    company = make.company()
    staff = make.user(company, role="staff")
    case = make.case(company, owner_id=staff.id)
    for stage in ENTRY_STAGES:
        facts = FACTS.get(stage, {})
        move(app, case, stage, **(facts | {"limit_of_stay_until": OLD_LIMIT}
                                  if stage == "visa_issued" else facts))
    assert pending_stay_reminders(app, date(2025, 6, 10)) == [(case.id, OLD_LIMIT)]
    sign_in(staff)

    page.goto(f"{live_server}/cases/{case.id}")
    page.get_by_role("button", name="Start the extension of stay").click()
    expect(page.get_by_text("Extension of stay opened.")).to_be_visible()
    expect(page.get_by_role("heading", name="Extension of stay 1")).to_be_visible()
    expect(page.locator("#window-opens")).to_have_text("23/07/2025")
    extension_id = int(page.url.rstrip("/").rsplit("/", 1)[1])

    move_in_browser(page, "Submitted to ImmD",
                    choices={"Submitted online or on paper": "online"},
                    **{"Submission date": "2025-06-01", "ImmD reference": "EXT/2025/1"})
    expect(page.get_by_text("Moved to Submitted to ImmD.")).to_be_visible()
    page.get_by_label("New stage").select_option(label="Approved")
    # GEP 3+3+2: the first extension runs 3 years from the day after the old limit.
    expect(page.get_by_label("New limit of stay until", exact=True)).to_have_value("2028-08-20")
    move_in_browser(page, "Approved", **{"Approval date": "2025-06-02"})
    expect(page.get_by_text("Moved to Approved.")).to_be_visible()
    expect(page.locator('[data-fact="limit_of_stay_until"] .fact-value')).to_have_text(
        "20/08/2028")

    page.goto(f"{live_server}/cases/{case.id}")
    expect(page.locator("#superseded")).to_contain_text(f"replaced by case {extension_id}")
    page.goto(f"{live_server}/candidates/{case.candidate_id}")
    expect(page.locator("#status-now")).to_contain_text("20/08/2028")

    assert case_row(app, case.id).superseded_by_id == extension_id
    assert pending_stay_reminders(app, date(2025, 7, 1)) == []  # the old series stopped
    assert pending_stay_reminders(app, date(2028, 6, 1)) == [(extension_id, date(2028, 8, 20))]

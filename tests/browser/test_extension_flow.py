"""An extension of stay end to end in Chromium (issue 16): an Active GEP case → start the
extension → submit → approve with the pre-filled new limit of stay → the case page and the
person's page show the new limit, and the reminder series moved to it (the real scan). The
person's spouse, added on their page with her own dependant visa application, has her stay
extended with the sponsor's from the extension's page, and her reminders follow too."""

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
DEPENDANT_STAGES = ("submitted", "approved", "visa_issued", "arrived", "active")


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
    spouse_case_id = add_spouse_with_her_visa(page, live_server, app, case.candidate_id)

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

    # The spouse's stay, extended with the sponsor's from the extension's page.
    page.goto(f"{live_server}/cases/{extension_id}")
    page.get_by_role("button", name="Extend the dependants' stays to 20/08/2028").click()
    expect(page.get_by_text("1 dependant's stay extended to 20/08/2028.")).to_be_visible()
    page.goto(f"{live_server}/candidates/{case.candidate_id}")
    expect(page.locator("#dependants-table .stay")).to_have_text("20/08/2028")
    spouse_extension = case_row(app, case_row(app, spouse_case_id).superseded_by_id)
    assert (spouse_extension.kind, spouse_extension.limit_of_stay_until) == (
        "extension", date(2028, 8, 20))

    assert case_row(app, case.id).superseded_by_id == extension_id
    assert pending_stay_reminders(app, date(2025, 7, 1)) == []  # both old series stopped
    assert sorted(pending_stay_reminders(app, date(2028, 6, 1))) == [
        (extension_id, date(2028, 8, 20)), (spouse_extension.id, date(2028, 8, 20))]


def add_spouse_with_her_visa(page: Page, live_server: str, app, principal_id: int) -> int:
    """Add the spouse on the person's page, start her dependant visa application there,
    and walk it to Active (the service) with the sponsor's limit of stay."""
    page.goto(f"{live_server}/candidates/{principal_id}")
    page.get_by_role("link", name="Add a dependant").click()
    page.get_by_label("Relation").select_option("spouse")
    for label, value in {"Full name": "Mei Chan", "Nationality": "Canadian",
                         "Date of birth": "1991-04-05", "Passport number": "S1234567",
                         "Passport expiry": "2032-01-01"}.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Save the dependant").click()
    expect(page.get_by_text("Dependant Mei Chan added.")).to_be_visible()
    page.get_by_role("button", name="Start the dependant visa application").click()
    expect(page.get_by_text("The dependant visa application of Mei Chan is opened.")
           ).to_be_visible()
    spouse_case = case_row(app, int(page.url.rstrip("/").rsplit("/", 1)[1]))
    for stage in DEPENDANT_STAGES:
        facts = {k: v for k, v in FACTS.get(stage, {}).items() if k != "limit_of_stay_until"}
        move(app, spouse_case, stage, **(facts | {"limit_of_stay_until": OLD_LIMIT}
                                         if stage == "approved" else facts))
    return spouse_case.id

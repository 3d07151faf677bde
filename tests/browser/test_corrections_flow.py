"""Correcting recorded facts on the case page in Chromium: a refusal with every reason under its
field, then corrections that follow through (the HKID due date, the timeline, the audit)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.case_helpers import audit_entries, pin_today, walk

pytestmark = pytest.mark.browser


def open_correction(page: Page, fact: str):
    """Open the "Correct" form of *fact* in the case details; returns the form."""
    page.locator(f"dd[data-fact='{fact}'] summary").click()
    form = page.locator(f"form.correction-form[data-fact='{fact}']")
    expect(form).to_be_visible()
    return form


def test_staff_correct_recorded_facts_on_the_case_page(page: Page, live_server, sign_in, make,
                                                       app, monkeypatch):
    pin_today(app, monkeypatch)
    company = make.company()
    case = make.case(company, allotment=make.techtas_allotment(company))
    make.documents(case)
    walk(app, case, "preparing", "submitted", "approved", "visa_issued", "arrived")
    sign_in(make.user(company, role="staff"))
    page.goto(f"{live_server}/cases/{case.id}")
    limit = page.locator("dd[data-fact='limit_of_stay_until'] .fact-value")
    expect(limit).to_have_text("22/05/2028")

    # A limit of stay on the visa's own day, and no reason: both refused at once.
    form = open_correction(page, "limit_of_stay_until")
    form.get_by_label("Limit of stay until (corrected)").fill("2025-05-23")
    form.get_by_role("button", name="Save correction").click()
    expect(page.get_by_role("alert").filter(has_text="was not saved")).to_be_visible()
    form = page.locator("form.correction-form[data-fact='limit_of_stay_until']")
    expect(form).to_be_visible()  # reopened with the posted values and the reasons
    expect(form).to_contain_text(
        "Limit of stay 23/05/2025 is not after the visa issue date 23/05/2025.")
    expect(form).to_contain_text("Give the reason for the correction.")
    expect(limit).to_have_text("22/05/2028")

    form.get_by_label("Limit of stay until (corrected)").fill("2028-11-22")
    form.get_by_label("Reason for the correction").fill("The e-Visa states 22/11/2028.")
    form.get_by_role("button", name="Save correction").click()
    expect(page.get_by_text("Limit of stay until corrected.")).to_be_visible()
    expect(page.get_by_text("Limit-of-stay reminders now count down to 22/11/2028.")
           ).to_be_visible()
    expect(limit).to_have_text("22/11/2028")

    # The arrival date: the HKID registration due date follows it.
    form = open_correction(page, "arrived_on")
    form.get_by_label("Arrival date (corrected)").fill("2025-05-28")
    form.get_by_label("Reason for the correction").fill("Entry stamp says 28 May.")
    form.get_by_role("button", name="Save correction").click()
    expect(page.get_by_text("HKID registration is now due by 27/06/2025.")).to_be_visible()
    expect(page.locator("dd[data-fact='hkid_due_on']")).to_have_text("27/06/2025")

    timeline = page.get_by_label("Timeline")
    for text in ("Limit of stay until: 22/05/2028 → 22/11/2028",
                 "Reason: The e-Visa states 22/11/2028.",
                 "Arrival date: 30/05/2025 → 28/05/2025",
                 "HKID registration due: 29/06/2025 → 27/06/2025"):
        expect(timeline).to_contain_text(text)
    expect(timeline.locator(".timeline-correction")).to_have_count(2)
    assert [sorted(e.changes) for e in audit_entries(app, "case", case.id, "correct")] == [
        ["limit_of_stay_until"], ["arrived_on", "hkid_due_on"]]

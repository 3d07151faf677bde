"""A TechTAS case end to end in Chromium: candidate → case → submitted → approved → visa
issued, and the refusals when the position is used up or the allotment has expired."""

from __future__ import annotations

import os
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.case_helpers import TODAY, pin_today, walk

pytestmark = pytest.mark.browser


def move(page: Page, stage: str, **facts: str) -> None:
    """Fill the stage-move form by its labels and submit it."""
    page.get_by_label("New stage").select_option(label=stage)
    for label, value in facts.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Move case").click()


def test_techtas_case_end_to_end(page: Page, live_server, sign_in, make, app, monkeypatch):
    pin_today(app, monkeypatch)
    company = make.company()
    allotment = make.techtas_allotment(company, itc_reference="ITC/TT/001", positions=[{
        "job_title": "Research Engineer", "technology_area": "Artificial intelligence",
        "monthly_salary": 40_000, "quotas": 1}])
    sign_in(make.user(company, role="staff"))

    page.get_by_role("link", name="Candidates").click()
    page.get_by_role("link", name="Add a candidate").click()
    for label, value in {"Full name": "Lee Ka Yan", "Nationality": "Singaporean",
                         "Date of birth": "1992-03-04", "Passport number": "e 1234567 a",
                         "Passport expiry": "2032-01-01", "Email": "ky@example.com",
                         "Subject": "Computer Science", "Institution": "NUS",
                         "Years of relevant experience": "6"}.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Highest qualification").select_option(label="Master's")
    page.get_by_label("STEM degree").select_option("Yes")
    page.get_by_role("button", name="Save candidate").click()
    expect(page.get_by_text("Candidate Lee Ka Yan added.")).to_be_visible()
    expect(page.get_by_text("E1234567A")).to_be_visible()

    page.get_by_role("link", name="Open a case").click()
    page.get_by_label("Scheme").select_option("TechTAS")
    page.get_by_label("Quota allotment").select_option(str(allotment.id))
    page.get_by_label("Position", exact=True).select_option(str(allotment.position_id))
    page.get_by_label("Job title").fill("Research Engineer")
    page.get_by_label("Monthly salary (HKD)").fill("45000")
    page.get_by_label("Intended start date").fill("2025-09-01")
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_text("Case opened.")).to_be_visible()
    expect(page.locator("#quota-usage")).to_have_text("Quota used: 0 of 1")

    move(page, "Preparing documents")
    move(page, "Submitted to ImmD", **{"Submission date": "2025-05-26",
                                       "ImmD reference": "G/2025/001"})
    expect(page.get_by_text("Moved to Submitted to ImmD.")).to_be_visible()
    expect(page.locator("#quota-usage")).to_contain_text("Quota used: 1 of 1")
    expect(page.get_by_text("Submitted with required documents missing")).to_be_visible()

    move(page, "Approved", **{"Approval date": "2025-05-30"})
    move(page, "Visa issued", **{"Visa issue date": "2025-06-02",
                                 "Visa / e-Visa number": "EV-778899",
                                 "Limit of stay until": "2028-06-20"})
    expect(page.get_by_text("Moved to Visa issued.")).to_be_visible()
    timeline = page.get_by_label("Timeline")
    for text in ("Draft", "Preparing documents", "Submitted to ImmD", "Approved",
                 "Visa issued", "ImmD reference: G/2025/001", "Visa issue date: 02/06/2025",
                 "Visa / e-Visa number: EV-778899",
                 "Limit of stay until: 20/06/2028"):
        expect(timeline).to_contain_text(text)
    if os.environ.get("SCREENSHOT_DIR"):  # for the README: SCREENSHOT_DIR=docs pytest ...
        page.set_viewport_size({"width": 1280, "height": 1400})
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "case-page.png"),
                        full_page=True)

    # The position's only quota is used: the next submission is refused with the reason.
    second = make.case(company, allotment=allotment)
    walk(app, second, "preparing")
    page.goto(f"{live_server}/cases/{second.id}")
    move(page, "Submitted to ImmD", **{"Submission date": "2025-06-02"})
    expect(page.get_by_role("alert").filter(has_text="Move refused")).to_contain_text(
        "'Research Engineer', Artificial intelligence (allotment ITC/TT/001) has no quota left")
    expect(page.locator("#quota-usage")).to_contain_text("Quota used: 1 of 1")


def test_an_expired_allotment_refuses_submission(page: Page, live_server, sign_in, make, app,
                                                 monkeypatch):
    pin_today(app, monkeypatch)
    company = make.company()
    expired = make.techtas_allotment(company, itc_reference="ITC/OLD/9",
                             allotment_date=date(2024, 1, 1), valid_until=date(2025, 5, 31))
    case = make.case(company, allotment=expired)
    walk(app, case, "preparing")
    sign_in(make.user(company, role="staff"))
    page.goto(f"{live_server}/cases/{case.id}")
    expect(page.locator(".rule[data-code='techtas_allotment']")).to_contain_text(
        "expired on 31/05/2025")
    move(page, "Submitted to ImmD", **{"Submission date": TODAY.isoformat()})
    expect(page.get_by_role("alert").filter(has_text="Move refused")).to_contain_text(
        "(allotment ITC/OLD/9) expired on 31/05/2025")
    expect(page.locator("#quota-usage")).to_contain_text("Quota used: 0 of 5")

"""Issue 17's findings, the rest of them in Chromium: the navigation's one search finds a
case by what the walk-through tried (an ImmD reference, a visa number, a job title, the
Chinese name 黃嘉欣 as typed), the case list's other bulk actions (assign an owner, mark a
document received on a date), and the allotment form's errors in one round, all within
the CSP. (test_navigation.py covers the bulk move and its refusals.)"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.csp import visit
from tests.case_helpers import move

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app, make):
    """A company with WONG Ka Yan's GEP case issued its visa, two drafts, and a staff user."""
    company = make.company()
    wong = make.candidate(company, full_name="WONG Ka Yan", chinese_name="黃嘉欣",
                          passport_number="K7654321")
    case = make.case(company, candidate=wong, job_title="Quantum Compiler Engineer")
    make.documents(case)
    move(app, case, "preparing")
    move(app, case, "submitted", submitted_on=date(2025, 5, 2), immd_reference="IMMD/ZX/4242")
    move(app, case, "approved")
    move(app, case, "visa_issued", visa_issued_on=date(2025, 5, 23), visa_number="EV998877",
         limit_of_stay_until=date(2028, 5, 22))
    drafts = [make.case(company) for _ in range(2)]
    return {"company": company, "wong": wong, "case": case, "drafts": drafts,
            "staff": make.user(company, role="staff"),
            "colleague": make.user(company, role="staff")}


def search(page: Page, text: str) -> None:
    """Type *text* into the navigation's search box and press Enter."""
    box = page.get_by_role("searchbox", name="Search the tracker")
    box.fill(text)
    box.press("Enter")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("text", ["IMMD/ZX/4242", "EV998877", "Quantum Compiler", "zx/42"])
def test_the_search_finds_the_case_by_what_was_tried(page, live_server, world, sign_in,
                                                     violations, text):
    sign_in(world["staff"])
    search(page, text)
    violations.extend(page.evaluate("window.__cspViolations"))
    cases = page.locator("section[aria-labelledby=found-cases]")
    cases.get_by_role("link", name="WONG Ka Yan").click()
    expect(page).to_have_url(f"{live_server}/cases/{world['case'].id}")
    assert violations == []


def test_the_search_finds_the_candidate_by_the_chinese_name_and_passport(
        page, live_server, world, sign_in, violations):
    sign_in(world["staff"])
    for text in ("黃嘉欣", "k7654321"):
        search(page, text)
        violations.extend(page.evaluate("window.__cspViolations"))
        found = page.locator("section[aria-labelledby=found-candidates]")
        expect(found.get_by_role("link", name="WONG Ka Yan")).to_have_attribute(
            "href", f"/candidates/{world['wong'].id}")
    search(page, "nobody-here")
    expect(page.locator("#search-nothing")).to_contain_text("Nothing matches “nobody-here”.")
    assert violations == []


def test_assign_an_owner_and_mark_a_document_received_in_bulk(page, live_server, world,
                                                               sign_in, violations):
    sign_in(world["staff"])
    visit(page, f"{live_server}/cases/", violations)
    drafts = [f"input.case-select[value='{case.id}']" for case in world["drafts"]]
    for box in drafts:
        page.locator(box).check()
    expect(page.locator("#selected-count")).to_have_text("(2)")
    page.locator("#bulk-owner").select_option(str(world["colleague"].id))
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Owner assigned to 2 cases.")).to_be_visible()
    name = "User " + world["colleague"].email.removeprefix("user").split("@")[0]  # factories
    for box in drafts:
        expect(page.locator("tbody tr").filter(has=page.locator(box))).to_contain_text(name)

    for box in drafts:  # the list came back unticked
        page.locator(box).check()
    page.locator("#bulk-document").select_option("passport")
    page.locator("#bulk-on").fill("2025-05-20")
    page.get_by_role("button", name="Mark received").click()
    expect(page.get_by_text("Marked received on 2 cases.")).to_be_visible()
    visit(page, f"{live_server}/cases/{world['drafts'][0].id}", violations)
    expect(page.locator("#doc-passport")).to_have_attribute("data-status", "received")
    expect(page.locator("#doc-passport .doc-status")).to_contain_text("20/05/2025")
    assert violations == []


def test_the_allotment_form_lists_every_error_in_one_round(page, live_server, make, sign_in,
                                                           violations):
    sign_in(make.user(role="staff"))
    visit(page, f"{live_server}/quotas/new", violations)
    page.get_by_label("Allotment date").fill("2025-03-03")
    page.get_by_label("Valid until").fill("2025-01-01")  # before the allotment date
    page.get_by_label("Number of quotas").fill("3")
    page.get_by_label("Job title").fill("Data scientist")
    page.get_by_label("Monthly salary (HKD)").fill("40000")
    page.get_by_label("Quotas", exact=True).fill("2")  # 2 of 3: the sum is wrong too
    page.get_by_role("button", name="Save allotment").click()
    page.wait_for_load_state("load")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    for field in ("ITC reference", "Valid until"):
        expect(summary.get_by_role("link", name=f"{field}:")).to_be_visible()
    expect(summary).to_contain_text("add up to 2, but the Number of quotas is 3")
    summary.get_by_role("link", name="Valid until:").click()
    expect(page.get_by_label("Valid until")).to_be_focused()
    violations.extend(page.evaluate("window.__cspViolations"))
    assert violations == []

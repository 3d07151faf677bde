"""Forms in Chromium (issue 17): a bad form shows every error in a summary that takes the
focus, each item focuses its field (opening its folded section), the case form shows
only the chosen scheme's fields, and the CSP holds throughout."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.csp import visit
from tests.case_helpers import pin_today

pytestmark = pytest.mark.browser


def test_a_bad_candidate_form_shows_the_summary_and_its_links_focus_the_fields(
        page: Page, live_server, sign_in, make, app, monkeypatch, violations):
    pin_today(app, monkeypatch)
    sign_in(make.user(role="staff"))
    visit(page, f"{live_server}/candidates/new", violations)
    expect(page.locator("details.form-section").first).to_have_attribute("open", "")
    page.get_by_label("Full name").fill("Chan Tai Man")
    page.get_by_label("Date of birth").fill("2030-01-01")  # in the future: the service's
    page.get_by_label("Passport number").fill("K1234567")  # nationality and expiry left blank
    page.get_by_role("heading", name="Work").click()  # open the folded Work section
    page.get_by_label("Years in managerial or senior roles").fill("-2")
    page.get_by_role("button", name="Save candidate").click()
    page.wait_for_load_state("load")

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(4)
    expect(summary).to_contain_text("The date of birth must be a past date.")

    summary.get_by_role("link", name="Date of birth").click()
    expect(page.locator("#date_of_birth")).to_be_focused()
    summary.get_by_role("link", name="Years in managerial or senior roles").click()
    expect(page.locator("#years_managerial")).to_be_focused()
    expect(page.locator("#years_managerial")).to_be_in_viewport()
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = false)")
    summary.get_by_role("link", name="Nationality").click()  # its section opens again
    expect(page.locator("#nationality")).to_be_focused()
    expect(page.locator("#nationality")).to_be_visible()
    assert violations == []


def test_the_case_form_shows_only_the_chosen_scheme_s_fields(
        page: Page, live_server, sign_in, make, app, monkeypatch, violations):
    pin_today(app, monkeypatch)
    sign_in(make.user(role="staff"))
    visit(page, f"{live_server}/cases/new", violations)
    scheme = page.get_by_label("Scheme")
    job, allotment = page.get_by_label("Job title"), page.get_by_label("Quota allotment")
    justification = page.get_by_label("Justification of local recruitment")

    scheme.select_option("TechTAS")
    expect(allotment).to_be_visible()
    expect(job).to_be_visible()
    expect(justification).to_be_hidden()

    scheme.select_option("GEP")
    expect(allotment).to_be_hidden()
    expect(justification).to_be_visible()
    job.fill("Research Engineer")

    scheme.select_option("QMAS")
    expect(job).to_be_hidden()
    expect(page.get_by_label("Monthly salary (HKD)")).to_be_hidden()
    expect(page.get_by_label("Intended start date")).to_be_visible()

    scheme.select_option("GEP")  # switching back loses nothing
    expect(job).to_have_value("Research Engineer")
    assert violations == []


def test_a_bad_case_form_lists_every_error_and_links_the_candidate_search(
        page: Page, live_server, sign_in, make, app, monkeypatch, violations):
    pin_today(app, monkeypatch)
    sign_in(make.user(role="staff"))
    visit(page, f"{live_server}/cases/new", violations)
    page.get_by_label("Scheme").select_option("GEP")
    page.get_by_label("Monthly salary (HKD)").fill("20000000")
    page.get_by_role("button", name="Save case").click()
    page.wait_for_load_state("load")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter an amount from HK$0 to HK$10,000,000.")
    expect(summary).to_contain_text("Choose one of your company's candidates.")
    summary.get_by_role("link", name="Candidate").click()
    expect(page.locator("#candidate_id-ts-control")).to_be_focused()  # Tom Select's box
    assert violations == []

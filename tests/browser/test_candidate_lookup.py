"""The case form's Candidate field in Chromium: type part of a name, pick, open the case.

The field is Tom Select (vendored) over a select that the server renders with
the chosen candidate only; the page must obey the CSP, and work without
JavaScript when the candidate comes chosen from a link.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.csp import visit
from tests.case_helpers import pin_today

pytestmark = pytest.mark.browser


def suggestions(page: Page) -> Locator:
    """The Candidate field's suggestions (not the hidden select's own option)."""
    return page.locator("#candidate_id-ts-dropdown").get_by_role("option")


def pick_candidate(page: Page, typed: str, label: str) -> None:
    """Type *typed* into the Candidate field and click the suggestion *label*."""
    page.locator(".ts-control").filter(has=page.locator("#candidate_id-ts-control")).click()
    page.keyboard.type(typed, delay=30)  # a chosen candidate hides the input until typing
    suggestions(page).filter(has_text=label).click()


def test_type_part_of_a_name_pick_the_candidate_and_open_a_case(
        page: Page, live_server, sign_in, make, app, monkeypatch, violations):
    pin_today(app, monkeypatch)
    company = make.company()
    for n in range(30):
        make.candidate(company, full_name=f"Chan Tai Man {n:02d}")
    lee = make.candidate(company, full_name="Lee Ka Yan", passport_number="E1234567A")
    make.candidate(make.company(), full_name="Lee Ka Ming")  # another company's
    sign_in(make.user(company, role="staff"))

    visit(page, f"{live_server}/cases/new", violations)
    expect(page.locator("select#candidate_id option")).to_have_count(1)  # the blank one
    field = page.get_by_role("combobox", name="Candidate")
    field.click()  # a blank search: the newest candidates first
    expect(suggestions(page).first).to_have_text("Lee Ka Yan (E1234567A)")
    field.press_sequentially("ka y", delay=30)
    expect(suggestions(page)).to_have_text(["Lee Ka Yan (E1234567A)"])
    field.fill("")
    field.press_sequentially("lee ka", delay=30)
    expect(suggestions(page).filter(has_text="Lee Ka Yan (E1234567A)")).to_be_visible()
    expect(suggestions(page).filter(has_text="Lee Ka Ming")).to_have_count(0)
    suggestions(page).filter(has_text="Lee Ka Yan (E1234567A)").click()
    expect(page.locator("select#candidate_id")).to_have_value(str(lee.id))

    page.get_by_label("Scheme").select_option("GEP")
    page.get_by_label("Job title").fill("Data Scientist")
    page.get_by_label("Monthly salary (HKD)").fill("60000")
    page.get_by_label("Justification of local recruitment").fill("Advertised for 8 weeks.")
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_text("Case opened.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lee Ka Yan")

    # The edit page starts from the case's candidate; passport numbers are searched too.
    page.get_by_role("link", name="Edit").click()
    expect(page.locator(".ts-control .item")).to_have_text("Lee Ka Yan (E1234567A)")
    pick_candidate(page, "00", "Chan Tai Man 00")
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_text("Case saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chan Tai Man 00")
    violations.extend(page.evaluate("window.__cspViolations"))
    assert violations == []


def test_without_javascript_a_chosen_candidate_still_opens_a_case(
        browser: Browser, live_server, make, app, monkeypatch):
    pin_today(app, monkeypatch)
    company = make.company()
    ana = make.candidate(company, full_name="Ana Silva", english=True)
    user = make.user(company, role="staff")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server}/cases/new")
    expect(page.locator("#candidate-fallback")).to_contain_text("Without it, find the person")
    page.locator("#candidate-fallback").get_by_role("link", name="Candidates").click()
    page.get_by_role("link", name="Ana Silva").click()
    page.get_by_role("link", name="Open a case", exact=True).click()
    expect(page.get_by_label("Candidate")).to_have_value(str(ana.id))
    page.get_by_label("Scheme").select_option("QMAS")
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_text("Case opened.")).to_be_visible()
    context.close()


def test_a_name_that_looks_like_html_is_shown_as_text(page: Page, live_server, sign_in, make,
                                                     violations):
    company = make.company()
    make.candidate(company, full_name="<b>Bold</b> <img src=x> Person",
                   passport_number="H1234567")
    sign_in(make.user(company, role="staff"))
    visit(page, f"{live_server}/cases/new", violations)
    pick_candidate(page, "bold", "<b>Bold</b> <img src=x> Person (H1234567)")
    expect(page.locator(".ts-control .item")).to_have_text(
        "<b>Bold</b> <img src=x> Person (H1234567)")
    expect(page.locator(".ts-wrapper b, .ts-wrapper img")).to_have_count(0)
    violations.extend(page.evaluate("window.__cspViolations"))
    assert violations == []

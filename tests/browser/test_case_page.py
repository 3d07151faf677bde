"""The case page built around the next step (issue 17) in headless Chromium, on a desktop
(1280×800) and a phone (390×844): the next action within the first screen, nothing
scrolling sideways, an upload that keeps the reader's place, the checklist saved in one
go, and no complaint from the Content Security Policy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests import documents_files as files
from tests.browser.csp import visit
from tests.case_helpers import walk

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The README's screenshots of the case page come from test_screenshots.py (demo data).


@pytest.fixture
def preparing(app, make):
    """A GEP case preparing its documents, two of them received, and its staff user."""
    company = make.company()
    case = make.case(company=company, scheme="GEP")
    walk(app, case, "preparing")
    make.documents(case, ["passport", "cv"])
    return case, make.user(company, role="staff")


def wait_until(page: Page, condition: str, seconds: float = 5) -> bool:
    """Poll *condition* (page.wait_for_function evaluates a string: the CSP forbids it)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(condition):
            return True
        page.wait_for_timeout(100)
    return False


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_next_action_is_on_the_first_screen(page, live_server, sign_in, preparing,
                                                violations, size):
    case, user = preparing
    page.set_viewport_size(size)
    sign_in(user)
    visit(page, f"{live_server}/cases/{case.id}", violations)
    move = page.locator("#next-action .move-form")
    expect(move).to_be_visible()
    button = move.get_by_role("button", name="Move case")
    stage = move.get_by_label("New stage")
    # The whole move form, its button included, is within the first screen.
    for control in (stage, button):
        assert control.bounding_box()["y"] + control.bounding_box()["height"] <= size["height"]
    expect(page.locator("#case-stepper [aria-current=step]")).to_have_text(
        re.compile("Preparing documents"))
    assert no_sideways_scroll(page)
    rules = page.locator("#eligibility-rules")
    expect(rules.locator("table")).to_be_hidden()  # on demand
    rules.locator("summary").click()
    expect(rules.locator("table")).to_be_visible()
    assert no_sideways_scroll(page)
    assert violations == []


def test_an_upload_keeps_its_place(page, live_server, sign_in, preparing, violations):
    case, user = preparing
    page.set_viewport_size(PHONE)
    sign_in(user)
    visit(page, f"{live_server}/cases/{case.id}", violations)
    item = page.locator("#doc-contract")
    item.scroll_into_view_if_needed()
    url, before = page.url, page.evaluate("window.scrollY")
    item.get_by_label("File").set_input_files(
        files={"name": "contract.pdf", "mimeType": "application/pdf", "buffer": files.pdf()})
    item.get_by_role("button", name="Upload").click()
    item = page.locator("#doc-contract")
    expect(item.locator(".doc-message")).to_contain_text("“contract.pdf” uploaded.")
    expect(item.locator(".doc-status")).to_have_text(re.compile(r"Received \d\d/\d\d/\d{4}"))
    expect(page.locator("#documents-counts")).to_contain_text("3 received")
    assert page.url == url  # no reload, no jump to the top
    assert abs(page.evaluate("window.scrollY") - before) < 200
    assert no_sideways_scroll(page) and violations == []


def test_a_refused_upload_without_the_script_comes_back_to_its_item(
        browser, live_server, preparing, make):
    case, user = preparing
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/cases/{case.id}")
    item = page.locator("#doc-degree")
    item.get_by_label("File").set_input_files(
        files={"name": "degree.pdf", "mimeType": "application/pdf", "buffer": files.HTML})
    item.get_by_role("button", name="Upload").click()
    assert page.url.endswith(f"/cases/{case.id}#doc-degree")
    expect(page.locator(".alert-danger")).to_contain_text("“degree.pdf” is not a PDF")
    page.reload()  # a GET: no resend prompt, no 405
    expect(page.locator("#next-action")).to_be_visible()
    context.close()


def test_several_statuses_in_one_save(page, live_server, sign_in, preparing, violations):
    case, user = preparing
    page.set_viewport_size(DESKTOP)
    sign_in(user)
    visit(page, f"{live_server}/cases/{case.id}", violations)
    page.locator("#status-degree").select_option("received")
    page.locator("#status-photo").select_option("not_applicable")
    page.get_by_role("button", name="Save the statuses").click()
    expect(page.locator(".alert-success")).to_contain_text("Documents saved:")
    assert page.url.endswith("#documents")
    expect(page.locator("#doc-degree")).to_have_attribute("data-status", "received")
    expect(page.locator("#doc-photo")).to_have_attribute("data-status", "not_applicable")
    # Back at the checklist, not at the top of the page.
    assert wait_until(page, "Math.abs(document.getElementById('documents')"
                            ".getBoundingClientRect().top) < 5")
    assert violations == []

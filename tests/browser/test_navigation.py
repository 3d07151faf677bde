"""Finding your way in headless Chromium (issue 17): the navigation on one line at 1280 px
with working menus, the search, no page scrolling sideways at 390 px, the case list's
filters folded on a phone, and a bulk move, all within the CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.csp import visit
from tests.case_helpers import move

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app, make):
    company = make.company()
    allotment = make.techtas_allotment(company, itc_reference="ITC/TTAS/2026/0042")
    wong = make.candidate(company, full_name="WONG Ka Yan", chinese_name="黃嘉欣")
    techtas = make.case(company, candidate=wong, allotment=allotment)
    drafts = [make.case(company) for _ in range(2)]
    submitted = make.case(company)
    make.documents(submitted)
    move(app, submitted, "preparing")
    move(app, submitted, "submitted")
    return {"company": company, "allotment": allotment, "wong": wong, "techtas": techtas,
            "drafts": drafts, "submitted": submitted,
            "admin": make.user(company, role="admin")}


def nav_tops(page: Page) -> set[int]:
    """The top offsets of the visible items of the navigation bar (the links and menus;
    the search box, a taller element, must sit within their line)."""
    return set(page.evaluate("""() => {
        const items = Array.from(document.querySelectorAll('#mainnav > ul > li.nav-item'))
            .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect());
        const search = document.querySelector('#mainnav > form.nav-search')
            .getBoundingClientRect();
        const line = items[0];
        if (search.top >= line.bottom || search.bottom <= line.top) { return [-1, 0]; }
        return items.map(r => Math.round(r.top));
    }"""))


# The elements sticking out on the right (named in a failure).
WIDE = """() => Array.from(document.querySelectorAll('body *')).filter(e => {
    const r = e.getBoundingClientRect(); return r.right > window.innerWidth + 1 && r.width > 0;
}).slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' + Math.round(
    e.getBoundingClientRect().right))"""


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_navigation_fits_one_line_and_its_menus_open(page, live_server, world, sign_in,
                                                          violations):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(world["admin"])
    for language in ("en", "zh"):
        if language == "zh":
            page.get_by_role("button", name="繁體中文").click()
        visit(page, f"{live_server}/", violations)
        assert len(nav_tops(page)) == 1, (language, nav_tops(page))
    page.get_by_role("button", name="English").click()
    page.locator("#admin-menu > button").click()
    expect(page.locator("#admin-menu").get_by_role("link", name="Audit log")).to_be_visible()
    page.keyboard.press("Escape")
    page.locator("#user-menu > button").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#user-menu").get_by_role("button", name="Sign out")).to_be_visible()
    assert violations == []


def test_the_search_from_the_navigation(page, live_server, world, sign_in, violations):
    sign_in(world["admin"])
    page.get_by_role("searchbox", name="Search the tracker").fill("黄嘉欣")
    page.keyboard.press("Enter")
    candidates = page.locator("section[aria-labelledby=found-candidates]")
    expect(candidates).to_be_visible()
    candidates.get_by_role("link").first.click()
    expect(page).to_have_url(f"{live_server}/candidates/{world['wong'].id}")
    visit(page, f"{live_server}/search?q=0042", violations)
    expect(page.locator("section[aria-labelledby=found-allotments]").get_by_role(
        "link", name="ITC/TTAS/2026/0042")).to_be_visible()
    assert violations == []


def test_no_page_scrolls_sideways_on_a_phone(page, live_server, world, sign_in, violations):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(world["admin"])
    paths = ["/", "/cases/", f"/cases/{world['techtas'].id}", "/candidates/",
             f"/candidates/{world['wong'].id}", f"/candidates/{world['wong'].id}/routes",
             "/quotas/", f"/quotas/{world['allotment'].id}", "/workforce", "/search?q=a",
             "/audit", "/notifications", "/company/users", "/reports"]
    wide = []
    for path in paths:
        visit(page, f"{live_server}{path}", violations)
        assert page.locator("h1").count() and "Not found" not in page.title(), path
        if not no_sideways_scroll(page):
            wide.append((path, page.evaluate(WIDE)))
    assert wide == [], wide
    visit(page, f"{live_server}/cases/", violations)
    assert page.evaluate("document.querySelector('details.case-filters').open") is False
    page.set_viewport_size({"width": 1280, "height": 800})
    visit(page, f"{live_server}/cases/", violations)
    assert page.evaluate("document.querySelector('details.case-filters').open") is True
    assert violations == []


def test_a_bulk_move_in_the_browser(page, live_server, world, sign_in, violations, app):
    sign_in(world["admin"])
    visit(page, f"{live_server}/cases/", violations)
    page.locator("#select-all").check()
    assert page.locator("input.case-select:checked").count() == 4
    page.locator("#bulk-stage").select_option("preparing")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("Moved 3 cases.")).to_be_visible()  # the TechTAS draft too
    expect(page.get_by_text("cannot move to 'Preparing documents'").first).to_be_visible()
    assert violations == []

"""Every page of the app in Chromium (issue 17's "Done when": the CSP holds on every page;
no page scrolls sideways at 390 px).

The pages are not listed by hand: every GET route of `app.url_map` whose answer is an HTML
page (200, text/html) is one, with its URL arguments built by the access matrix's own table
(tests/security/permissions_table.py, which must name every endpoint). A new page is
therefore walked as soon as it has its row there. The world is the matrix's two companies,
company A filled with the demo data of `make run` (tracker/demo/seed.py), so that lists and
tables hold realistic rows. The public pages are walked signed out, the others as company
A's admin, each loaded at phone width (390 px: no sideways scroll, a heading, no CSP
complaint) and at desktop width (1280 px: no sideways scroll, no CSP complaint). The
import's column page, reached only from an upload, is walked by uploading a file. Every
stylesheet, script and image the pages load must answer, and so must the icons they link.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask, url_for
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.csp import visit
from tests.case_helpers import pin_today
from tests.security.permissions_table import PUBLIC, TABLE
from tests.security.world import World, build_world, client_as
from tracker.companies.models import Company
from tracker.demo import seed as demo
from tracker.extensions import db

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# Query strings that make a page show what it is for (the search with results).
QUERIES = {"search.results": "?q=an", "cases.index": "?stage=preparing"}
# The new pages: the walk must reach each of them (a guard that the discovery
# below is not quietly finding fewer pages).
MUST_WALK = {"main.dashboard", "cases.show", "cases.index", "cases.create", "candidates.create",
             "reports.index", "search.results", "people.workforce", "imports.index",
             "imports.show", "imports.mapping", "calendar.account", "printing.case",
             "audit.log", "reminders.ledger", "quotas.allotment", "advisor.routes",
             "auth.login", "auth.reset_password"}
# The elements sticking out on the right (named in a failure).
WIDE = """() => Array.from(document.querySelectorAll('body *')).filter(e => {
    const r = e.getBoundingClientRect();
    return r.right > window.innerWidth + 1 && r.width > 0 && !e.closest('.table-responsive');
}).slice(0, 4).map(e => e.tagName + '.' + e.className + ' ' + Math.round(
    e.getBoundingClientRect().right))"""


@dataclass(frozen=True)
class Target:
    endpoint: str
    url: str
    public: bool


def pages(app: Flask, world: World) -> list[Target]:
    """Every GET route answering an HTML page (200) to its actor: signed out for the
    public ones, company A's admin for the rest."""
    admin, anonymous = client_as(app, world.admin), app.test_client()
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "GET" not in (rule.methods or ()):
            continue
        access = TABLE.get(rule.endpoint)
        assert access is not None, f"{rule.endpoint}: give it its row in permissions_table.py"
        with app.test_request_context():
            url = url_for(rule.endpoint, **access.args(world)) + QUERIES.get(rule.endpoint, "")
        public = access.role is PUBLIC
        response = (anonymous if public else admin).get(url)
        response.close()  # a streamed export: its generator ends here, in its context
        if response.status_code == 200 and response.mimetype == "text/html":
            found.append(Target(rule.endpoint, url, public))
    return found


@pytest.fixture
def demo_world(app: Flask, make, monkeypatch) -> World:
    """The access matrix's world, company A also holding the demo company's data."""
    pin_today(app, monkeypatch)
    world = build_world(app, make)
    with app.app_context():
        skipped = demo.fill(db.session.get_one(Company, world.company_a.id), world.admin.id,
                            world.staff.id)
    assert skipped == [], skipped
    return world


def check(page: Page, live_server: str, target: Target, violations: list[str]) -> list:
    """Load *target* at phone then desktop width; return what went wrong."""
    problems: list = []
    page.set_viewport_size(PHONE)
    visit(page, f"{live_server}{target.url}", violations)
    if not page.locator("h1").count():
        problems.append((target.endpoint, "no h1"))
    if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
        problems.append((target.endpoint, "scrolls sideways", page.evaluate(WIDE)))
    page.set_viewport_size(DESKTOP)
    visit(page, f"{live_server}{target.url}", violations)
    if page.evaluate("document.documentElement.scrollWidth") > DESKTOP["width"]:
        problems.append((target.endpoint, "scrolls sideways on a desktop", page.evaluate(WIDE)))
    problems.extend((target.endpoint, v) for v in violations)
    violations.clear()
    return problems


def upload_an_import(page: Page, live_server: str, violations: list[str]) -> list:
    """The import's column page, reached only by uploading a file (at phone width)."""
    page.set_viewport_size(PHONE)
    visit(page, f"{live_server}/imports/", violations)
    page.get_by_label("What the file holds").select_option("candidates")
    page.get_by_label("File (CSV or XLSX)").set_input_files(files={
        "name": "staff.csv", "mimeType": "text/csv",
        "buffer": b"Full name,Nationality,Date of birth,Passport number,Passport expiry\r\n"
                  b"LAM Wing Sze,British,01/02/1990,K2345678,31/12/2033\r\n"})
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state("load")
    problems: list = []
    if "/mapping" not in page.url:
        return [("imports.mapping", f"the upload led to {page.url}")]
    violations.extend(page.evaluate("window.__cspViolations"))
    if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
        problems.append(("imports.mapping", "scrolls sideways", page.evaluate(WIDE)))
    problems.extend(("imports.mapping", v) for v in violations)
    violations.clear()
    return problems


def icons_answer(page: Page) -> list:
    """Each icon the page links (the favicon: it answered 404 on every page once)."""
    hrefs = page.evaluate("[...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
    problems = [("favicon", "no icon linked")] if not hrefs else []
    for href in hrefs:
        answer = page.request.get(href)
        if answer.status != 200 or not answer.headers["content-type"].startswith("image/"):
            problems.append(("favicon", href, answer.status))
    return problems


def test_every_page_holds_the_policy_and_fits_a_phone(page, live_server, app, demo_world,
                                                      sign_in, violations):
    broken: list = []  # a stylesheet, script or image of a page that did not load
    page.on("response", lambda r: broken.append((r.url, r.status))
            if r.status >= 400 and r.request.resource_type != "document" else None)
    # (A load the walk's next page interrupted is aborted, not broken.)
    page.on("requestfailed", lambda r: broken.append((r.url, r.failure))
            if r.failure != "net::ERR_ABORTED" else None)
    targets = pages(app, demo_world)
    walked = {target.endpoint for target in targets} | {"imports.mapping"}
    assert walked >= MUST_WALK, MUST_WALK - walked
    assert len(targets) >= 40, [t.endpoint for t in targets]
    problems = []
    for target in (t for t in targets if t.public):
        problems += check(page, live_server, target, violations)
    page.set_viewport_size(DESKTOP)
    sign_in(demo_world.admin)
    expect(page.get_by_role("heading", name="What needs you today")).to_be_visible()
    for target in (t for t in targets if not t.public):
        problems += check(page, live_server, target, violations)
    problems += upload_an_import(page, live_server, violations)
    problems += icons_answer(page) + broken
    assert problems == [], "\n".join(map(str, problems))

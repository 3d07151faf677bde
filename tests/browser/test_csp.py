"""The strict Content-Security-Policy holds in a real browser on every current page.

Chromium reports each blocked inline script or style on the console and as a
`securitypolicyviolation` event; both are collected while a person's walk
through the pages happens, and there must be none.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import url_for
from playwright.sync_api import expect

from tests.browser.csp import visit
from tests.factories import PASSWORD
from tests.reminder_fixtures import wait_for
from tests.security.permissions_table import TABLE
from tests.security.portal_table import PORTAL_TABLE
from tests.security.world import build_world, reset_token
from tracker.extensions import db
from tracker.portal.models import PortalAnswer

pytestmark = pytest.mark.browser

def test_pages_obey_the_content_security_policy(page, live_server, make, sign_in, violations):
    company = make.company("CSP Check Limited")
    admin = make.user(company, role="admin")
    staff = make.user(company, role="staff")
    visit(page, f"{live_server}/login", violations)
    page.get_by_role("button", name="Sign in").click()  # empty: field errors shown
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    visit(page, f"{live_server}/reset", violations)
    visit(page, f"{live_server}/reset/{reset_token(make.app, staff)}",
          violations)
    visit(page, f"{live_server}/no/such/page", violations)

    sign_in(admin)
    expect(page.get_by_role("heading", name="What needs you today")).to_be_visible()
    for path in ("/", "/company/users", "/company/users/new", f"/company/users/{staff.id}",
                 "/company/settings", "/account/password", "/account/email"):
        visit(page, f"{live_server}{path}", violations)
    page.get_by_role("button", name="Change email").click()  # errors rendered
    expect(page.locator(".invalid-feedback").first).to_be_visible()

    page.set_viewport_size({"width": 400, "height": 800})  # Bootstrap's JS: the menu toggle
    visit(page, f"{live_server}/", violations)
    page.get_by_role("button", name="Toggle navigation").click()
    # Wait for the opening animation to end ("collapsing" → "collapse show"): a click
    # during it could miss the button on a busy machine (seen once in CI).
    expect(page.locator("#mainnav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    page.locator("#admin-menu > button").click()  # Bootstrap's dropdowns (issue 17)
    expect(page.get_by_role("link", name="Settings")).to_be_visible()
    page.locator("#user-menu > button").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    violations.extend(page.evaluate("window.__cspViolations"))
    assert violations == []


def test_a_403_page_obeys_it_too(page, live_server, make, sign_in, violations):
    sign_in(make.user(role="viewer"))
    expect(page.get_by_role("heading", name="What needs you today")).to_be_visible()
    visit(page, f"{live_server}/company/settings", violations)
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    assert violations == []


def test_the_browser_does_enforce_it(page, live_server, violations):
    """The check above can fail: an inline script is blocked and reported."""
    visit(page, f"{live_server}/login", violations)
    page.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.__ran = true';
        document.body.appendChild(s);
        const d = document.createElement('div');
        d.setAttribute('style', 'color: red');
        document.body.appendChild(d);
    }""")
    page.wait_for_timeout(200)
    violations.extend(page.evaluate("window.__cspViolations"))
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in violations)
    assert any("style-src" in v for v in violations)


def portal_pages(app, world) -> list[str]:
    """Every portal page (GET, an HTML page to its candidate), found from the url map with
    the candidates' table's arguments (tests/security/portal_table.py): a new portal page
    is checked as soon as it has its row there."""
    candidate = world.client("candidate")
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()) or not rule.rule.startswith("/portal"):
            continue
        spec = PORTAL_TABLE[rule.endpoint]
        with app.test_request_context():
            url = url_for(rule.endpoint, **(spec.args or TABLE[rule.endpoint].args)(world))
        response = candidate.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            urls.append(url)
    return urls


def autosaved(app, world) -> bool:
    """The place of birth typed in the section (not the record's) was kept, by the page's
    own script."""
    with app.app_context():
        return db.session.scalar(sa.select(PortalAnswer.value).where(
            PortalAnswer.request_id == world.portal().section_request_id,
            PortalAnswer.field == "place_of_birth")) == "Vancouver"


def test_the_candidate_portal_obeys_it_too(page, live_server, app, make, violations):
    """The portal's sign-in pages signed out, then every page of a signed-in candidate, a
    section answered (the autosave script posting as the candidate types) and saved with
    errors shown."""
    world = build_world(app, make)
    urls = portal_pages(app, world)
    assert len(urls) >= 4, urls
    for path in ("/portal/sign-in", "/portal/code", "/portal/code/enter",
                 "/portal/invitation/not-a-token"):
        visit(page, f"{live_server}{path}", violations)
    page.goto(f"{live_server}/portal/sign-in")
    page.get_by_label("Email").fill(world.portal().email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server}/portal/")
    for url in urls:
        visit(page, f"{live_server}{url}", violations)
    visit(page, f"{live_server}/portal/requests/{world.portal().section_request_id}/section",
          violations)
    page.get_by_label("Place of birth").fill("Vancouver")
    page.get_by_label("Place of birth").blur()
    wait_for(lambda: autosaved(app, world), 10, message="the autosave to keep the answer")
    page.get_by_label("Nationality").fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state("load")
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    violations.extend(page.evaluate("window.__cspViolations"))
    assert violations == []

"""Documents through the candidate portal in headless Chromium: HR asks from the case's
checklist, the candidate sends a scan from a phone-sized window, HR accepts it; no page
breaks the CSP or scrolls sideways at 390 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import documents_files as files
from tests.browser.csp import visit
from tests.factories import PASSWORD
from tests.reminder_fixtures import purge_queue
from tracker.auth.passwords import hash_password
from tracker.extensions import db
from tracker.portal.models import PortalAccount

pytestmark = pytest.mark.browser
EMAIL = "wong.siuming@example.com"


def fits(page: Page) -> bool:
    """No sideways scrolling: the page is no wider than the window."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_ask_send_accept(page, browser: Browser, live_server, sign_in, make, app, tmp_path,
                         monkeypatch, violations):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    purge_queue(app)
    company = make.company()
    person = make.candidate(company, full_name="Wong Siu Ming", email=EMAIL)
    case = make.case(company=company, candidate=person)
    with app.app_context():
        db.session.add(PortalAccount(company_id=company.id, candidate_id=person.id,
                                     email=EMAIL, password_hash=hash_password(PASSWORD)))
        db.session.commit()

    sign_in(make.user(company, role="staff"))
    visit(page, f"{live_server}/cases/{case.id}", violations)
    panel = page.locator("#portal-documents")
    expect(panel.get_by_label("Passport copy (personal particulars page)")).to_be_checked()
    for code in ("degree", "cv", "contract", "photo", "id990a", "id990b", "br_certificate",
                 "local_recruitment"):
        box = panel.locator(f"#ask-{code}")
        if box.is_checked():
            box.uncheck()
    panel.get_by_role("button", name="Ask the candidate").click()
    expect(page.get_by_text("Asked the candidate for 1 document; they are e-mailed.")
           ).to_be_visible()
    expect(page.locator("#portal-documents-waiting")).to_contain_text("Waiting for the candidate")

    phone = browser.new_context(viewport={"width": 390, "height": 844})
    mobile = phone.new_page()
    seen: list[str] = []
    mobile.on("console", lambda msg: seen.append(msg.text)
              if "Content Security Policy" in msg.text else None)
    mobile.goto(f"{live_server}/portal/sign-in")
    mobile.get_by_label("Email").fill(EMAIL)
    mobile.get_by_label("Password").fill(PASSWORD)
    mobile.get_by_role("button", name="Sign in").click()
    mobile.get_by_role("link", name="Passport copy (personal particulars page)").click()
    expect(mobile).to_have_url(re.compile(r"/portal/documents#request-\d+$"))
    item = mobile.locator(".portal-document").first
    expect(item).to_contain_text("Requested by HR")
    assert fits(mobile)
    item.get_by_label("File").set_input_files(
        files={"name": "passport.pdf", "mimeType": "application/pdf", "buffer": files.pdf()})
    item.get_by_role("button", name="Send").click()
    expect(mobile.get_by_text("“passport.pdf” is sent. HR will review it.")).to_be_visible()
    expect(mobile.locator(".portal-document").first).to_contain_text("Uploaded: awaiting review")
    assert fits(mobile)

    visit(page, f"{live_server}/cases/{case.id}", violations)
    page.locator("#portal-documents").get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted “passport.pdf”: the document is received.")).to_be_visible()
    expect(page.locator("#doc-passport .doc-status")).to_have_text(
        re.compile(r"Received \d\d/\d\d/\d{4}"))

    mobile.reload()
    expect(mobile.locator(".portal-document").first).to_contain_text("Accepted")
    assert fits(mobile)
    assert violations == [] and seen == []
    phone.close()

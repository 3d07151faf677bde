"""Issue 19's whole journey in Chromium, with a real Celery worker and SMTP server:
HR invites the candidate from the case; the candidate, in a browser of their own, opens
the link from the e-mail the SMTP server caught, sets a password, answers two sections
and sends a passport scan; HR accepts the scan and one answer and returns the other with
a reason; the candidate sees what came back and why; the case's checklist shows the
passport as received. No page breaks the CSP."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import documents_files as files
from tests.browser.csp import visit
from tests.portal_helpers import PASSWORD
from tests.reminder_fixtures import purge_queue, wait_for

pytestmark = pytest.mark.browser
EMAIL = "lam.wingyee@example.com"
REASON = "Please count your years in research roles only."


def mailed_path(sink) -> str:
    """The path of the invitation link in the e-mail the SMTP server caught (the worker
    builds links on APP_BASE_URL; the test server has a port of its own)."""
    pattern = re.compile(r"https?://\S+/portal/invitation/\S+")
    wait_for(lambda: any(pattern.search(mail.part("plain")) for mail in sink.received),
             timeout=60, message="the invitation e-mail")
    found = next(pattern.search(m.part("plain")) for m in sink.received
                 if pattern.search(m.part("plain")))
    assert found is not None
    return urlsplit(found.group(0)).path


def test_invite_answer_upload_review(page: Page, browser: Browser, live_server, sign_in, make,
                                     app, tmp_path, monkeypatch, violations, smtp_sink,
                                     start_worker):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    purge_queue(app)
    start_worker(smtp_sink.port)
    company = make.company()
    person = make.candidate(company, full_name="Lam Wing Yee", email=EMAIL)
    case = make.case(company=company, candidate=person)

    # HR invites from the case, asks for two sections and the passport.
    sign_in(make.user(company, role="staff"))
    visit(page, f"{live_server}/cases/{case.id}", violations)
    panel = page.locator("#portal-panel")
    panel.get_by_label("Email").fill(EMAIL)
    panel.get_by_role("button", name="Invite to the portal").click()
    expect(page.locator("#portal-panel")).to_contain_text(f"Invited at {EMAIL}")
    visit(page, f"{live_server}/cases/{case.id}/questionnaire", violations)
    page.get_by_label("Work history").check()
    page.get_by_label("Languages").check()
    page.get_by_role("button", name="Ask the candidate").click()
    expect(page.get_by_text("2 sections asked of the candidate.")).to_be_visible()
    visit(page, f"{live_server}/cases/{case.id}", violations)
    documents = page.locator("#portal-documents")
    for box in documents.locator("input[type=checkbox][id^=ask-]").all():
        if box.is_checked():
            box.uncheck()
    documents.get_by_label("Passport copy (personal particulars page)").check()
    documents.get_by_role("button", name="Ask the candidate").click()
    expect(page.get_by_text("Asked the candidate for 1 document; they are e-mailed.")
           ).to_be_visible()

    # The candidate opens the e-mailed link in a browser of their own.
    link = mailed_path(smtp_sink)
    own = browser.new_context()
    candidate = own.new_page()
    seen: list[str] = []
    candidate.on("console", lambda msg: seen.append(msg.text)
                 if "Content Security Policy" in msg.text else None)
    candidate.goto(f"{live_server}{link}")
    candidate.get_by_label("New password", exact=True).fill(PASSWORD)
    candidate.get_by_label("Repeat new password").fill(PASSWORD)
    candidate.get_by_role("button", name="Set password and sign in").click()
    expect(candidate.get_by_role("heading", name="Your applications")).to_be_visible()

    # Two sections answered and sent.
    candidate.get_by_role("link", name="Work history").click()
    candidate.get_by_label("Years of relevant experience").fill("9")
    candidate.get_by_role("button", name="Save and send to HR").click()
    expect(candidate.get_by_text("is sent to HR")).to_be_visible()
    candidate.goto(f"{live_server}/portal/")
    candidate.get_by_role("link", name="Languages").click()
    candidate.get_by_label("Other languages").fill("French, 日本語")
    candidate.get_by_role("button", name="Save and send to HR").click()
    expect(candidate.get_by_text("is sent to HR")).to_be_visible()

    # The passport scan.
    candidate.goto(f"{live_server}/portal/")
    candidate.get_by_role("link", name="Passport copy (personal particulars page)").click()
    item = candidate.locator(".portal-document").first
    item.get_by_label("File").set_input_files(
        files={"name": "passport.pdf", "mimeType": "application/pdf", "buffer": files.pdf()})
    item.get_by_role("button", name="Send").click()
    expect(candidate.get_by_text("“passport.pdf” is sent. HR will review it.")).to_be_visible()

    # HR accepts the scan, accepts the languages answer and returns the experience.
    visit(page, f"{live_server}/cases/{case.id}", violations)
    page.locator("#portal-documents").get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted “passport.pdf”: the document is received.")).to_be_visible()
    visit(page, f"{live_server}/cases/{case.id}/questionnaire", violations)
    languages = page.locator(".review-request", has=page.get_by_label("Accept: Other languages"))
    languages.get_by_label("Accept: Other languages").check()
    languages.get_by_role("button", name="Apply the decisions").click()
    expect(page.get_by_text("1 accepted onto the record")).to_be_visible()
    work = page.locator(".review-request",
                        has=page.get_by_label("Return: Years of relevant experience"))
    work.get_by_label("Return: Years of relevant experience").check()
    work.get_by_label("Reason").fill(REASON)
    work.get_by_role("button", name="Apply the decisions").click()
    expect(page.get_by_text("0 accepted onto the record, 1 returned to the candidate")
           ).to_be_visible()

    # The candidate sees what came back, and why.
    candidate.goto(f"{live_server}/portal/")
    candidate.get_by_role("link", name="Work history").click()
    expect(candidate.locator(".returned-answer")).to_contain_text(REASON)

    # The case's checklist shows the passport as received; the record took the answer.
    visit(page, f"{live_server}/cases/{case.id}", violations)
    expect(page.locator("#doc-passport .doc-status")).to_have_text(
        re.compile(r"Received \d\d/\d\d/\d{4}"))
    visit(page, f"{live_server}/candidates/{person.id}", violations)
    expect(page.get_by_text("French, 日本語")).to_be_visible()
    wait_for(lambda: any("returned" in m.subject.lower() or REASON in m.part("plain")
                         for m in smtp_sink.received), timeout=60,
             message="the e-mail telling the candidate what came back")
    assert violations == [] and seen == []
    own.close()

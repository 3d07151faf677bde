"""Uploading a document on a case's checklist in headless Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import documents_files as files

pytestmark = pytest.mark.browser


def test_upload_a_pdf_marks_the_item_received(page, live_server, sign_in, make):
    company = make.company()
    case = make.case(company=company, scheme="TechTAS")
    sign_in(make.user(company, role="staff"))
    page.goto(f"{live_server}/cases/{case.id}/documents")
    item = page.locator("#doc-passport")
    expect(item.locator(".doc-status")).to_have_text("Missing")

    item.get_by_label("File").set_input_files(
        files={"name": "Passport Chan.pdf", "mimeType": "application/pdf",
               "buffer": files.pdf()})
    item.get_by_role("button", name="Upload").click()

    # Uploaded in place (tracker/static/case_page.js): the message is on the item.
    expect(page.locator("#doc-passport .doc-message")).to_contain_text(
        "“Passport Chan.pdf” uploaded.")
    item = page.locator("#doc-passport")
    expect(item.locator(".doc-status")).to_have_text(re.compile(r"Received \d\d/\d\d/\d{4}"))
    expect(item.get_by_role("link", name="Passport Chan.pdf")).to_be_visible()
    with page.expect_download() as download:
        item.get_by_role("link", name="Passport Chan.pdf").click()
    assert download.value.suggested_filename == "Passport Chan.pdf"


def test_a_fake_pdf_is_refused_with_a_message(page, live_server, sign_in, make):
    company = make.company()
    case = make.case(company=company)
    sign_in(make.user(company, role="staff"))
    page.goto(f"{live_server}/cases/{case.id}/documents")
    item = page.locator("#doc-cv")
    item.get_by_label("File").set_input_files(
        files={"name": "cv.pdf", "mimeType": "application/pdf", "buffer": files.HTML})
    item.get_by_role("button", name="Upload").click()
    expect(page.locator("#doc-cv .doc-message")).to_contain_text(
        "“cv.pdf” is not a PDF, PNG, JPEG, Word (DOCX) or Excel (XLSX) file")
    expect(page.locator("#doc-cv .doc-status")).to_have_text("Missing")


def test_an_upload_over_the_request_limit_shows_the_limit(page, live_server, sign_in, make,
                                                          app, monkeypatch):
    company = make.company()
    case = make.case(company=company)
    sign_in(make.user(company, role="staff"))
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    page.goto(f"{live_server}/cases/{case.id}/documents")
    item = page.locator("#doc-degree")
    item.get_by_label("File").set_input_files(
        files={"name": "degree.pdf", "mimeType": "application/pdf",
               "buffer": files.pdf(padding=2 * 1024 * 1024)})
    item.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("The upload is larger than the 1 MB allowed. Nothing was saved.")
           ).to_be_visible()
    expect(page.locator("#doc-degree .doc-status")).to_have_text("Missing")

"""Data in and out in headless Chromium (issue 18): import a 3-row XLSX with one bad row,
read its error in the preview, fix the file, import it, see the list, export it, and
subscribe to the calendar feed."""

from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa
from icalendar import Calendar
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page, expect

from tests.factories import CandidateRecord
from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.extensions import db

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["Full name (full_name)", "Chinese name (chinese_name)", "Nationality (nationality)",
           "Date of birth (date_of_birth)", "Passport number (passport_number)",
           "Passport expiry (passport_expiry)"]
PEOPLE = [["Chan Tai Man", "陳大文", "Chinese", "01/02/1990", "K1234567", "31/12/2033"],
          ["Lee Siu Ming", "", "British", "15/06/1985", "GB9876543", "01/01/2031"],
          ["Wong Mei Ling", "黃美玲", "Malaysian", "31/02/1992", "A7654321", "30/06/2032"]]


def xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(page: Page, content: bytes) -> None:
    """From the import page: upload *content* and accept the columns it maps itself."""
    page.get_by_label("What the file holds").select_option("candidates")
    page.get_by_label("File (CSV or XLSX)").set_input_files(
        {"name": "staff.xlsx", "mimeType": XLSX, "buffer": content})
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Match the columns of staff.xlsx")).to_be_visible()
    page.get_by_role("button", name="Check the rows").click()


def test_import_fix_export_and_subscribe(page, live_server, app, make, sign_in, tmp_path):
    company = make.company()
    user = make.user(company, role="staff")
    sign_in(user)
    page.get_by_role("link", name="Candidates", exact=True).first.click()
    page.get_by_role("link", name="Import from a spreadsheet").click()

    # One bad row: the preview names its row, column and reason, and nothing is written.
    upload(page, xlsx(PEOPLE))
    bad = page.locator('#import-rows tr[data-row="4"]')
    expect(bad).to_have_attribute("data-mark", "error")
    expect(bad).to_contain_text(
        "Row 4, column “Date of birth (date_of_birth)”: Enter a date as DD/MM/YYYY.")
    expect(page.locator('#import-rows tr[data-mark="new"]')).to_have_count(2)
    expect(page.get_by_role("button", name="Import", exact=True)).to_have_count(0)

    # The fixed file: three new rows, imported.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Import").click()
    fixed = [*PEOPLE[:2], [*PEOPLE[2][:3], "28/02/1992", *PEOPLE[2][4:]]]
    upload(page, xlsx(fixed))
    expect(page.locator('#import-rows tr[data-mark="new"]')).to_have_count(3)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-done")).to_contain_text("3 records written.")

    # The list shows the three; its Excel export holds them.
    page.get_by_role("link", name="Candidates", exact=True).first.click()
    for name in ("Chan Tai Man", "Lee Siu Ming", "Wong Mei Ling"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    with page.expect_download() as download:
        page.locator(".export-links").get_by_role("link", name="Excel").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("candidates-") and saved.suffix == ".xlsx"
    rows = list(load_workbook(saved, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[0][0] == "Full name"
    assert sorted(r[rows[0].index("Passport number")] for r in rows[1:]) == [
        "A7654321", "GB9876543", "K1234567"]
    born = {r[0]: r[rows[0].index("Date of birth")] for r in rows[1:]}
    assert born["Wong Mei Ling"].date() == date(1992, 2, 28)

    # A case of one of them, then the calendar feed of the company's cases.
    with app.app_context():
        chan = db.session.scalar(sa.select(Candidate).where(
            Candidate.company_id == company.id, Candidate.passport_number == "K1234567"))
        chan_id = chan.id
        record = CandidateRecord(chan.id, chan.full_name, chan.passport_number, company.id)
    case = make.case(company, candidate=record, owner_id=user.id)
    with app.app_context():
        db.session.execute(sa.update(Case).where(Case.id == case.id).values(
            stage="arrived", limit_of_stay_until=date(2027, 6, 30)))
        db.session.commit()
    page.locator("#user-menu").get_by_role("button").click()
    page.get_by_role("link", name="Calendar feed").click()
    page.get_by_label("Every case of the company, and the quota allotments").check()
    page.get_by_role("button", name="Make a new address").click()
    address = page.get_by_label("Your calendar address").input_value()
    assert address.startswith(live_server + "/calendar/") and address.endswith(".ics")
    feed = page.request.get(address)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.body())
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert any(uid.startswith(f"stay-end-{case.id}-20270630@") for uid in uids)
    assert any(uid.startswith(f"passport-expiry-{chan_id}-20331231@") for uid in uids)

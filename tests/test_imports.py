"""Import from spreadsheets (issue 18): candidates from CSV and XLSX, end to end.

Upload → columns (remembered) → preview marks → write (all valid, or the valid rows with a
report) → one audit entry; the bad files refused with one message; the spreadsheet quirks
read; another company's records never touched; the pages in Chinese.
"""

from __future__ import annotations

import io
import re
import time
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from tracker.audit.models import AuditEvent
from tracker.candidates.models import Candidate
from tracker.extensions import db
from tracker.imports.models import ImportJob
from tracker.imports.reading import ReadError, read_sheet

HEADERS = ["Full name (full_name)", "Chinese name (chinese_name)", "Nationality (nationality)",
           "Date of birth (date_of_birth)", "Passport number (passport_number)",
           "Passport expiry (passport_expiry)"]
ROWS = [["Chan Tai Man", "陳大文", "Chinese", "01/02/1990", "K1234567", "31/12/2033"],
        ["Lee Siu Ming", "", "British", "15/06/1985", "GB9876543", "01/01/2031"]]


def past_step(client, number: int, step: str) -> dict:
    """The job's status once the worker has left *step* (the page polls the same JSON)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = client.get(f"/imports/{number}/status.json").get_json()
        if state["status"] != step:
            return state
        time.sleep(0.2)
    raise AssertionError(f"the worker did not finish {step}")


def csv_bytes(headers: list[str], rows: list[list[str]], encoding: str = "utf-8-sig") -> bytes:
    lines = [",".join(headers)] + [",".join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(headers: list[object], rows: list[list[object]], title: str | None = None
               ) -> bytes:
    book = Workbook()
    sheet = book.active
    if title:  # a merged title row above the headers, as HR's sheets have
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "staff.csv", kind: str = "candidates",
           **headers):
    return client.post("/imports/", data={"kind": kind, "file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data", headers=headers)


def job_id(response) -> int:
    return int(re.search(r"/imports/(\d+)/mapping", response.headers["Location"])[1])


def import_file(client, content: bytes, name: str = "staff.csv") -> int:
    """Upload and accept the guessed columns: the job previewed."""
    response = upload(client, content, name)
    assert response.status_code == 302, response.get_data(as_text=True)
    number = job_id(response)
    page = client.get(f"/imports/{number}/mapping").get_data(as_text=True)
    chosen = dict(re.findall(r'<select[^>]*name="(field_\w+)"[^>]*>.*?'
                             r'<option selected value="(\d*)"', page, re.S))
    response = client.post(f"/imports/{number}/mapping", data=chosen)
    assert response.status_code == 302
    return number


def job(app, number: int) -> ImportJob:
    with app.app_context():
        found = db.session.get_one(ImportJob, number)
        db.session.expunge(found)
        return found


def candidates(app, company_id: int) -> list[Candidate]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Candidate).where(
            Candidate.company_id == company_id).order_by(Candidate.passport_number)))
        db.session.expunge_all()
        return rows


def test_csv_of_candidates_previews_then_writes_with_one_audit_entry(app, client, staff,
                                                                     company):
    number = import_file(client, csv_bytes(HEADERS, ROWS))
    page = client.get(f"/imports/{number}").get_data(as_text=True)
    assert page.count('data-mark="new"') == 2
    assert candidates(app, company.id) == []  # nothing written by the preview
    response = client.post(f"/imports/{number}/write", data={})
    assert response.status_code == 302
    rows = candidates(app, company.id)
    assert [(c.passport_number, c.chinese_name, c.date_of_birth) for c in rows] == [
        ("GB9876543", "", date(1985, 6, 15)), ("K1234567", "陳大文", date(1990, 2, 1))]
    with app.app_context():
        entries = list(db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action == "import")))
        assert len(entries) == 1
        assert entries[0].changes == {"new": 2, "updated": 0, "unchanged": 0, "refused": 0}


def test_the_same_file_again_changes_nothing_and_a_change_is_an_update(app, client, staff,
                                                                       company):
    first = import_file(client, csv_bytes(HEADERS, ROWS))
    client.post(f"/imports/{first}/write", data={})
    again = import_file(client, csv_bytes(HEADERS, ROWS))
    assert job(app, again).unchanged_count == 2
    changed = [ROWS[0], [*ROWS[1][:2], "Irish", *ROWS[1][3:]]]
    third = import_file(client, csv_bytes(HEADERS, changed))
    marks = job(app, third)
    assert (marks.unchanged_count, marks.update_count) == (1, 1)
    client.post(f"/imports/{third}/write", data={})
    assert [c.nationality for c in candidates(app, company.id)] == ["Irish", "Chinese"]
    assert len(candidates(app, company.id)) == 2


def test_a_row_with_errors_stops_the_write_unless_valid_rows_are_chosen(app, client, staff,
                                                                       company):
    bad = ["", "", "Chinese", "31/02/1990", "K7654321", "01/01/2030"]
    number = import_file(client, csv_bytes(HEADERS, [*ROWS, bad]))
    page = client.get(f"/imports/{number}").get_data(as_text=True)
    assert 'data-row="4" data-mark="error"' in page
    assert "Row 4, column “Full name (full_name)”: Enter the full name" in page
    assert "Row 4, column “Date of birth (date_of_birth)”: Enter a date as DD/MM/YYYY." in page
    client.post(f"/imports/{number}/write", data={})
    assert candidates(app, company.id) == []
    client.post(f"/imports/{number}/write", data={"valid_only": "y"})
    assert len(candidates(app, company.id)) == 2
    listed = client.get("/imports/").get_data(as_text=True)  # where one comes back to it
    assert f'href="/imports/{number}">staff.csv</a>' in listed and "Imported</li>" in listed
    report = client.get(f"/imports/{number}/report.csv").get_data(as_text=True)
    assert "4,Full name (full_name),Enter the full name" in report
    assert "K1234567" not in report and "K7654321" in report


def test_the_same_passport_twice_in_the_file_is_refused(app, client, staff, company):
    number = import_file(client, csv_bytes(HEADERS, [*ROWS, ROWS[0]]))
    page = client.get(f"/imports/{number}").get_data(as_text=True)
    assert "Passport number K1234567 is also on row 2." in page
    client.post(f"/imports/{number}/write", data={})
    assert candidates(app, company.id) == []


def test_dates_out_of_range_are_refused(client, staff):
    number = import_file(client, csv_bytes(HEADERS, [[*ROWS[0][:5], "01/01/2300"]]))
    assert "The date 01/01/2300 is out of range" in client.get(
        f"/imports/{number}").get_data(as_text=True)


def test_xlsx_quirks_serial_dates_merged_title_trailing_rows(app, client, staff,
                                                                      company):
    content = xlsx_bytes(
        HEADERS,
        [["Chan Tai Man", "陳大文", "Chinese", date(1990, 2, 1), "K1234567", 45000],
         ["Lee Siu Ming", None, "British", "15/06/1985", "GB9876543", "01/01/2031"],
         [None] * 6, [None] * 6],
        title="Sponsored staff 2026")
    sheet = read_sheet("staff.xlsx", content)
    assert sheet.headers == HEADERS and len(sheet.rows) == 2
    number = import_file(client, content, "staff.xlsx")
    client.post(f"/imports/{number}/write", data={})
    rows = candidates(app, company.id)
    assert rows[1].passport_expiry == date(2023, 3, 15)  # serial 45000
    assert rows[1].date_of_birth == date(1990, 2, 1)


def test_formula_cells_read_their_cached_value():
    # openpyxl writes no cached value; a workbook saved by Excel has one. Read the XML
    # the way Excel stores it: <f> with <v>.
    import zipfile
    content = xlsx_bytes(["a", "b"], [["x", "=1+1"]])
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<c r="B2"[^>]*>.*?</c>',
                              b'<c r="B2"><f>1+1</f><v>2</v></c>', data)
            target.writestr(item, data)
    assert read_sheet("f.xlsx", out.getvalue()).rows[0][1] == ["x", "2"]


@pytest.mark.parametrize("encoding", ["big5", "gb18030", "utf-8-sig"])
def test_chinese_text_in_big5_gb18030_or_utf8_with_bom(encoding):
    content = csv_bytes(["name", "chinese"], [["Chan", "陳大文"]], encoding)
    sheet = read_sheet("x.csv", content)
    assert sheet.headers == ["name", "chinese"]  # no BOM left in the first header
    assert sheet.rows[0][1] == ["Chan", "陳大文"]


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"%PDF-1.4 not a sheet\x00\x01", "a.pdf", "not a spreadsheet"),
    (b"PK\x03\x04 broken zip", "a.xlsx", "not a spreadsheet"),
    (b"junk" * (3 * 1024 * 1024), "big.csv", "larger than 10 MB"),
    (b"", "empty.csv", "empty"),
    (b"only-one-column\nvalue\n", "one.csv", "no header row"),
])
def test_bad_files_are_refused_with_one_message(content, name, message):
    with pytest.raises(ReadError) as refused:
        read_sheet(name, content)
    assert message in refused.value.message


def test_a_bad_upload_answers_on_the_page_and_writes_nothing(app, client, staff, company):
    response = upload(client, b"%PDF-1.4\x00\x00", "scan.pdf")
    assert response.status_code == 200
    assert "The file is not a spreadsheet (CSV or XLSX)." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportJob)) == 0


def test_missing_required_columns_are_named(app, client, staff, company):
    response = upload(client, csv_bytes(["Full name (full_name)", "Nationality"],
                                        [["Chan", "Chinese"]]))
    number = job_id(response)
    response = client.post(f"/imports/{number}/mapping", data={"field_full_name": "0"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert ("The file has no column for: Date of birth, Passport number, Passport expiry."
            in page)
    assert candidates(app, company.id) == []


def test_the_mapping_is_remembered_for_the_next_import(app, client, staff):
    own = ["Name", "Nat.", "DOB", "PP No", "PP Exp"]
    rows = [["Chan", "Chinese", "01/02/1990", "K1234567", "31/12/2033"]]
    number = job_id(upload(client, csv_bytes(own, rows)))
    chosen = {"field_full_name": "0", "field_nationality": "1", "field_date_of_birth": "2",
              "field_passport_number": "3", "field_passport_expiry": "4"}
    client.post(f"/imports/{number}/mapping", data=chosen)
    assert job(app, number).new_count == 1
    again = job_id(upload(client, csv_bytes(own, rows)))
    page = client.get(f"/imports/{again}/mapping").get_data(as_text=True)
    assert re.search(r'name="field_passport_expiry".*?<option selected value="4"', page, re.S)


def test_another_companys_records_are_never_matched_nor_touched(app, client, staff, make):
    other = make.company()
    theirs = make.candidate(other, passport_number="K1234567", nationality="Canadian")
    number = import_file(client, csv_bytes(HEADERS, ROWS))
    assert job(app, number).new_count == 2  # their passport is a new record here
    client.post(f"/imports/{number}/write", data={})
    assert [c.nationality for c in candidates(app, other.id)] == ["Canadian"]
    assert candidates(app, other.id)[0].id == theirs.id
    # Their jobs are absent to this company.
    with app.app_context():
        foreign = ImportJob(company_id=other.id, kind="candidates", filename="x.csv",
                            headers=[], rows=[], mapping={}, marks=[])
        db.session.add(foreign)
        db.session.commit()
        foreign_id = foreign.id
    for path in ("", "/mapping", "/status.json", "/report.csv"):
        assert client.get(f"/imports/{foreign_id}{path}").status_code == 404
    assert client.post(f"/imports/{foreign_id}/write", data={}).status_code == 404


def test_templates_have_the_headers_in_the_readers_language(client, staff):
    csv_template = client.get("/imports/template/candidates.csv").get_data()
    assert csv_template.startswith("\ufeff".encode())
    assert "Date of birth (date_of_birth)" in csv_template.decode("utf-8-sig")
    chinese = client.get("/imports/template/candidates.csv",
                         headers={"Accept-Language": "zh-HK"}).get_data().decode("utf-8-sig")
    assert "出生日期 (date_of_birth)" in chinese and "Date of birth" not in chinese
    xlsx = client.get("/imports/template/candidates.xlsx").get_data()
    from openpyxl import load_workbook
    first_row = next(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert len(first_row) == 16 and "Date of birth (date_of_birth)" in first_row
    assert client.get("/imports/template/nothing.csv").status_code == 404


def test_pages_in_chinese(app, client, staff):
    zh = {"Accept-Language": "zh-HK"}
    page = client.get("/imports/", headers=zh).get_data(as_text=True)
    assert "從試算表匯入" in page and "Import from a spreadsheet" not in page
    bad = ["", "", "Chinese", "31/02/1990", "K7654321", "01/01/2030"]
    number = import_file(client, csv_bytes(HEADERS, [bad]))
    page = client.get(f"/imports/{number}", headers=zh).get_data(as_text=True)
    assert "第 2 行" in page and "請以 DD/MM/YYYY 格式輸入日期。" in page
    assert "Enter a date as DD/MM/YYYY." not in page
    refused = upload(client, b"%PDF\x00", "a.pdf", **zh).get_data(as_text=True)
    assert "檔案不是試算表（CSV 或 XLSX）。" in refused


def test_a_large_file_is_checked_and_written_by_the_worker_with_progress(
        app, client, staff, company, start_worker, smtp_sink, monkeypatch):

    from tracker.imports import writing

    monkeypatch.setattr(writing, "LARGE", 50)  # the page's decision; the worker follows it
    start_worker(smtp_sink.port)
    rows = [[f"Person {n}", "", "Canadian", "01/02/1990", f"K{n:07d}", "31/12/2033"]
            for n in range(120)]
    number = import_file(client, csv_bytes(HEADERS, rows))

    page = client.get(f"/imports/{number}").get_data(as_text=True)
    assert 'id="import-progress"' in page or 'data-mark="new"' in page
    assert "imports.js" in page or 'data-mark="new"' in page
    assert past_step(client, number, "checking")["status"] == "previewed"
    assert job(app, number).new_count == 120 and candidates(app, company.id) == []
    client.post(f"/imports/{number}/write", data={})
    state = past_step(client, number, "writing")
    assert state == {"status": "done", "progress": 100, "total": 120, "written": 120}
    assert len(candidates(app, company.id)) == 120
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "import")) == 1


ALLOTMENT_HEADERS = ["ITC reference (itc_reference)", "Allotment date (allotment_date)",
                     "Number of quotas (total_quotas)", "Job title (job_title)",
                     "Technology area (technology_area)", "Monthly salary (HKD) (monthly_salary)",
                     "Quotas (quotas)"]
ALLOTMENT_ROWS = [
    ["ITC/2026/001", "01/06/2026", "3", "AI engineer", "artificial intelligence", "40000", "2"],
    ["ITC/2026/001", "01/06/2026", "3", "Data scientist", "Data analytics", "38000", "1"],
    ["ITC/2026/002", "02/06/2026", "1", "Robot designer", "Robotics", "45000", "1"],
]


def import_kind(client, content: bytes, kind: str) -> int:
    response = upload(client, content, kind=kind)
    number = job_id(response)
    page = client.get(f"/imports/{number}/mapping").get_data(as_text=True)
    chosen = dict(re.findall(r'<select[^>]*name="(field_\w+)"[^>]*>.*?'
                             r'<option selected value="(\d*)"', page, re.S))
    assert client.post(f"/imports/{number}/mapping", data=chosen).status_code == 302
    return number


def allotments(app, company_id: int) -> list[tuple]:
    from tracker.quotas.models import QuotaAllotment, QuotaPosition

    with app.app_context():
        return [(a.itc_reference, a.total_quotas, p.job_title, p.technology_area, p.quotas)
                for a, p in db.session.execute(
                    sa.select(QuotaAllotment, QuotaPosition).join(QuotaPosition).where(
                        QuotaAllotment.company_id == company_id)
                    .order_by(QuotaAllotment.itc_reference, QuotaPosition.job_title))]


def test_allotments_with_their_positions_are_imported_once(app, client, staff, company):
    number = import_kind(client, csv_bytes(ALLOTMENT_HEADERS, ALLOTMENT_ROWS), "allotments")
    assert job(app, number).new_count == 3
    client.post(f"/imports/{number}/write", data={})
    assert allotments(app, company.id) == [
        ("ITC/2026/001", 3, "AI engineer", "Artificial intelligence", 2),
        ("ITC/2026/001", 3, "Data scientist", "Data analytics", 1),
        ("ITC/2026/002", 1, "Robot designer", "Robotics", 1)]
    again = import_kind(client, csv_bytes(ALLOTMENT_HEADERS, ALLOTMENT_ROWS), "allotments")
    assert job(app, again).unchanged_count == 3
    assert len(allotments(app, company.id)) == 3


def test_an_allotment_breaking_the_quota_rules_is_refused_by_row(app, client, staff, company):
    rows = [ALLOTMENT_ROWS[0], [*ALLOTMENT_ROWS[1][:4], "Basket weaving", "38000", "1"],
            ["ITC/2026/002", "02/06/2026", "5", "Robot designer", "Robotics", "45000", "1"]]
    number = import_kind(client, csv_bytes(ALLOTMENT_HEADERS, rows), "allotments")
    page = client.get(f"/imports/{number}").get_data(as_text=True)
    assert ("Row 3, column “Technology area (technology_area)”: Basket weaving is not a "
            "TechTAS technology area") in page
    assert "Row 4, column “Number of quotas (total_quotas)”: The positions" in page
    client.post(f"/imports/{number}/write", data={})
    assert allotments(app, company.id) == []

"""Exports (issue 18): every list as CSV and XLSX, streamed, filtered as its page, safe
cells, ISO dates in CSV and date cells in XLSX, headers in the reader's language,
one company's rows only."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from tracker.audit.services import record
from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.exports.writers import csv_chunks, safe_cell, xlsx_chunks
from tracker.extensions import db

pytestmark = pytest.mark.usefixtures("pinned_today")
ZH = {"Accept-Language": "zh-HK"}


def csv_rows(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def set_candidate(app, candidate_id: int, **columns) -> None:
    with app.app_context():
        db.session.execute(sa.update(Candidate).where(Candidate.id == candidate_id)
                           .values(**columns))
        db.session.commit()


@pytest.fixture
def viewer(make, company, login):
    user = make.user(company, role="viewer")
    login(user)
    return user


# --- The writers ----------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx",
                                   "=HYPERLINK(\"http://x\")"])
def test_a_formula_is_made_plain_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Wong Ka Yan", "黃嘉欣", "", -5, 3.5, date(2025, 1, 2), None])
def test_other_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_both_writers_read_a_generator_once():
    consumed = []

    def rows():
        for n in range(3):
            consumed.append(n)
            yield [n, "=cmd", date(2025, 1, n + 1)]

    text = b"".join(csv_chunks(["n", "v", "d"], rows())).decode()
    assert list(csv.reader(io.StringIO(text[1:]))) == [
        ["n", "v", "d"], ["0", "'=cmd", "2025-01-01"], ["1", "'=cmd", "2025-01-02"],
        ["2", "'=cmd", "2025-01-03"]]
    book = load_workbook(io.BytesIO(b"".join(xlsx_chunks("T", ["n", "v", "d"], rows()))))
    assert [c.value for c in book.active[2]] == [0, "'=cmd", datetime(2025, 1, 1)]
    assert book.active["C2"].is_date and book.active["C2"].number_format == "DD/MM/YYYY"
    assert consumed == [0, 1, 2, 0, 1, 2]


def test_an_xlsx_holds_date_cells_and_neutralised_text():
    """Dates are real date cells with a date format; text a spreadsheet would run as a
    formula is plain text; numbers, other text and empty cells go in as they are."""
    formulas = ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    row = [date(2025, 1, 2), datetime(2025, 1, 2, 9, 30), *formulas, -5, 3.5, "黃嘉欣", None]
    book = load_workbook(io.BytesIO(b"".join(xlsx_chunks("T", ["h"] * len(row), [row, row]))))
    for cells in book.active.iter_rows(min_row=2):
        # (An XML reader reads a carriage return in text as a line feed.)
        assert [c.value for c in cells] == [
            datetime(2025, 1, 2), datetime(2025, 1, 2, 9, 30),
            *["'" + f.replace("\r", "\n") for f in formulas], -5, 3.5, "黃嘉欣", None]
        assert [(c.is_date, c.number_format) for c in cells[:2]] == [
            (True, "DD/MM/YYYY"), (True, "DD/MM/YYYY HH:MM")]
        assert all(c.data_type == "s" for c in cells[2:8])  # text, not formulas
        assert not any(c.is_date for c in cells[2:])


# --- Cases ----------------------------------------------------------------------------------

def test_cases_export_in_both_formats(client, make, company, staff):
    candidate = make.candidate(company, full_name="=HYPERLINK(\"http://evil\")")
    case = make.case(company, candidate=candidate)
    set_candidate(client.application, candidate.id, passport_expiry=date(2030, 5, 6))
    response = client.get("/export/cases.csv")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:4] == ["Case", "Full name", "Chinese name", "Passport number"]
    assert [row[0] for row in rows] == [str(case.id)]
    assert rows[0][1] == "'=HYPERLINK(\"http://evil\")"
    assert rows[0][header.index("Intended start date")] == "2099-01-01"
    assert rows[0][header.index("Stage")] == "Draft"

    sheet = xlsx_rows(client.get("/export/cases.xlsx"))
    assert sheet[0][0] == "Case" and sheet[1][0] == case.id
    assert sheet[1][1] == "'=HYPERLINK(\"http://evil\")"
    assert sheet[1][sheet[0].index("Intended start date")] == datetime(2099, 1, 1)


def test_cases_export_honours_the_list_filters(client, make, company, staff):
    gep = make.case(company)
    techtas = make.case(company, scheme="TechTAS")
    named = make.candidate(company, full_name="Chan Tai Man")
    found = make.case(company, candidate=named)
    ids = lambda url: [row[0] for row in csv_rows(client.get(url))[1:]]  # noqa: E731
    assert ids("/export/cases.csv?scheme=TechTAS") == [str(techtas.id)]
    assert ids("/export/cases.csv?q=chan+tai") == [str(found.id)]
    assert ids("/export/cases.csv") == [str(found.id), str(techtas.id), str(gep.id)]
    # A filter that does not validate is ignored, as on the list page.
    assert ids("/export/cases.csv?scheme=NOPE") == ids("/export/cases.csv")


def test_the_case_list_links_its_exports_with_its_filters(client, make, company, staff):
    make.case(company)
    page = client.get("/cases/?scheme=GEP").get_data(as_text=True)
    assert "/export/cases.csv?scheme=GEP" in page and "/export/cases.xlsx?scheme=GEP" in page


def test_another_companys_rows_are_never_exported(client, make, company, staff):
    other = make.company()
    make.case(other, candidate=make.candidate(other, full_name="Other Person"))
    make.allotment(other, reference="ITC/OTHER/1")
    mine = make.case(company)
    for url in ("/export/cases.csv", "/export/candidates.csv", "/export/allotments.csv",
                "/export/workforce.csv"):
        text = client.get(url).get_data(as_text=True)
        assert "Other Person" not in text and "ITC/OTHER/1" not in text, url
    assert str(mine.id) in client.get("/export/cases.csv").get_data(as_text=True)


def test_a_viewer_exports_what_they_read_but_not_the_admin_lists(client, make, company,
                                                                  viewer):
    make.case(company)
    for name in ("cases", "candidates", "allotments", "workforce"):
        for fmt in ("csv", "xlsx"):
            assert client.get(f"/export/{name}.{fmt}").status_code == 200, (name, fmt)
    assert client.get("/export/audit.csv").status_code == 403
    assert client.get("/export/notifications.xlsx").status_code == 403
    assert client.get("/export/cases.pdf").status_code == 404


def test_headers_and_labels_in_chinese(client, make, company, staff):
    make.case(company)
    header, row = csv_rows(client.get("/export/cases.csv", headers=ZH))
    assert "Full name" not in header and "Stage" not in header
    assert "護照號碼" in header
    assert "Draft" not in row
    page = client.get("/candidates/", headers=ZH).get_data(as_text=True)
    assert "匯出：" in page and "Export:" not in page


# --- The other lists ------------------------------------------------------------------------

def test_candidates_export_with_search_and_dependants(client, make, company, staff):
    principal = make.candidate(company, full_name="Lee Ka Ming", chinese_name="李家明")
    make.candidate(company, full_name="Ho Mei")
    spouse = make.candidate(company, full_name="Lee Mei")
    set_candidate(client.application, spouse.id, principal_id=principal.id, relation="spouse")
    header, *rows = csv_rows(client.get("/export/candidates.csv"))
    names = [row[0] for row in rows]
    assert names == ["Ho Mei", "Lee Ka Ming", "Lee Mei"]
    assert rows[1][1] == "李家明"
    assert rows[1][header.index("Passport expiry")].count("-") == 2  # ISO date
    assert rows[2][-2:] == ["Spouse", principal.passport_number]
    assert [r[0] for r in csv_rows(client.get("/export/candidates.csv?q=ho+mei"))[1:]] == [
        "Ho Mei"]


def test_allotments_export_one_row_per_position(client, make, company, staff):
    make.allotment(company, reference="ITC/TTAS/9", positions=(("Data engineer", 2),
                                                                ("ML engineer", 1)))
    sheet = xlsx_rows(client.get("/export/allotments.xlsx"))
    assert sheet[0][:3] == ("ITC reference", "Allotment date", "Valid until")
    assert [(row[0], row[5], row[9]) for row in sheet[1:]] == [
        ("ITC/TTAS/9", "Data engineer", 2), ("ITC/TTAS/9", "ML engineer", 1)]
    assert sheet[1][1] == datetime(2025, 1, 6)


def test_workforce_export_honours_its_filters(client, make, company, staff):
    case = make.case(company)
    with client.application.app_context():
        db.session.execute(sa.update(Case).where(Case.id == case.id).values(
            stage="arrived", limit_of_stay_until=date(2025, 6, 20), arrived_on=date(2024, 6, 1)))
        db.session.commit()
    rows = csv_rows(client.get("/export/workforce.csv"))
    assert len(rows) == 2 and rows[1][rows[0].index("Limit of stay until")] == "2025-06-20"
    assert rows[1][rows[0].index("Days left")] == "18"
    assert len(csv_rows(client.get("/export/workforce.csv?days=expired"))) == 1


def test_audit_and_notifications_exports_for_admins(client, make, company, login):
    admin = make.user(company, role="admin")
    login(admin)
    with client.application.app_context():
        record("update", "case", 7, summary="=2+2 changed", company_id=company.id)
        db.session.commit()
    header, *rows = csv_rows(client.get("/export/audit.csv?action=update"))
    assert header[0] == "When" and rows and all(row[3] == "Updated" for row in rows)
    assert any(row[6] == "'=2+2 changed" for row in rows)
    assert client.get("/export/audit.csv?date_from=notadate").status_code == 400
    sheet = xlsx_rows(client.get("/export/notifications.xlsx?status=sent"))
    assert sheet[0][0] == "Found due"
    assert client.get("/audit").status_code == 200
    assert "/export/notifications.csv" in client.get("/notifications").get_data(as_text=True)


def test_a_large_export_streams_to_the_end(app, client, make, company, staff):
    """100,000 cases: the response is a stream and every row arrives (memory is the bench's)."""
    candidate = make.candidate(company)
    with app.app_context():
        db.session.execute(sa.text(
            "INSERT INTO cases (company_id, candidate_id, scheme, kind, job_title, stage, "
            "stage_changed_at, quota_held, created_at, updated_at, submission_channel, "
            "previous_employer, local_recruitment_justification, talent_list_profession, "
            "immd_reference, visa_number) "
            "SELECT :company, :candidate, 'GEP', 'entry', 'Engineer ' || n, 'draft', now(), "
            "false, now(), now(), '', '', '', '', '', '' FROM generate_series(1, 100000) n"),
            {"company": company.id, "candidate": candidate.id})
        db.session.commit()
    try:
        response = client.get("/export/cases.csv")
        assert response.is_streamed
        chunks = lines = 0
        for chunk in response.response:
            chunks += 1
            lines += chunk.count(b"\n")
        response.close()
        assert lines == 100_001 and chunks > 100
    finally:
        # The per-test DELETE checks each case's self-references one row at a time:
        # quadratic on 100,000 rows. TRUNCATE empties them (and what refers to them) at once.
        with app.app_context():
            db.session.execute(sa.text("TRUNCATE cases CASCADE"))
            db.session.commit()


# --- A printable case -----------------------------------------------------------------------

def test_the_printable_case(client, make, company, viewer):
    candidate = make.candidate(company, full_name="Chan Siu Ming", chinese_name="陳小明")
    case = make.case(company, candidate=candidate)
    make.documents(case)
    show = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/cases/{case.id}/print" in show
    response = client.get(f"/cases/{case.id}/print")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for part in ("Chan Siu Ming 陳小明", "Details", "Eligibility", "Documents", "Timeline",
                 "Received on", "01/01/2024", "print.css"):
        assert part in page, part
    # CSP: no inline style or script, no form.
    assert "<script" not in page and "style=" not in page and "<style" not in page
    assert "<form" not in page and "navbar" not in page
    zh = client.get(f"/cases/{case.id}/print", headers=ZH).get_data(as_text=True)
    for chinese in ("時間線", "文件", "列印日期", "返回個案"):
        assert chinese in zh, chinese
    for english in ("Timeline", "Documents", "Details", "Eligibility", "Printed"):
        assert english not in zh, english


def test_another_companys_case_does_not_print(client, make, company, viewer):
    other = make.case(make.company())
    assert client.get(f"/cases/{other.id}/print").status_code == 404

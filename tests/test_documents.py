"""Case document checklist: statuses, lazy rows, uploads, downloads, isolation, audit."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests import documents_files as files
from tracker.audit.models import AuditEvent
from tracker.cases.models import Case
from tracker.documents.checklist import missing_required_documents
from tracker.documents.models import CaseDocument
from tracker.extensions import db

TODAY = date(2025, 3, 14)


@pytest.fixture
def uploads(app, tmp_path, monkeypatch) -> Path:
    """A fresh upload folder and a pinned "today" for each test."""
    folder = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(folder))
    monkeypatch.setitem(app.config, "TODAY_OVERRIDE", TODAY.isoformat())
    return folder


@pytest.fixture
def staff_case(make, login, uploads, company):
    """A GEP case and a signed-in staff user of its company."""
    login(make.user(company, role="staff"))
    return make.case(company=company, scheme="GEP")


def stored_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def documents(app, case_id: int) -> dict[str, CaseDocument]:
    with app.app_context():
        rows = db.session.scalars(sa.select(CaseDocument).where(CaseDocument.case_id == case_id))
        return {d.code: d for d in rows}


def audit_entries(app) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "document").order_by(AuditEvent.id)))


def upload(client, case_id: int, code: str, content: bytes, name: str, **query):
    return client.post(f"/cases/{case_id}/documents/{code}/upload", query_string=query,
                       data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def refused_page(client, response, status: int = 302) -> str:
    """A refusal comes back to its item on the page that showed the checklist, with the
    message as a flash (never a page at the POST address); that page's HTML."""
    assert response.status_code == status and "#doc-" in response.headers["Location"]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def set_status(client, case_id: int, code: str, status: str, received_on: str = "", **query):
    return client.post(f"/cases/{case_id}/documents/{code}/status", query_string=query,
                       data={"status": status, "received_on": received_on})


# --- the checklist and statuses -------------------------------------------------------------

def test_checklist_shows_every_item_missing_without_creating_rows(app, client, staff_case):
    page = client.get(f"/cases/{staff_case.id}/documents")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Candidate " in html and "GEP" in html
    assert "Justification of local recruitment difficulty" in html
    assert "ITC quota allotment letter" not in html  # TechTAS only
    assert html.count('data-status="missing"') == 9
    assert "9 required documents missing before submission" in html
    assert documents(app, staff_case.id) == {}


def test_techtas_checklist_has_the_itc_letter(client, make, login, uploads):
    company = make.company()
    login(make.user(company, role="viewer"))
    case = make.case(company=company, scheme="TechTAS")
    html = client.get(f"/cases/{case.id}/documents").get_data(as_text=True)
    assert "ITC quota allotment letter" in html
    assert "Justification of local recruitment" not in html


def test_marking_received_creates_the_row_with_its_date_and_an_audit_entry(
        app, client, staff_case):
    response = set_status(client, staff_case.id, "passport", "received", "2025-03-02")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/cases/{staff_case.id}/documents#doc-passport")
    rows = documents(app, staff_case.id)
    assert list(rows) == ["passport"]  # only the changed item got a row
    assert (rows["passport"].status, rows["passport"].received_on) == (
        "received", date(2025, 3, 2))
    html = client.get(f"/cases/{staff_case.id}/documents").get_data(as_text=True)
    assert "Received 02/03/2025" in html
    [entry] = audit_entries(app)
    assert (entry.object_type, entry.object_id) == ("case", staff_case.id)
    assert entry.changes == {"passport.status": ["missing", "received"],
                             "passport.received_on": [None, "2025-03-02"]}
    assert entry.summary == "Passport copy (personal particulars page): missing → received"


def test_received_without_a_date_means_today(app, client, staff_case):
    set_status(client, staff_case.id, "cv", "received")
    assert documents(app, staff_case.id)["cv"].received_on == TODAY


def test_not_applicable_clears_the_date_and_missing_goes_back(app, client, staff_case):
    set_status(client, staff_case.id, "local_recruitment", "received", "2025-03-01")
    set_status(client, staff_case.id, "local_recruitment", "not_applicable", "2025-03-01")
    row = documents(app, staff_case.id)["local_recruitment"]
    assert (row.status, row.received_on) == ("not_applicable", None)
    set_status(client, staff_case.id, "local_recruitment", "missing")
    assert documents(app, staff_case.id)["local_recruitment"].status == "missing"
    assert [e.changes["local_recruitment.status"] for e in audit_entries(app)] == [
        ["missing", "received"], ["received", "not_applicable"], ["not_applicable", "missing"]]


def test_the_same_status_again_changes_nothing(app, client, staff_case):
    set_status(client, staff_case.id, "cv", "received", "2025-03-01")
    response = set_status(client, staff_case.id, "cv", "received", "2025-03-01",)
    assert response.status_code == 302
    assert len(audit_entries(app)) == 1


@pytest.mark.parametrize("status,received_on,message", [
    ("received", "2025-03-15", "cannot be in the future"),
    ("received", "2025-02-30", "Received on: Not a valid date value"),
    ("received", "1899-01-01", "looks wrong"),
    ("lost", "", "Status: Not a valid choice"),
])
def test_bad_status_input_is_refused_with_a_message(app, client, staff_case,
                                                     status, received_on, message):
    response = set_status(client, staff_case.id, "passport", status, received_on)
    assert message in refused_page(client, response)
    assert documents(app, staff_case.id) == {}
    assert audit_entries(app) == []


def test_an_item_not_on_the_schemes_checklist_is_404(client, staff_case):
    assert set_status(client, staff_case.id, "itc_letter", "received").status_code == 404
    assert upload(client, staff_case.id, "itc_letter", files.pdf(), "a.pdf").status_code == 404


def test_missing_required_documents_before_and_after(app, client, staff_case):
    def missing() -> list[str]:
        with app.app_context():
            return [i.code for i in missing_required_documents(db.session.get(Case,
                                                                              staff_case.id))]
    assert missing() == ["id990a", "id990b", "passport", "degree", "cv", "contract",
                         "br_certificate", "local_recruitment", "photo"]
    for code in missing():
        if code != "local_recruitment":
            set_status(client, staff_case.id, code, "received")
    assert missing() == ["local_recruitment"]
    set_status(client, staff_case.id, "local_recruitment", "not_applicable")
    assert missing() == []
    html = client.get(f"/cases/{staff_case.id}/documents").get_data(as_text=True)
    assert "Every required document is received or not applicable." in html


# --- uploads ---------------------------------------------------------------------------------

@pytest.mark.parametrize("content,name,mime", [
    (files.pdf(), "Passport scan.PDF", "application/pdf"),
    (files.png(), "passport.png", "image/png"),
    (files.jpeg(), "passport.jpeg", "image/jpeg"),
    (files.docx(), "cv.docx", "application/vnd.openxmlformats-officedocument"
                              ".wordprocessingml.document"),
    (files.xlsx(), "salary.xlsx", "application/vnd.openxmlformats-officedocument"
                                  ".spreadsheetml.sheet"),
])
def test_upload_stores_a_random_name_and_marks_received_today(
        app, client, staff_case, uploads, content, name, mime):
    response = upload(client, staff_case.id, "passport", content, name)
    assert response.status_code == 302
    row = documents(app, staff_case.id)["passport"]
    assert (row.status, row.received_on) == ("received", TODAY)
    assert (row.file_name, row.content_type, row.size_bytes) == (name, mime, len(content))
    [stored] = stored_files(uploads)
    assert stored.parent == uploads / str(staff_case.company_id)
    assert stored.name == row.stored_name and name not in stored.name
    assert stored.read_bytes() == content
    [entry] = audit_entries(app)
    assert entry.changes["passport.file_name"] == ["", name]
    assert entry.changes["passport.status"] == ["missing", "received"]


def test_upload_keeps_an_earlier_received_date_and_replaces_the_old_file(
        app, client, staff_case, uploads):
    set_status(client, staff_case.id, "contract", "received", "2025-01-10")
    upload(client, staff_case.id, "contract", files.pdf(), "v1.pdf")
    first = documents(app, staff_case.id)["contract"].stored_name
    upload(client, staff_case.id, "contract", files.png(), "v2.png")
    row = documents(app, staff_case.id)["contract"]
    assert row.received_on == date(2025, 1, 10)
    assert (row.file_name, row.content_type) == ("v2.png", "image/png")
    assert [p.name for p in stored_files(uploads)] == [row.stored_name] != [first]


@pytest.mark.parametrize("content,name,seen", [
    (files.TEXT, "passport.pdf", ""),
    (files.HTML, "passport.pdf", ""),
    (files.plain_zip(), "cv.docx", "(its content looks like application/zip)"),
    (b"MZ\x90\x00" + b"\x00" * 60, "cv.pdf", ""),
])
def test_a_file_whose_content_is_not_allowed_is_refused(app, client, staff_case, uploads,
                                                       content, name, seen):
    response = upload(client, staff_case.id, "passport", content, name)
    html = refused_page(client, response)
    assert f"“{name}” is not a PDF, PNG, JPEG, Word (DOCX) or Excel (XLSX) file" in html
    assert seen in html and "Nothing was saved." in html
    assert stored_files(uploads) == []
    assert documents(app, staff_case.id) == {}
    assert audit_entries(app) == []


def test_an_empty_or_absent_file_is_refused(app, client, staff_case, uploads):
    assert "is empty" in refused_page(client, upload(client, staff_case.id, "cv", b"", "cv.pdf"))
    response = client.post(f"/cases/{staff_case.id}/documents/cv/upload", data={})
    assert "File: Choose a file to upload." in refused_page(client, response)
    assert stored_files(uploads) == [] and documents(app, staff_case.id) == {}


def test_a_file_over_the_per_file_limit_is_refused(app, client, staff_case, uploads,
                                                  monkeypatch):
    monkeypatch.setitem(app.config, "MAX_DOCUMENT_BYTES", 2 * 1024 * 1024)
    big = files.pdf(padding=2 * 1024 * 1024)
    response = upload(client, staff_case.id, "degree", big, "degree.pdf")
    assert ("“degree.pdf” is 2 MB; the limit per file is 2 MB. Nothing was saved."
            in refused_page(client, response))
    assert stored_files(uploads) == [] and documents(app, staff_case.id) == {}


def test_a_request_over_max_content_length_comes_back_with_the_limit(
        app, client, staff_case, uploads, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    response = upload(client, staff_case.id, "degree", files.pdf(padding=1024 * 1024),
                      "degree.pdf")
    assert response.headers["Location"].endswith("#doc-degree")
    html = refused_page(client, response)
    assert "The upload is larger than the 1 MB allowed. Nothing was saved." in html
    assert 'id="doc-degree"' in html  # the checklist, not a bare error page
    assert stored_files(uploads) == [] and documents(app, staff_case.id) == {}


@pytest.mark.parametrize("csrf,status", [(False, 413), (True, 413)])
def test_oversize_post_to_another_companys_case_shows_nothing_of_it(
        app, client, make, login, uploads, monkeypatch, csrf, status):
    """The input guard (and, with CSRF on, the token check) reads the body before the view
    runs, so the 413 comes first: its handler must not show the other company's case."""
    other = make.case(company=make.company())
    login(make.user(role="admin"))
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", csrf)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    response = upload(client, other.id, "cv", files.pdf(padding=4096), "cv.pdf")
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert "Candidate " not in html and "doc-cv" not in html
    if status == 413:
        assert "The upload is larger than the 1 KB allowed. Nothing was saved." in html


def test_the_original_name_is_cleaned_of_folders(app, client, staff_case):
    upload(client, staff_case.id, "cv", files.pdf(), "../../etc/cv\u0000.pdf")
    assert documents(app, staff_case.id)["cv"].file_name == "cv.pdf"


def test_remove_file_deletes_it_and_keeps_the_status(app, client, staff_case, uploads):
    upload(client, staff_case.id, "cv", files.pdf(), "cv.pdf")
    response = client.post(f"/cases/{staff_case.id}/documents/cv/remove")
    assert response.status_code == 302
    row = documents(app, staff_case.id)["cv"]
    assert (row.status, row.file_name, row.stored_name) == ("received", "", "")
    assert stored_files(uploads) == []
    assert audit_entries(app)[-1].changes == {"cv.file_name": ["cv.pdf", ""]}
    again = client.post(f"/cases/{staff_case.id}/documents/cv/remove")
    assert "no file to remove" in refused_page(client, again)


def test_posts_return_to_the_page_that_showed_the_checklist(client, staff_case):
    response = set_status(client, staff_case.id, "cv", "received", next=f"/cases/{staff_case.id}")
    assert response.headers["Location"].endswith(f"/cases/{staff_case.id}#doc-cv")
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example",
                 "/\t/evil.example", "javascript:alert(1)"):
        response = set_status(client, staff_case.id, "cv", "missing", next=evil)
        assert response.headers["Location"].endswith(f"/cases/{staff_case.id}/documents#doc-cv")


# --- downloads -------------------------------------------------------------------------------

def test_download_is_an_attachment_with_the_original_name(app, client, make, login,
                                                         company, staff_case):
    content = files.pdf()
    upload(client, staff_case.id, "passport", content, "護照 Chan.pdf")
    reader = login(make.user(company, role="viewer"), the_client=app.test_client())
    response = reader.get(f"/cases/{staff_case.id}/documents/passport/file")
    assert response.status_code == 200
    assert response.data == content
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%E8%AD%B7%E7%85%A7%20Chan.pdf" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


def test_an_item_without_a_file_has_no_download(client, staff_case):
    assert client.get(f"/cases/{staff_case.id}/documents/cv/file").status_code == 404
    set_status(client, staff_case.id, "cv", "received")
    assert client.get(f"/cases/{staff_case.id}/documents/cv/file").status_code == 404


# --- roles and companies ---------------------------------------------------------------------

def test_another_companys_case_is_404_everywhere_and_nothing_changes(
        app, client, make, login, uploads):
    owner = make.company()
    staff = make.user(owner, role="staff")
    case = make.case(company=owner)
    owner_client = login(staff, the_client=app.test_client())
    upload(owner_client, case.id, "cv", files.pdf(), "cv.pdf")
    before = documents(app, case.id)["cv"]
    login(make.user(make.company(), role="admin"))
    url = f"/cases/{case.id}/documents"
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/cv/file").status_code == 404
    assert set_status(client, case.id, "cv", "missing").status_code == 404
    assert upload(client, case.id, "cv", files.png(), "x.png").status_code == 404
    assert client.post(f"{url}/cv/remove").status_code == 404
    after = documents(app, case.id)["cv"]
    assert (after.status, after.stored_name) == (before.status, before.stored_name)
    assert len(stored_files(uploads)) == 1
    assert len(audit_entries(app)) == 1


def test_viewer_reads_but_cannot_change(app, client, make, login, uploads):
    company = make.company()
    case = make.case(company=company)
    login(make.user(company, role="viewer"))
    page = client.get(f"/cases/{case.id}/documents")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Passport copy" in html and "Upload" not in html and 'name="status"' not in html
    assert set_status(client, case.id, "cv", "received").status_code == 403
    assert upload(client, case.id, "cv", files.pdf(), "cv.pdf").status_code == 403
    assert client.post(f"/cases/{case.id}/documents/cv/remove").status_code == 403
    assert documents(app, case.id) == {} and stored_files(uploads) == []


def test_anonymous_is_sent_to_sign_in(client, make):
    case = make.case()
    response = client.get(f"/cases/{case.id}/documents")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_documents_views_declare_their_roles(app):
    roles = {name: getattr(app.view_functions[f"documents.{name}"], "required_role", None)
             for name in ("checklist_page", "download", "set_status", "upload", "remove_file")}
    assert roles == {"checklist_page": "viewer", "download": "viewer", "set_status": "staff",
                     "upload": "staff", "remove_file": "staff"}


def test_an_unwritable_upload_folder_gives_a_message_not_a_crash(app, client, staff_case,
                                                                tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(blocker / "uploads"))
    response = upload(client, staff_case.id, "cv", files.pdf(), "cv.pdf")
    assert "The file could not be stored. Nothing was saved" in refused_page(client, response)
    assert documents(app, staff_case.id) == {}


def test_the_checklist_forms_carry_a_working_csrf_token(app, client, staff_case, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    html = client.get(f"/cases/{staff_case.id}/documents").get_data(as_text=True)
    token = html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    url = f"/cases/{staff_case.id}/documents/cv/status"
    assert client.post(url, data={"status": "received"}).status_code == 400
    assert documents(app, staff_case.id) == {}
    response = client.post(url, data={"status": "received", "csrf_token": token})
    assert response.status_code == 302
    assert documents(app, staff_case.id)["cv"].status == "received"


# --- names and contents that could mislead ----------------------------------------------

@pytest.mark.parametrize("content,name,stored_as", [
    (files.pdf(), "report.html", "report.pdf"),    # downloaded as what it really is
    (files.pdf(), "report", "report.pdf"),
    (files.png(), "scan.jpg", "scan.png"),
    (files.jpeg(), "photo.JPEG", "photo.JPEG"),     # another name of the same type stays
    (files.pdf(), "\u202eexe.pdf", "exe.pdf"),      # a right-to-left override would show "fdp.exe"
    (files.pdf(), "cv\u200f.pdf", "cv.pdf"),
])
def test_the_download_name_takes_the_checked_types_extension(app, client, staff_case,
                                                             content, name, stored_as):
    assert upload(client, staff_case.id, "cv", content, name).status_code == 302
    assert documents(app, staff_case.id)["cv"].file_name == stored_as
    response = client.get(f"/cases/{staff_case.id}/documents/cv/file")
    assert response.headers["Content-Disposition"] == f"attachment; filename={stored_as}"


@pytest.mark.parametrize("content,reason", [
    (files.png() + files.HTML, "it has data after the end of the image"),
    (files.jpeg() + b"<script>alert(1)</script>", "it has data after the end of the image"),
    (files.jpeg()[:-2] + files.HTML + b"\xff\xd9", "it contains web page code"),
    (files.docx_with("word/vbaProject.bin"), "it contains macros, controls or web page code"),
    (files.docx_with("word/afchunk.htm"), "it contains macros, controls or web page code"),
    (files.docx_with("word/activeX/activeX1.xml"), "macros, controls or web page code"),
])
def test_polyglots_and_macros_are_refused(app, client, staff_case, uploads, content, reason):
    response = upload(client, staff_case.id, "passport", content, "passport.png")
    assert reason in refused_page(client, response)
    assert stored_files(uploads) == [] and documents(app, staff_case.id) == {}

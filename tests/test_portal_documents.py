"""Documents through the candidate portal (issue 19): HR asks for checklist items by a
date (one e-mail), the candidate uploads real files under exactly HR's checks, HR
accepts (the checklist item is received with the file) or returns with a reason (the
candidate sees it and is e-mailed), and nobody else reaches any of it."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from tests import documents_files as files
from tests.account_mail import outbox
from tests.portal_helpers import PASSWORD, signed_up
from tests.queued_tasks import run_queued
from tests.reminder_fixtures import purge_queue
from tracker.audit.models import AuditEvent
from tracker.auth.passwords import hash_password
from tracker.candidates.models import Candidate
from tracker.documents.models import CaseDocument
from tracker.extensions import db
from tracker.portal.models import PortalAccount, PortalRequest, PortalUpload

TODAY = date(2025, 3, 14)
DUE = TODAY + timedelta(days=10)
EMAIL = "chan.taiman@example.com"


@pytest.fixture(autouse=True)
def _empty_queue(app):
    purge_queue(app)  # nothing queued by an earlier test is mailed in this one
    yield
    purge_queue(app)


@pytest.fixture
def uploads(app, tmp_path, monkeypatch) -> Path:
    """A fresh upload folder and a pinned "today" for each test."""
    folder = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(folder))
    monkeypatch.setitem(app.config, "TODAY_OVERRIDE", TODAY.isoformat())
    return folder


@pytest.fixture
def person(make, company):
    return make.candidate(company, full_name="Chan Tai Man", email=EMAIL)


@pytest.fixture
def case(make, company, person, uploads):
    return make.case(company, candidate=person, scheme="GEP")


def portal_client(app, candidate_id: int, email: str) -> FlaskClient:
    """A candidate with a portal account (password set), signed in on a new client."""
    with app.app_context():
        person = db.session.get_one(Candidate, candidate_id)
        db.session.add(PortalAccount(company_id=person.company_id, candidate_id=person.id,
                                     email=email, password_hash=hash_password(PASSWORD)))
        db.session.commit()
    browser = app.test_client()
    response = browser.post("/portal/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/portal/")
    return browser


def ask(client: FlaskClient, case_id: int, codes: list[str], due: str = DUE.isoformat(),
        **query):
    return client.post(f"/cases/{case_id}/portal/documents", query_string=query,
                       data={"codes": codes, "due_on": due})


def requests_of(app, case_id: int) -> dict[str, PortalRequest]:
    with app.app_context():
        rows = db.session.scalars(sa.select(PortalRequest).where(
            PortalRequest.case_id == case_id).order_by(PortalRequest.id))
        found = {row.document_code: row for row in rows}
        for row in found.values():
            db.session.expunge(row)
        return found  # type: ignore[return-value]


def uploads_of(app, request_id: int) -> list[PortalUpload]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(PortalUpload).where(
            PortalUpload.request_id == request_id).order_by(PortalUpload.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def checklist(app, case_id: int) -> dict[str, CaseDocument]:
    with app.app_context():
        rows = db.session.scalars(sa.select(CaseDocument).where(CaseDocument.case_id == case_id))
        return {d.code: d for d in rows}


def send(browser: FlaskClient, request_id: int, content: bytes, name: str):
    return browser.post(f"/portal/documents/{request_id}/upload",
                        data={"file": (io.BytesIO(content), name)},
                        content_type="multipart/form-data")


def stored(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def actions(app, company_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent.action).where(
            AuditEvent.company_id == company_id).order_by(AuditEvent.id)))


def item_html(page: str, anchor: str) -> str:
    """The HTML of the list item with id *anchor* on *page*."""
    found = re.search(rf'<li[^>]*id="{anchor}".*?</li>', page, re.DOTALL)
    assert found, f"no #{anchor} on the page"
    return found.group(0)


# --- the whole way: request, upload, accept ------------------------------------------

def test_request_upload_accept_marks_the_checklist_received(app, client, staff, case, person,
                                                           company, uploads):
    candidate = signed_up(app, client, person.id, EMAIL)
    outbox(app).clear()
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="portal-ask-form"' in page
    assert 'value="passport" id="ask-passport" checked' in page  # missing: ticked

    response = ask(client, case.id, ["passport", "degree"], next=f"/cases/{case.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.id}#portal-documents")
    asked = requests_of(app, case.id)
    assert {code: (r.status, r.due_on, r.kind) for code, r in asked.items()} == {
        "passport": ("requested", DUE, "document"), "degree": ("requested", DUE, "document")}
    run_queued(app, "portal.")
    [mail] = outbox(app)  # one e-mail for the batch
    assert mail.to == [EMAIL] and company.name in mail.subject
    assert "Passport copy (personal particulars page)" in mail.body
    assert "Please send them by 24/03/2025." in mail.body
    assert "/portal/documents" in mail.body

    mine = candidate.get("/portal/documents").get_data(as_text=True)
    passport = asked["passport"]
    assert "Requested by HR" in item_html(mine, f"request-{passport.id}")

    response = send(candidate, passport.id, files.pdf(), "my passport.pdf")
    assert response.status_code == 302
    [sent] = uploads_of(app, passport.id)
    assert (sent.status, sent.file_name, sent.content_type) == (
        "pending", "my passport.pdf", "application/pdf")
    assert requests_of(app, case.id)["passport"].status == "submitted"
    assert checklist(app, case.id) == {}  # not received until HR accepts
    entry = item_html(candidate.get("/portal/documents").get_data(as_text=True),
                      f"request-{passport.id}")
    assert "Uploaded: awaiting review" in entry and "my passport.pdf" in entry
    own = candidate.get(f"/portal/uploads/{sent.id}/file")
    assert own.status_code == 200 and own.data == files.pdf()
    assert own.headers["Content-Disposition"] == 'attachment; filename="my passport.pdf"'
    assert own.headers["X-Content-Type-Options"] == "nosniff"
    assert own.headers["Cache-Control"] == "private, no-store"

    panel = item_html(client.get(f"/cases/{case.id}").get_data(as_text=True),
                      f"portal-request-{passport.id}")
    assert "Awaiting your review" in panel and "my passport.pdf" in panel
    hr_copy = client.get(f"/cases/{case.id}/portal/uploads/{sent.id}/file")
    assert hr_copy.data == files.pdf() and hr_copy.headers["Cache-Control"] == "private, no-store"

    response = client.post(f"/cases/{case.id}/portal/uploads/{sent.id}/accept",
                           query_string={"next": f"/cases/{case.id}"})
    assert response.status_code == 302
    row = checklist(app, case.id)["passport"]
    assert (row.status, row.received_on, row.file_name) == ("received", TODAY, "my passport.pdf")
    assert row.stored_name != sent.stored_name  # the case keeps a copy of its own
    assert (uploads / str(company.id) / row.stored_name).read_bytes() == files.pdf()
    assert requests_of(app, case.id)["passport"].status == "accepted"
    assert uploads_of(app, passport.id)[0].status == "accepted"
    assert actions(app, company.id)[-2:] == ["portal_document_accepted", "document"]
    run_queued(app, "portal.")
    assert "has accepted your document" in outbox(app)[-1].body
    entry = item_html(candidate.get("/portal/documents").get_data(as_text=True),
                      f"request-{passport.id}")
    assert "Accepted" in entry and 'type="file"' not in entry
    # Accepting twice changes nothing more.
    again = client.post(f"/cases/{case.id}/portal/uploads/{sent.id}/accept")
    assert "This upload was already reviewed." in client.get(
        again.headers["Location"]).get_data(as_text=True)


def test_return_with_reason_is_shown_and_mailed_over_smtp(app, client, staff, case, person,
                                                         uploads, smtp_mail):
    candidate = portal_client(app, person.id, EMAIL)
    assert ask(client, case.id, ["degree"]).status_code == 302
    degree = requests_of(app, case.id)["degree"]
    assert send(candidate, degree.id, files.jpeg(), "degree.jpg").status_code == 302
    [sent] = uploads_of(app, degree.id)

    # No reason: the page again with the message on the field, nothing changed.
    refused = client.post(f"/cases/{case.id}/portal/uploads/{sent.id}/return",
                          data={"reason": "   "}, query_string={"next": f"/cases/{case.id}"})
    assert refused.status_code == 400
    assert "Say why, so the candidate knows what to send instead." in refused.get_data(
        as_text=True)
    assert uploads_of(app, degree.id)[0].status == "pending"

    smtp_mail.clear()
    response = client.post(f"/cases/{case.id}/portal/uploads/{sent.id}/return",
                           data={"reason": "The scan is blurred: please scan it again."})
    assert response.status_code == 302
    assert requests_of(app, case.id)["degree"].status == "returned"
    assert "degree" not in checklist(app, case.id)  # still missing
    run_queued(app, "portal.")
    [mail] = smtp_mail.received
    assert mail.recipients == [EMAIL]
    assert "returned your document" in mail.subject
    assert "Reason: The scan is blurred: please scan it again." in mail.part("plain")

    entry = item_html(candidate.get("/portal/documents").get_data(as_text=True),
                      f"request-{degree.id}")
    assert "Returned" in entry
    assert "Returned by HR: The scan is blurred: please scan it again." in entry
    assert 'type="file"' in entry  # they may send another
    assert send(candidate, degree.id, files.png(), "degree.png").status_code == 302
    assert requests_of(app, case.id)["degree"].status == "submitted"
    assert [u.status for u in uploads_of(app, degree.id)] == ["returned", "pending"]


def test_a_file_still_awaiting_review_is_replaced(app, client, staff, case, person, uploads):
    candidate = portal_client(app, person.id, EMAIL)
    ask(client, case.id, ["cv"])
    cv = requests_of(app, case.id)["cv"]
    send(candidate, cv.id, files.pdf(), "old.pdf")
    send(candidate, cv.id, files.docx(), "new.docx")
    [kept] = uploads_of(app, cv.id)
    assert kept.file_name == "new.docx"
    assert [p.name for p in stored(uploads)] == [kept.stored_name]


# --- the same checks as HR's uploads -----------------------------------------------

def hr_refusal(client: FlaskClient, case_id: int, content: bytes, name: str) -> str:
    """The message HR's own upload gives for this file (a flash on the checklist)."""
    response = client.post(f"/cases/{case_id}/documents/contract/upload",
                           data={"file": (io.BytesIO(content), name)},
                           content_type="multipart/form-data")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    found = re.search(r"Employment contract[^:<]*: (“[^<]*)", page)
    assert found, page
    return found.group(1).strip()


@pytest.mark.parametrize("content,name", [
    (files.TEXT, "passport.pdf"),                        # wrong type, named as allowed
    (files.plain_zip(), "passport.docx"),                # a ZIP that is no Office file
    (files.png() + files.HTML, "passport.png"),          # disguised: HTML after the image
    (files.docx_with("word/vbaProject.bin"), "cv.docx"),  # macros
    (b"", "empty.pdf"),
])
def test_refused_files_get_hrs_own_message_and_nothing_is_kept(
        app, client, staff, case, person, uploads, content, name):
    candidate = portal_client(app, person.id, EMAIL)
    ask(client, case.id, ["passport"])
    passport = requests_of(app, case.id)["passport"]
    response = send(candidate, passport.id, content, name)
    assert response.status_code == 400  # the page again, the message on the item
    entry = item_html(response.get_data(as_text=True), f"request-{passport.id}")
    assert hr_refusal(client, case.id, content, name) in entry
    assert uploads_of(app, passport.id) == [] and stored(uploads) == []
    assert requests_of(app, case.id)["passport"].status == "requested"


def test_a_file_over_the_limit_is_refused_with_hrs_words(app, client, staff, case, person,
                                                        uploads, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    candidate = portal_client(app, person.id, EMAIL)
    ask(client, case.id, ["passport"])
    passport = requests_of(app, case.id)["passport"]
    big = files.pdf(padding=1024 * 1024)
    entry = item_html(send(candidate, passport.id, big, "scan.pdf").get_data(as_text=True),
                      f"request-{passport.id}")
    assert "“scan.pdf” is 1 MB; the limit per file is 1 MB. Nothing was saved." in entry
    assert hr_refusal(client, case.id, big, "scan.pdf") in entry
    # Over the whole request's limit: the page, with the limit, on the item.
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 512 * 1024)
    response = send(candidate, passport.id, big, "scan.pdf")
    assert response.status_code == 413
    entry = item_html(response.get_data(as_text=True), f"request-{passport.id}")
    assert "The upload is larger than the 512 KB allowed. Nothing was saved." in entry
    assert uploads_of(app, passport.id) == [] and stored(uploads) == []


# --- HR's request: refusals, outstanding, overdue, dashboard ----------------------------

def test_a_refused_request_shows_every_problem_and_saves_nothing(app, client, staff, case,
                                                                person, uploads):
    assert "invite them to the candidate portal first" in client.get(
        f"/cases/{case.id}").get_data(as_text=True)
    refused = ask(client, case.id, ["passport"], next=f"/cases/{case.id}")
    assert refused.status_code == 400
    assert "Invite the candidate to the portal first" in refused.get_data(as_text=True)

    portal_client(app, person.id, EMAIL)
    refused = ask(client, case.id, [], due="2025-03-01", next=f"/cases/{case.id}")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Choose at least one document." in page
    assert "The due date cannot be in the past." in page
    assert ask(client, case.id, ["passport"]).status_code == 302
    again = ask(client, case.id, ["passport", "cv"], due="2030-01-01")
    page = again.get_data(as_text=True)
    assert "Passport copy (personal particulars page): already asked of the candidate." in page
    assert "The due date is more than a year away: check the year." in page
    assert ask(client, case.id, ["no-such-item"]).status_code == 400
    assert list(requests_of(app, case.id)) == ["passport"]
    assert actions(app, staff.company_id).count("portal_documents_requested") == 1


def test_outstanding_on_the_case_page_with_overdue_marked(app, client, staff, case, person,
                                                         uploads, monkeypatch):
    portal_client(app, person.id, EMAIL)
    ask(client, case.id, ["passport"])
    passport = requests_of(app, case.id)["passport"]
    entry = item_html(client.get(f"/cases/{case.id}").get_data(as_text=True),
                      f"portal-request-{passport.id}")
    assert "Waiting for the candidate" in entry and "Due 24/03/2025" in entry
    assert "portal-overdue" not in entry
    monkeypatch.setitem(app.config, "TODAY_OVERRIDE", (DUE + timedelta(days=1)).isoformat())
    entry = item_html(client.get(f"/cases/{case.id}/documents").get_data(as_text=True),
                      f"portal-request-{passport.id}")
    assert "portal-overdue" in entry and "Overdue: due 24/03/2025" in entry


def test_the_dashboard_counts_cases_waiting_and_files_to_review(app, client, staff, make,
                                                               company, case, person, uploads):
    candidate = portal_client(app, person.id, EMAIL)
    other = make.case(company, candidate=make.candidate(company, full_name="Lee Siu Ming"))
    portal_client(app, other.candidate_id, "lee@example.com")
    ask(client, case.id, ["passport", "cv"])
    ask(client, other.id, ["degree"])
    send(candidate, requests_of(app, case.id)["cv"].id, files.pdf(), "cv.pdf")
    page = client.get("/").get_data(as_text=True)
    section = re.search(r'<section[^>]*id="portal-waiting".*?</section>', page, re.DOTALL)
    assert section, page
    html = section.group(0)
    assert 'data-count="waiting">2<' in html and 'data-count="review">1<' in html
    assert html.index("Chan Tai Man") < html.index("Lee Siu Ming")  # to review first


# --- nobody else ----------------------------------------------------------------------

def test_another_candidate_or_company_gets_404_and_changes_nothing(
        app, client, staff, make, company, case, person, uploads, login):
    candidate = portal_client(app, person.id, EMAIL)
    ask(client, case.id, ["passport"])
    passport = requests_of(app, case.id)["passport"]
    send(candidate, passport.id, files.pdf(), "passport.pdf")
    [sent] = uploads_of(app, passport.id)

    neighbour = make.candidate(company, full_name="Ho Wing")
    make.case(company, candidate=neighbour)
    elsewhere = make.company()
    stranger = make.candidate(elsewhere, full_name="Stranger")
    make.case(elsewhere, candidate=stranger)
    for browser in (portal_client(app, neighbour.id, "ho@example.com"),
                    portal_client(app, stranger.id, "stranger@example.com")):
        assert "passport.pdf" not in browser.get("/portal/documents").get_data(as_text=True)
        assert send(browser, passport.id, files.pdf(), "x.pdf").status_code == 404
        assert browser.get(f"/portal/uploads/{sent.id}/file").status_code == 404
        # Nor HR's pages: a candidate holds no role.
        assert browser.get(f"/cases/{case.id}/portal/uploads/{sent.id}/file").status_code == 403

    rival = app.test_client()
    login(make.user(elsewhere, role="admin"), the_client=rival)
    assert rival.post(f"/cases/{case.id}/portal/uploads/{sent.id}/accept").status_code == 404
    assert rival.post(f"/cases/{case.id}/portal/uploads/{sent.id}/return",
                      data={"reason": "no"}).status_code == 404
    assert rival.get(f"/cases/{case.id}/portal/uploads/{sent.id}/file").status_code == 404
    assert ask(rival, case.id, ["cv"]).status_code == 404
    # Their own case's address with this upload's id: still nothing.
    theirs = make.case(elsewhere)
    assert rival.post(f"/cases/{theirs.id}/portal/uploads/{sent.id}/accept").status_code == 404
    assert uploads_of(app, passport.id)[0].status == "pending"
    assert checklist(app, case.id) == {} and list(requests_of(app, case.id)) == ["passport"]


def test_a_viewer_sees_the_panel_without_its_forms(app, client, make, company, case, person,
                                                  uploads, login):
    portal_client(app, person.id, EMAIL)
    staff_client = app.test_client()
    login(make.user(company, role="staff"), the_client=staff_client)
    ask(staff_client, case.id, ["passport"])
    login(make.user(company, role="viewer"))
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Waiting for the candidate" in page and 'id="portal-ask-form"' not in page
    assert ask(client, case.id, ["cv"]).status_code == 403


def test_a_dependants_case_is_asked_of_the_principals_account(app, client, staff, make,
                                                             company, person, uploads):
    spouse = make.candidate(company, full_name="Mei Chan")
    spouse_case = make.case(company, candidate=spouse)
    with app.app_context():
        db.session.execute(sa.update(Candidate).where(Candidate.id == spouse.id)
                           .values(principal_id=person.id, relation="spouse"))
        db.session.commit()
    candidate = portal_client(app, person.id, EMAIL)
    assert ask(client, spouse_case.id, ["passport"]).status_code == 302
    asked = requests_of(app, spouse_case.id)["passport"]
    page = candidate.get("/portal/documents").get_data(as_text=True)
    assert "For Mei Chan" in page and f'id="request-{asked.id}"' in page
    assert send(candidate, asked.id, files.pdf(), "mei.pdf").status_code == 302


def test_the_audit_log_names_every_step(app, client, make, company, case, person, uploads,
                                        login):
    login(make.user(company, role="admin"))
    candidate = portal_client(app, person.id, EMAIL)
    ask(client, case.id, ["passport", "cv"])
    asked = requests_of(app, case.id)
    for code in ("passport", "cv"):
        send(candidate, asked[code].id, files.pdf(), f"{code}.pdf")
    [passport] = uploads_of(app, asked["passport"].id)
    [cv] = uploads_of(app, asked["cv"].id)
    client.post(f"/cases/{case.id}/portal/uploads/{passport.id}/accept")
    client.post(f"/cases/{case.id}/portal/uploads/{cv.id}/return", data={"reason": "Signed?"})
    log = client.get("/audit").get_data(as_text=True)
    for label in ("Documents asked of the candidate", "Document sent by the candidate",
                  "Candidate&#39;s document accepted", "Candidate&#39;s document returned",
                  "File sent by the candidate", "Reason given to the candidate"):
        assert label in log, label


def test_a_file_replaced_while_hr_reviews_it_is_not_accepted(app, client, staff, case, person,
                                                             uploads):
    """HR opened the page on the first file; the candidate sent another before HR pressed
    Accept: the first is gone, nothing is accepted, HR is told to reload."""
    from tracker.auth.models import User
    from tracker.cases.models import Case
    from tracker.portal import documents as portal_documents

    candidate = portal_client(app, person.id, EMAIL)
    ask(client, case.id, ["passport"])
    asked = requests_of(app, case.id)["passport"]
    send(candidate, asked.id, files.pdf(), "first.pdf")
    [first] = uploads_of(app, asked.id)
    with app.app_context():
        shown = db.session.get_one(PortalUpload, first.id)  # what HR's request loaded
        with db.engine.begin() as other:  # the candidate's upload, committed meanwhile
            other.execute(sa.delete(PortalUpload).where(PortalUpload.id == first.id))
        with pytest.raises(portal_documents.PortalDocumentError, match="another file"):
            portal_documents.accept(db.session.get_one(User, staff.id),
                                    db.session.get_one(Case, case.id), shown)
    assert requests_of(app, case.id)["passport"].status == "submitted"
    assert checklist(app, case.id) == {}

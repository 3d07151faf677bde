"""The portal's questionnaire (issue 19): HR asks for sections, the candidate answers
them a bit at a time and sends them, HR reviews each answer against the record.

Real PostgreSQL, Redis (the e-mails' tasks go through the broker and run here, sending
to the aiosmtpd sink over SMTP).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import PASSWORD, CaseRecord, CompanyRecord, Factory, UserRecord
from tests.queued_tasks import run_queued
from tests.reminder_fixtures import purge_queue
from tracker.audit.models import AuditEvent
from tracker.auth.passwords import hash_password
from tracker.candidates.models import Candidate
from tracker.cases.dependants import start_application
from tracker.clock import today
from tracker.extensions import db
from tracker.portal.models import PortalAccount, PortalAnswer, PortalRequest

CANDIDATE_EMAIL = "mei@example.com"


def make_account(app: Flask, case: CaseRecord, email: str = CANDIDATE_EMAIL) -> int:
    """A portal account with a password for the case's person (as after an invitation)."""
    with app.app_context():
        account = PortalAccount(company_id=case.company_id, candidate_id=case.candidate_id,
                                email=email, password_hash=hash_password(PASSWORD))
        db.session.add(account)
        db.session.commit()
        return account.id


def portal_client(app: Flask, email: str = CANDIDATE_EMAIL) -> FlaskClient:
    """A browser signed in to the portal through its sign-in form."""
    client = app.test_client()
    response = client.post("/portal/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302 and "/portal" in response.location, "portal sign-in"
    return client


def ask(client: FlaskClient, case: CaseRecord, *sections: str, due_on: str = "") -> object:
    return client.post(f"/cases/{case.id}/questionnaire/ask",
                       data={"sections": list(sections), "due_on": due_on})


def request_id(app: Flask, case: CaseRecord, section: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(PortalRequest.id).where(
            PortalRequest.case_id == case.id, PortalRequest.section == section))


def answers(app: Flask, number: int) -> dict[str, tuple[str, str, str]]:
    """field → (value, status, reason) of a request's answers."""
    with app.app_context():
        rows = db.session.scalars(sa.select(PortalAnswer).where(
            PortalAnswer.request_id == number))
        return {row.field: (row.value, row.status, row.reason) for row in rows}


def record(app: Flask, candidate_id: int) -> Candidate:
    with app.app_context():
        person = db.session.get_one(Candidate, candidate_id)
        db.session.expunge(person)
        return person


# Every field of the personal section, as the candidate posts it.
PERSONAL = {
    "full_name": "CHAN Tai Man", "chinese_name": "陳大文", "nationality": "Canadian",
    "date_of_birth": "1990-01-01", "place_of_birth": "Toronto",
    "passport_number": "P0000001", "passport_expiry": "2035-01-01",
    "email": "mei@example.com", "current_location": "Toronto", "mainland_resident": "no",
}
LANGUAGES = {"english": "yes", "written_chinese": "yes", "putonghua": "no",
             "cantonese": "yes", "other_language": "", "other_languages": "日本語"}


@pytest.fixture
def world(app: Flask, make: Factory, company: CompanyRecord, staff: UserRecord
          ) -> tuple[CaseRecord, int]:
    """A GEP case whose person has a portal account; HR (staff) signed in on `client`.
    The task queue starts empty (run_queued counts this test's e-mails only)."""
    purge_queue(app)
    case = make.case(company)
    return case, make_account(app, case)


def test_hr_asks_and_the_candidate_is_mailed_once_per_batch(
        app, client, world, smtp_mail) -> None:
    case, _account = world
    due = (today() + timedelta(days=14)).isoformat()
    response = ask(client, case, "personal", "languages", due_on=due)
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.scalars(sa.select(PortalRequest).where(
            PortalRequest.case_id == case.id)).all()
        assert sorted(r.section for r in rows) == ["languages", "personal"]
        assert {r.status for r in rows} == {"requested"}
        assert {r.due_on for r in rows} == {date.fromisoformat(due)}
        audit = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.action == "portal_sections_requested"))
        assert audit is not None and audit.object_id == case.id
    assert run_queued(app, "portal.") == 1
    assert len(smtp_mail.received) == 1
    mail = smtp_mail.received[0]
    assert mail.recipients == [CANDIDATE_EMAIL]
    text = mail.part("plain")
    assert "Personal details" in text and "Languages" in text
    assert "/portal/" in text
    # A section asked and not yet accepted is not asked twice: refused, nothing added.
    page = ask(client, case, "personal")
    assert page.status_code == 200
    assert "Already asked and not yet accepted: Personal details." in page.get_data(True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PortalRequest)) == 2


def test_the_request_form_shows_every_error_at_once(app, client, world) -> None:
    case, _account = world
    page = ask(client, case, due_on=(today() - timedelta(days=1)).isoformat())
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Choose at least one section." in html
    assert "Choose a date from today on." in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PortalRequest)) == 0


def test_candidate_saves_partially_continues_later_and_sends(app, client, world) -> None:
    case, _account = world
    ask(client, case, "personal")
    number = request_id(app, case, "personal")
    candidate = portal_client(app)
    home = candidate.get("/portal/").get_data(as_text=True)
    assert f'href="/portal/requests/{number}/section">Personal details</a>' in home
    page = candidate.get(f"/portal/requests/{number}/section")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'value="Candidate' in html  # prefilled with the record's values
    # A first save: only the Chinese name changed; nothing of the record changes.
    first = dict(PERSONAL, full_name=record(app, case.candidate_id).full_name,
                 chinese_name="陳大文", save="Save")
    assert candidate.post(f"/portal/requests/{number}/section", data=first).status_code == 302
    saved = answers(app, number)
    assert saved["chinese_name"] == ("陳大文", "pending", "")
    assert record(app, case.candidate_id).chinese_name == ""
    # Later: the page starts from the saved answers (CJK round-trips), then it is sent.
    assert "陳大文" in candidate.get(f"/portal/requests/{number}/section").get_data(True)
    sent = candidate.post(f"/portal/requests/{number}/section",
                          data=dict(first, place_of_birth="香港", send="send"))
    assert sent.status_code == 302
    with app.app_context():
        found = db.session.get_one(PortalRequest, number)
        assert found.status == "submitted" and found.submitted_at is not None
        actions = set(db.session.scalars(sa.select(AuditEvent.action)))
        assert {"portal_answers_saved", "portal_section_sent"} <= actions
    assert answers(app, number)["place_of_birth"][0] == "香港"
    assert record(app, case.candidate_id).place_of_birth == "Toronto"
    # The case page still lists it, with where it stands; its page shows what was sent.
    listed = candidate.get(f"/portal/cases/{case.id}").get_data(as_text=True)
    assert "Personal details</a> · Sent: HR is reviewing it" in listed
    assert "香港" in candidate.get(f"/portal/requests/{number}/section").get_data(True)
    # Sent: the candidate can no longer change it.
    again = candidate.post(f"/portal/requests/{number}/section",
                           data=dict(first, place_of_birth="Paris", save="Save"))
    assert again.status_code == 302
    assert answers(app, number)["place_of_birth"][0] == "香港"


def test_every_error_at_once_and_nothing_saved(app, client, world) -> None:
    case, _account = world
    ask(client, case, "personal")
    number = request_id(app, case, "personal")
    candidate = portal_client(app)
    bad = dict(PERSONAL, full_name="", date_of_birth="2999-01-01", passport_number="x!",
               email="not an address", chinese_name="陳大文")
    for button in ({"save": "Save"}, {"send": "send"}):
        page = candidate.post(f"/portal/requests/{number}/section", data=bad | button)
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        for message in ("This field is required.", "The date of birth must be a past date.",
                        "A passport number has 5 to 30 letters and digits.",
                        "Invalid email address."):
            assert message in html, message
        assert "陳大文" in html  # what was typed stays in the form
    with app.app_context():
        assert db.session.get_one(PortalRequest, number).status == "requested"
    assert answers(app, number) == {}


def test_autosave_answers_json(app, client, world) -> None:
    case, _account = world
    ask(client, case, "languages")
    number = request_id(app, case, "languages")
    candidate = portal_client(app)
    fetch = {"X-Requested-With": "fetch"}
    response = candidate.post(f"/portal/requests/{number}/section",
                              data=dict(LANGUAGES, english="maybe"), headers=fetch)
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] is False and list(body["errors"]) == ["english"]
    assert body["message"] == "Not saved: correct the answers marked."
    assert answers(app, number) == {}
    # A post without the section's fields changes nothing either.
    empty = candidate.post(f"/portal/requests/{number}/section", data={}, headers=fetch)
    assert empty.get_json()["ok"] is True and answers(app, number) == {}
    ok = candidate.post(f"/portal/requests/{number}/section", data=LANGUAGES, headers=fetch)
    assert ok.get_json() == {"ok": True, "errors": {},
                             "message": "Saved. Send the section to HR when it is complete."}
    with app.app_context():
        assert db.session.get_one(PortalRequest, number).status == "requested"


def send_languages(app: Flask, client: FlaskClient, case: CaseRecord) -> tuple[int, FlaskClient]:
    ask(client, case, "languages")
    number = request_id(app, case, "languages")
    candidate = portal_client(app)
    response = candidate.post(f"/portal/requests/{number}/section",
                              data=dict(LANGUAGES, send="send"))
    assert response.status_code == 302
    return number, candidate


def test_hr_accepts_one_returns_another_and_the_candidate_answers_again(
        app, client, world, smtp_mail) -> None:
    case, _account = world
    number, candidate = send_languages(app, client, case)
    review = client.get(f"/cases/{case.id}/questionnaire")
    html = review.get_data(as_text=True)
    assert review.status_code == 200
    assert f'id="answer-{number}-other_languages" class="table-warning"' in html
    assert "日本語" in html and "Different" in html
    run_queued(app, "portal.")
    smtp_mail.clear()
    decided = client.post(f"/cases/{case.id}/questionnaire/{number}/review", data={
        "languages-accepted": ["other_languages"], "languages-returned": ["english"],
        "languages-reason": "Please say whether you are fluent in English."})
    assert decided.status_code == 302
    person = record(app, case.candidate_id)
    assert person.other_languages == "日本語"  # accepted: on the record
    assert person.english is None  # returned: the record is as it was
    state = answers(app, number)
    assert state["other_languages"][1] == "accepted"
    assert state["english"] == ("yes", "returned",
                                "Please say whether you are fluent in English.")
    assert state["putonghua"][1] == "pending"  # differs, not decided yet
    with app.app_context():
        found = db.session.get_one(PortalRequest, number)
        assert found.status == "returned"
        update = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.action == "update", AuditEvent.object_type == "candidate"))
        assert update is not None and update.changes["other_languages"] == ["", "日本語"]
        reviewed = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.action == "portal_answers_reviewed"))
        assert reviewed is not None and reviewed.object_id == case.id
        assert reviewed.changes["portal_accepted"] == [None, ["other_languages"]]
        assert reviewed.changes["portal_returned"] == [None, ["english"]]
    # The candidate is e-mailed, and sees the reason beside the returned answer.
    assert run_queued(app, "portal.") == 1
    mail = smtp_mail.received[0]
    assert mail.recipients == [CANDIDATE_EMAIL]
    assert "Please say whether you are fluent in English." in mail.part("plain")
    assert "Written and spoken English" in mail.part("plain")
    page = candidate.get(f"/portal/requests/{number}/section").get_data(as_text=True)
    assert "Returned by HR: Please say whether you are fluent in English." in page
    home = candidate.get("/portal/").get_data(as_text=True)
    assert "Please say whether you are fluent in English." in home
    # The candidate answers again and sends: the returned answer is pending once more.
    again = candidate.post(f"/portal/requests/{number}/section",
                           data=dict(LANGUAGES, english="no", send="send"))
    assert again.status_code == 302
    state = answers(app, number)
    assert state["english"] == ("no", "pending", "")
    assert state["other_languages"][1] == "accepted"
    with app.app_context():
        assert db.session.get_one(PortalRequest, number).status == "submitted"


def test_an_answer_that_no_longer_validates_is_refused_with_its_reason(
        app, client, make, company, world) -> None:
    case, _account = world
    ask(client, case, "personal")
    number = request_id(app, case, "personal")
    candidate = portal_client(app)
    other = make.candidate(company)  # holds the passport the candidate will give
    candidate.post(f"/portal/requests/{number}/section",
                   data=dict(PERSONAL, passport_number=other.passport_number, send="send"))
    response = client.post(f"/cases/{case.id}/questionnaire/{number}/review", data={
        "personal-accepted": ["passport_number", "chinese_name"]}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert f"Passport number {other.passport_number} is already recorded" in html
    person = record(app, case.candidate_id)
    assert person.passport_number != other.passport_number
    assert person.chinese_name == "陳大文"  # the other answer went through
    assert answers(app, number)["passport_number"][1] == "pending"


def test_return_the_whole_section_needs_a_reason(app, client, world) -> None:
    case, _account = world
    number, candidate = send_languages(app, client, case)
    refused = client.post(f"/cases/{case.id}/questionnaire/{number}/return",
                          data={"languages-reason": "  "})
    assert refused.status_code == 200
    assert "Say why the section goes back to the candidate." in refused.get_data(True)
    done = client.post(f"/cases/{case.id}/questionnaire/{number}/return",
                       data={"languages-reason": "Answer for your spouse too."})
    assert done.status_code == 302
    with app.app_context():
        found = db.session.get_one(PortalRequest, number)
        assert (found.status, found.reason) == ("returned", "Answer for your spouse too.")
    assert {status for _v, status, _r in answers(app, number).values()} == {"returned"}
    assert "Answer for your spouse too." in candidate.get(
        f"/portal/requests/{number}/section").get_data(True)


def test_review_form_errors_at_once(app, client, world) -> None:
    case, _account = world
    number, _candidate = send_languages(app, client, case)
    page = client.post(f"/cases/{case.id}/questionnaire/{number}/review", data={
        "languages-accepted": ["english"], "languages-returned": ["english"]})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "An answer is either accepted or returned, not both." in html
    assert "Say why the answers go back to the candidate." in html
    assert record(app, case.candidate_id).english is None


def test_other_candidates_and_companies_get_404(app, client, make, company, world) -> None:
    case, _account = world
    number, _candidate = send_languages(app, client, case)
    # Another candidate of the same company.
    neighbour_case = make.case(company)
    make_account(app, neighbour_case, "neighbour@example.com")
    neighbour = portal_client(app, "neighbour@example.com")
    url = f"/portal/requests/{number}/section"
    assert neighbour.get(url).status_code == 404
    assert neighbour.post(url, data=dict(LANGUAGES, english="no")).status_code == 404
    # A candidate of another company.
    elsewhere = make.company()
    foreign_case = make.case(elsewhere)
    make_account(app, foreign_case, "foreign@example.com")
    foreign = portal_client(app, "foreign@example.com")
    assert foreign.get(url).status_code == 404
    # HR of another company: the review page and its posts.
    outsider = app.test_client()
    outsider.post("/login", data={"email": make.user(elsewhere, role="staff").email,
                                  "password": PASSWORD})
    assert outsider.get(f"/cases/{case.id}/questionnaire").status_code == 404
    posted = outsider.post(f"/cases/{case.id}/questionnaire/{number}/review",
                           data={"languages-accepted": ["other_languages"]})
    assert posted.status_code == 404
    assert outsider.post(f"/cases/{case.id}/questionnaire/ask",
                         data={"sections": ["work"]}).status_code == 404
    # HR's own case but the request of another case.
    assert client.post(f"/cases/{neighbour_case.id}/questionnaire/{number}/review",
                       data={"languages-accepted": ["english"]}).status_code == 404
    assert answers(app, number)["english"][1] == "pending"
    # A candidate on HR's review page: the portal's fence answers 403.
    assert neighbour.get(f"/cases/{case.id}/questionnaire").status_code == 403


def test_viewer_sees_the_review_but_cannot_decide(app, client, make, company, world) -> None:
    case, _account = world
    number, _candidate = send_languages(app, client, case)
    viewer = app.test_client()
    viewer.post("/login", data={"email": make.user(company, role="viewer").email,
                                "password": PASSWORD})
    page = viewer.get(f"/cases/{case.id}/questionnaire")
    assert page.status_code == 200 and "日本語" in page.get_data(True)
    assert "languages-accepted" not in page.get_data(True)
    assert viewer.post(f"/cases/{case.id}/questionnaire/{number}/review", data={
        "languages-accepted": ["other_languages"]}).status_code == 403
    assert record(app, case.candidate_id).other_languages == ""


def test_the_case_page_links_the_questionnaire(app, client, world) -> None:
    case, _account = world
    ask(client, case, "work")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="portal-questionnaire"' in html
    assert f"/cases/{case.id}/questionnaire" in html
    assert "Work history" in html


def test_a_dependants_case_is_answered_by_their_principal(app, client, make, company,
                                                           world) -> None:
    case, _account = world
    with app.app_context():
        child = Candidate(company_id=company.id, principal_id=case.candidate_id,
                          relation="child", full_name="CHAN Siu Ming", nationality="Canadian",
                          date_of_birth=date(2015, 2, 2), passport_number="PC1234567",
                          passport_expiry=date(2035, 1, 1))
        db.session.add(child)
        db.session.flush()
        child_case = start_application(child.id, company.id, date(2025, 5, 1))
        child_id, child_case_id = child.id, child_case.id
    dependant_case = CaseRecord(child_case_id, company.id, child_case.scheme, child_id)
    assert ask(client, dependant_case, "personal").status_code == 302
    number = request_id(app, dependant_case, "personal")
    candidate = portal_client(app)  # the principal's account
    page = candidate.get(f"/portal/requests/{number}/section").get_data(as_text=True)
    assert "For CHAN Siu Ming" in page and 'value="PC1234567"' in page
    child_answers = {"full_name": "CHAN Siu Ming", "chinese_name": "陳小明",
                     "nationality": "Canadian", "date_of_birth": "2015-02-02",
                     "passport_number": "PC1234567", "passport_expiry": "2035-01-01",
                     "send": "send"}
    assert candidate.post(f"/portal/requests/{number}/section",
                          data=child_answers).status_code == 302
    assert client.post(f"/cases/{child_case_id}/questionnaire/{number}/review",
                       data={"personal-accepted": ["chinese_name"]}).status_code == 302
    assert record(app, child_id).chinese_name == "陳小明"
    assert record(app, case.candidate_id).chinese_name == ""


def test_the_candidates_mail_is_in_their_language(app, client, world, smtp_mail) -> None:
    case, account_id = world
    with app.app_context():
        db.session.get_one(PortalAccount, account_id).language = "zh_Hant"
        db.session.commit()
    ask(client, case, "languages", due_on="2099-01-31")
    assert run_queued(app, "portal.") == 1
    text = smtp_mail.received[0].part("plain")
    assert "語言" in text and "請於 31/01/2099 或之前回答。" in text
    assert "請你回答一些問題" in smtp_mail.received[0].subject


def test_the_audit_log_names_the_questionnaires_steps(app, client, make, company,
                                                      world) -> None:
    case, _account = world
    send_languages(app, client, case)
    admin = app.test_client()
    admin.post("/login", data={"email": make.user(company, role="admin").email,
                               "password": PASSWORD})
    html = admin.get("/audit").get_data(as_text=True)
    for label in ("Questionnaire sections asked of the candidate",
                  "Candidate sent a questionnaire section", "Questionnaire sections",
                  "Answers saved or sent"):
        assert label in html, label

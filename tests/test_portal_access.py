"""The portal's fence (issue 19): a signed-in candidate reaches nothing of HR's (403),
nobody else's portal pages (404), and an HR session and a portal session never share a
cookie."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.portal_helpers import PASSWORD, signed_up
from tests.reminder_fixtures import purge_queue
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.portal.guard import OPEN_TO_CANDIDATES

EMAIL = "chan.taiman@example.com"


@pytest.fixture(autouse=True)
def _empty_queue(app):
    purge_queue(app)
    yield
    purge_queue(app)


@pytest.fixture
def person(make, company):
    return make.candidate(company, full_name="Chan Tai Man", email=EMAIL)


@pytest.fixture
def candidate(app, client, staff, person):
    """The person's signed-in portal client (invited by `staff` on `client`)."""
    return signed_up(app, client, person.id, EMAIL)


def plain_get_urls(app) -> list[str]:
    """Every GET page outside the portal that takes no argument and is not open to
    candidates."""
    urls = []
    for rule in app.url_map.iter_rules():
        if ("GET" in rule.methods and not rule.arguments and rule.endpoint.split(".")[0] != "portal"
                and rule.endpoint not in OPEN_TO_CANDIDATES):
            urls.append(rule.rule)
    return sorted(urls)


def test_every_hr_page_without_arguments_answers_403(app, candidate):
    urls = plain_get_urls(app)
    assert len(urls) > 15 and "/company/settings" in urls and "/cases/" in urls
    wrong = {url: code for url in urls if (code := candidate.get(url).status_code) != 403}
    assert not wrong
    page = candidate.get("/cases/").get_data(as_text=True)
    assert "Your own pages are in the candidate portal." in page


def test_hr_records_posts_and_files_answer_403(app, candidate, person, make, company):
    case = make.case(company, candidate=person)
    for url in (f"/cases/{case.id}", f"/candidates/{person.id}", f"/cases/{case.id}/print",
                f"/cases/{case.id}/edit", "/export/cases.csv", "/export/candidates.xlsx",
                f"/cases/{case.id}/documents/passport/file"):
        assert candidate.get(url).status_code == 403, url
    for url in (f"/candidates/{person.id}/portal/revoke", f"/candidates/{person.id}/portal/invite",
                "/company/settings", "/logout"):
        assert candidate.post(url).status_code == 403, url
    assert candidate.get("/portal/").status_code == 200  # still signed in to the portal
    with app.app_context():
        denied = db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
            AuditEvent.action == "denied"))
        assert denied and denied >= 4


def test_what_stays_open_to_a_candidate(app, candidate):
    assert candidate.get("/healthz").status_code in (200, 503)
    assert candidate.get("/static/app.css").status_code == 200
    switched = candidate.post("/language", data={"language": "zh_Hant", "next": "/portal/"})
    assert switched.status_code == 302
    assert "你的申請" in candidate.get("/portal/").get_data(as_text=True)


def test_another_persons_case_answers_404(app, client, staff, person, make, company):
    own = make.case(company, candidate=person)
    stranger = make.candidate(company)
    theirs = make.case(company, candidate=stranger)
    foreign = make.case(make.company())
    candidate = signed_up(app, client, person.id, EMAIL)
    assert candidate.get(f"/portal/cases/{own.id}").status_code == 200
    assert candidate.get(f"/portal/cases/{theirs.id}").status_code == 404
    assert candidate.get(f"/portal/cases/{foreign.id}").status_code == 404
    assert candidate.get("/portal/cases/99999999999999999999").status_code == 404
    # Another candidate (of the same company) sees their case, not this one.
    other = signed_up(app, client, stranger.id, "other.person@example.com")
    assert other.get(f"/portal/cases/{theirs.id}").status_code == 200
    assert other.get(f"/portal/cases/{own.id}").status_code == 404
    home = other.get("/portal/").get_data(as_text=True)
    assert f'id="case-{theirs.id}"' in home and f'id="case-{own.id}"' not in home


def test_portal_pages_need_a_portal_session(app, client, staff, make, company, person):
    case = make.case(company, candidate=person)
    for url in ("/portal/", f"/portal/cases/{case.id}"):
        for browser in (app.test_client(), client):  # anonymous, and HR signed in
            response = browser.get(url)
            assert response.status_code == 302
            assert response.headers["Location"].endswith("/portal/sign-in")


def test_signing_in_to_one_signs_out_of_the_other(app, client, staff, person, login):
    candidate = signed_up(app, client, person.id, EMAIL)
    # HR signs in on the candidate's browser: the portal session is gone.
    login(staff, the_client=candidate)
    assert candidate.get("/cases/").status_code == 200
    assert candidate.get("/portal/").status_code == 302
    # The candidate signs in again there: the HR session is gone.
    candidate.post("/portal/sign-in", data={"email": EMAIL, "password": PASSWORD})
    assert candidate.get("/portal/").status_code == 200
    response = candidate.get("/cases/")
    assert response.status_code == 403  # a candidate now, not a signed-out HR user
    with candidate.session_transaction() as session:
        assert "_user_id" not in session and "portal" in session


def test_sign_in_clears_a_planted_session(app, client, staff, person):
    signed_up(app, client, person.id, EMAIL)
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["planted"] = "before sign-in"
    browser.post("/portal/sign-in", data={"email": EMAIL, "password": PASSWORD})
    with browser.session_transaction() as session:
        assert "planted" not in session and "portal" in session


def test_the_portal_session_has_the_idle_limit(app, client, staff, person, clock):
    candidate = signed_up(app, client, person.id, EMAIL)
    clock.advance(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    response = candidate.get("/portal/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/sign-in")


def test_a_forged_portal_session_is_refused(app, client, staff, person):
    signed_up(app, client, person.id, EMAIL)
    browser = app.test_client()
    for forged in ("1:1", "abc", "99999999999999999999999:1", 7):
        with browser.session_transaction() as session:
            session["portal"] = forged
            session["signed_in_at"] = session["seen_at"] = 1e12
        assert browser.get("/portal/").status_code == 302

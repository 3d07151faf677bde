"""Candidates' portal sessions (issue 19), held to HR's rules (test_sessions.py): cookie
flags and rotation at sign-in, the absolute limit, and revocation by HR ending every
session of the candidate on its next request: another browser, a copied cookie, a form
already open. The candidate is the matrix's (tests/security/portal_world.py)."""

from __future__ import annotations

import sqlalchemy as sa

from tests.factories import PASSWORD
from tests.security.world import World
from tracker.extensions import db
from tracker.portal import signin
from tracker.portal.models import PortalAnswer

SIGN_IN = "/portal/sign-in"
# The personal details section, answered in full and saved (not sent).
PERSONAL = {"nationality": "Canadian", "date_of_birth": "1990-01-01",
            "passport_number": "P7654321", "passport_expiry": "2035-01-01", "save": "Save"}


def signed_in(world: World):
    """A new browser signed in through the portal's sign-in form."""
    browser = world.app.test_client()
    response = browser.post(SIGN_IN, data={"email": world.portal().email,
                                           "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/portal/")
    return browser, response


def sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].endswith(SIGN_IN)


def answers(app, person) -> list[str]:
    """The values the candidate's section answers hold."""
    with app.app_context():
        return list(db.session.scalars(sa.select(PortalAnswer.value).where(
            PortalAnswer.request_id == person.section_request_id,
            PortalAnswer.field == "full_name")))


def test_sign_in_sets_a_new_httponly_lax_cookie(app, world):
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["planted"] = "by an attacker before sign-in"
    before = browser.get_cookie("session").value
    response = browser.post(SIGN_IN, data={"email": world.portal().email,
                                           "password": PASSWORD})
    cookie = next(c for c in response.headers.getlist("Set-Cookie")
                  if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert browser.get_cookie("session").value != before
    fixated = app.test_client()  # whoever kept the pre-sign-in cookie is still outside
    fixated.set_cookie("session", before)
    assert sent_to_sign_in(fixated.get("/portal/"))


def test_revocation_ends_every_session_on_its_next_request(app, world):
    here, _ = signed_in(world)
    elsewhere, _ = signed_in(world)
    copied = app.test_client()
    copied.set_cookie("session", here.get_cookie("session").value)
    for browser in (here, elsewhere, copied):
        assert browser.get("/portal/").status_code == 200
    person = world.portal()
    section = f"/portal/requests/{person.section_request_id}/section"
    saved = elsewhere.post(section, data={**PERSONAL, "full_name": "Saved Before"})
    assert saved.status_code in (200, 302) and answers(app, person) == ["Saved Before"]
    hr = world.client("staff")
    assert hr.post(f"/candidates/{person.candidate_id}/portal/revoke").status_code == 302

    response = here.get("/portal/")
    assert sent_to_sign_in(response)
    assert "Please sign in again." in here.get(SIGN_IN).get_data(as_text=True)
    # A form left open in another browser: sent to sign in, nothing kept.
    answer = elsewhere.post(section, data={**PERSONAL, "full_name": "Changed After"})
    assert sent_to_sign_in(answer)
    assert answers(app, person) == ["Saved Before"]
    assert sent_to_sign_in(copied.get(f"/portal/cases/{person.case.id}"))
    # Signing in again is refused with the usual words, and no code is made.
    again = app.test_client().post(SIGN_IN, data={"email": person.email,
                                                  "password": PASSWORD})
    assert again.status_code == 200
    assert "Email or password not recognised." in again.get_data(as_text=True)
    with app.app_context():
        assert signin.issue_codes(person.email) == []


def test_absolute_lifetime_ends_even_an_active_portal_session(app, world, clock):
    browser, _ = signed_in(world)
    for _ in range(12 * 60 // 20):  # a request every 20 minutes for 12 hours
        clock.advance(minutes=20)
        assert browser.get("/portal/").status_code == 200
    clock.advance(minutes=1)
    assert sent_to_sign_in(browser.get("/portal/"))

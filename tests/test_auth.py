"""Sign-in, sign-out, password change and reset."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.account_mail import change_email
from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.auth.passwords import verify_password
from tracker.extensions import db


def sent_mail(app):
    """Mail kept by the locmem backend of the test config."""
    return getattr(app.extensions["mailman"], "outbox", [])


def test_sign_in_shows_dashboard(client, make, login):
    user = make.user()
    login(user)
    page = client.get("/")
    assert page.status_code == 200
    assert b"What needs you today" in page.data


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("email_case", [str.upper, str.lower])
def test_email_is_case_insensitive(client, make, email_case):
    user = make.user(email="Mixed.Case@Example.com")
    response = client.post("/login", data={"email": email_case(user.email),
                                           "password": user.password})
    assert response.status_code == 302


def test_bad_password_and_unknown_email_get_the_same_message(app, client, make):
    user = make.user()
    wrong = client.post("/login", data={"email": user.email, "password": "nope" * 4})
    unknown = client.post("/login", data={"email": "ghost@example.com", "password": "x" * 12})
    assert wrong.status_code == unknown.status_code == 200
    assert b"Email or password is not correct." in wrong.data
    assert b"Email or password is not correct." in unknown.data
    with app.app_context():
        failures = db.session.scalar(sa.select(sa.func.count()).where(
            AuditEvent.action == "sign_in_failed"))
    assert failures == 2


def test_deactivated_user_cannot_sign_in_and_is_signed_out(app, client, make, login):
    company = make.company()
    admin = make.user(company, role="admin")
    staff = make.user(company, role="staff")
    staff_client = app.test_client()
    login(staff, the_client=staff_client)
    assert staff_client.get("/").status_code == 200
    login(admin)
    response = client.post(f"/company/users/{staff.id}", data={"role": "staff"})  # active unticked
    assert response.status_code == 302
    assert staff_client.get("/").status_code == 302  # session ended
    refused = app.test_client().post("/login", data={"email": staff.email,
                                                     "password": staff.password})
    assert b"Email or password is not correct." in refused.data


def test_sign_out_ends_every_session(app, make, login):
    user = make.user()
    first, second = app.test_client(), app.test_client()
    login(user, the_client=first)
    login(user, the_client=second)
    first.post("/logout")
    assert second.get("/").status_code == 302


def test_change_password_needs_the_current_one(app, client, make, login):
    user = make.user()
    login(user)
    new = "a much better passphrase 42"
    refused = client.post("/account/password", data={
        "current_password": "wrong password!", "new_password": new, "confirm": new})
    assert b"The current password is not correct." in refused.data
    too_short = client.post("/account/password", data={
        "current_password": user.password, "new_password": "short", "confirm": "short"})
    assert b"at least 12 characters" in too_short.data
    ok = client.post("/account/password", data={
        "current_password": user.password, "new_password": new, "confirm": new})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200  # this session survives
    with app.app_context():
        stored = db.session.get(User, user.id).password_hash
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, new)


def _reset_link(app) -> str:
    body = sent_mail(app)[-1].body
    return re.search(r"http://[^\s]+/reset/(\S+)", body).group(0).split("5000", 1)[1]


def request_reset(client, run_tasks, email: str) -> None:
    """Ask for a reset link, and let the queued task send it (as the worker would)."""
    response = client.post("/reset", data={"email": email})
    assert response.status_code == 302
    assert run_tasks() == 1


def test_password_reset_token_works_once(app, client, make, run_tasks):
    user = make.user()
    request_reset(client, run_tasks, user.email)
    link = _reset_link(app)
    new = "brand new passphrase 2026"
    assert client.post(link, data={"new_password": new, "confirm": new}).status_code == 302
    assert client.post("/login", data={"email": user.email, "password": new}).status_code == 302
    client.post("/logout")
    reused = client.get(link)
    assert reused.status_code == 302 and "/reset" in reused.headers["Location"]


def test_password_reset_token_expires(app, client, make, run_tasks):
    user = make.user()
    request_reset(client, run_tasks, user.email)
    link = _reset_link(app)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    try:
        expired = client.get(link)
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    assert expired.status_code == 302


def test_reset_for_unknown_email_says_the_same_and_sends_nothing(app, client, run_tasks):
    before = len(sent_mail(app))
    response = client.post("/reset", data={"email": "ghost@example.com"}, follow_redirects=True)
    assert b"If that email has an account" in response.data
    assert run_tasks() == 1  # queued like a known address, so it takes the same time
    assert len(sent_mail(app)) == before


def test_a_reset_link_dies_when_the_email_changes(app, client, make, login, run_tasks):
    """Issue 14, item 4: a link sent to the old address must not outlive the change."""
    user = make.user()
    request_reset(app.test_client(), run_tasks, user.email)
    link = _reset_link(app)
    login(user)
    assert change_email(app, client, run_tasks, user, "moved.on@example.com").status_code == 302
    client.post("/logout")
    stale = client.post(link, data={"new_password": "taken over 2026 !",
                                    "confirm": "taken over 2026 !"})
    assert stale.status_code == 302 and stale.headers["Location"].endswith("/reset")
    signed_in = client.post("/login", data={"email": "moved.on@example.com",
                                            "password": user.password})
    assert signed_in.status_code == 302  # the password is still the owner's
    # A link asked for at the new address works.
    request_reset(app.test_client(), run_tasks, "moved.on@example.com")
    assert app.test_client().get(_reset_link(app)).status_code == 200


def test_a_json_sign_in_works_like_the_form(client, make):
    user = make.user()
    response = client.post("/login", json={"email": user.email, "password": user.password})
    assert response.status_code == 302

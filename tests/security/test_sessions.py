"""Sessions: cookie flags, rotation at sign-in, ending every session, idle and absolute limits."""

from __future__ import annotations

from flask.testing import FlaskClient

from config import ProductionConfig
from tests.security.world import client_as, reset_token
from tracker import create_app
from tracker.auth.sessions import SEEN_AT, SIGNED_IN_AT

NEW_PASSWORD = "a different passphrase 77"


def session_cookie(response) -> str:
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))


def test_session_cookie_is_httponly_and_samesite_lax(client, make):
    user = make.user()
    cookie = session_cookie(client.post("/login", data={"email": user.email,
                                                        "password": user.password}))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in development and tests


def test_production_cookie_is_secure_and_host_only():
    app = create_app(ProductionConfig, SECRET_KEY="x" * 40, TRUSTED_HOSTS=["tracker.example"])
    response = app.test_client().get("/login", base_url="https://tracker.example")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "session=" in c)
    assert cookie.startswith("__Host-session=")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert flag in cookie
    assert "Domain=" not in cookie


def test_sign_in_rotates_the_session(app, client, make):
    user = make.user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker before sign-in"
    before = client.get_cookie("session").value
    client.post("/login", data={"email": user.email, "password": user.password})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{user.id}:")
    assert client.get_cookie("session").value != before
    # Whoever kept the pre-sign-in cookie is still anonymous.
    fixated = app.test_client()
    fixated.set_cookie("session", before)
    assert fixated.get("/").status_code == 302


def _signed_in_twice(app, login, user) -> tuple[FlaskClient, FlaskClient]:
    here, elsewhere = app.test_client(), app.test_client()
    login(user, the_client=here)
    login(user, the_client=elsewhere)
    assert here.get("/").status_code == elsewhere.get("/").status_code == 200
    return here, elsewhere


def test_sign_out_ends_every_session_of_the_user(app, make, login):
    user = make.user()
    here, elsewhere = _signed_in_twice(app, login, user)
    here.post("/logout")
    assert here.get("/").status_code == 302
    assert elsewhere.get("/").status_code == 302


def test_password_change_ends_other_sessions_and_keeps_this_one(app, make, login):
    user = make.user()
    here, elsewhere = _signed_in_twice(app, login, user)
    response = here.post("/account/password", data={
        "current_password": user.password, "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302


def test_deactivation_ends_every_session_of_that_user(app, make, login):
    company = make.company()
    admin, staff = make.user(company, role="admin"), make.user(company, role="staff")
    _, staff_elsewhere = _signed_in_twice(app, login, staff)
    admin_client = client_as(app, admin)
    assert admin_client.post(f"/company/users/{staff.id}",
                             data={"role": "staff"}).status_code == 302  # "Active" unticked
    assert staff_elsewhere.get("/").status_code == 302


def test_password_reset_ends_every_session(app, make, login):
    user = make.user()
    here, elsewhere = _signed_in_twice(app, login, user)
    token = reset_token(app, user)
    app.test_client().post(f"/reset/{token}", data={"new_password": NEW_PASSWORD,
                                                     "confirm": NEW_PASSWORD})
    assert here.get("/").status_code == elsewhere.get("/").status_code == 302


def test_activity_rewrites_the_cookie_at_most_once_a_minute(app, client, make, login, clock):
    """Requests within a minute send no new cookie (a background request cannot undo a
    concurrent one's session change); the next minute's request renews it."""
    login(make.user())
    clock.advance(minutes=2)
    assert "Set-Cookie" in client.get("/").headers  # activity noted
    clock.advance(seconds=30)
    assert "Set-Cookie" not in client.get("/").headers
    clock.advance(seconds=31)
    assert "Set-Cookie" in client.get("/").headers


def test_idle_timeout_ends_the_session(app, client, make, login, clock):
    login(make.user())
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200
    clock.advance(minutes=29)  # 58 minutes in, but active 29 minutes ago
    assert client.get("/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/", follow_redirects=True)
    assert "/login" in response.request.path
    assert b"You were signed out after 30 minutes without activity." in response.data
    assert client.get("/").status_code == 302


def test_idle_timeout_follows_the_setting(app, client, make, login, clock):
    app.config["SESSION_IDLE_MINUTES"] = 5
    try:
        login(make.user())
        clock.advance(minutes=6)
        assert client.get("/").status_code == 302
    finally:
        app.config["SESSION_IDLE_MINUTES"] = 30


def test_absolute_lifetime_ends_even_an_active_session(app, client, make, login, clock):
    login(make.user())
    for _ in range(12 * 60 // 20):  # a request every 20 minutes for 12 hours
        clock.advance(minutes=20)
        assert client.get("/").status_code == 200
    clock.advance(minutes=1)
    response = client.get("/", follow_redirects=True)
    assert b"You have been signed in for 12 hours" in response.data
    assert client.get("/").status_code == 302


def test_a_stolen_copy_of_the_cookie_expires_too(app, client, make, login, clock):
    login(make.user())
    stolen = app.test_client()
    stolen.set_cookie("session", client.get_cookie("session").value)
    assert stolen.get("/").status_code == 200
    clock.advance(minutes=31)
    assert stolen.get("/").status_code == 302


def test_a_session_without_times_is_ended(app, make):
    user = make.user()
    client = client_as(app, user)
    with client.session_transaction() as session:
        del session[SIGNED_IN_AT], session[SEEN_AT]
    assert client.get("/").status_code == 302

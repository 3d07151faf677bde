"""Password rules (ASVS 2.1), argon2id, and re-authentication before changing e-mail."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from config import ProductionConfig, TestConfig
from tests.account_mail import change_email
from tests.security.world import reset_token
from tracker import create_app
from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.auth.passwords import (
    COMMON_PASSWORD,
    hash_password,
    password_problem,
    verify_password,
)
from tracker.extensions import db

COMMON = b"This password is on a list of common or leaked passwords."


@pytest.mark.parametrize("password,problem", [
    ("x7#kQ2!vB9m", "Use at least 12 characters."),             # 11
    ("長城" * 6, None),                                           # 12 characters, Chinese
    ("plum tractor 🦄", None),                                    # spaces and emoji are fine
    ("q" + "w9e" * 21, None),                                     # 64
    ("r8#" * 42 + "xy", None),                                    # 128
    ("r8#" * 43, "Use at most 128 characters."),                  # 129
    ("password1234", COMMON_PASSWORD),
    ("Password1234", COMMON_PASSWORD),                            # caught lower-cased
    ("qwertyuiop123", COMMON_PASSWORD),
    ("iloveyou1234", COMMON_PASSWORD),
    ("correcthorsebatterystaple", COMMON_PASSWORD),
])
def test_password_rules(password, problem):
    assert password_problem(password) == problem


def test_change_password_refuses_a_common_password(app, client, make, login):
    user = make.user()
    login(user)
    response = client.post("/account/password", data={
        "current_password": user.password, "new_password": "password1234",
        "confirm": "password1234"})
    assert response.status_code == 200 and COMMON in response.data
    with app.app_context():
        assert verify_password(db.session.get(User, user.id).password_hash, user.password)


def test_reset_and_invitation_refuse_a_common_password(app, client, make):
    user = make.user()
    response = client.post(f"/reset/{reset_token(app, user)}", data={
        "new_password": "Password1234", "confirm": "Password1234"})
    assert response.status_code == 200 and COMMON in response.data


def test_passwords_are_stored_as_argon2id(app, make):
    user = make.user()
    with app.app_context():
        assert db.session.get(User, user.id).password_hash.startswith("$argon2id$")


def test_change_email_needs_the_current_password(app, client, make, login):
    user = make.user()
    login(user)
    page = client.get("/account/email")
    assert b"New email" in page.data and b"Current password" in page.data
    response = client.post("/account/email", data={
        "email": "new.address@example.com", "current_password": "not my password"})
    assert b"The current password is not correct." in response.data
    with app.app_context():
        assert db.session.get(User, user.id).email == user.email


def test_change_email_refuses_a_colleagues_address(app, client, make, login, run_tasks):
    company = make.company()
    user, colleague = make.user(company), make.user(company)
    login(user)
    response = client.post("/account/email", data={
        "email": colleague.email.upper(), "current_password": user.password})
    assert b"That email address is already in use." in response.data
    assert run_tasks() == 0  # no link, no notice


def test_change_email_signs_in_with_the_new_address_and_tells_the_old_one(app, client, make,
                                                                          login, run_tasks):
    user = make.user()
    login(user)
    response = change_email(app, client, run_tasks, user, " New.Address@Example.com ")
    assert response.status_code == 302
    notice = app.extensions["mailman"].outbox[-1]
    assert notice.to == [user.email] and "sign-in email was changed" in notice.subject
    assert "new.address@example.com" in notice.body
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.action == "update", AuditEvent.object_id == user.id,
            AuditEvent.object_type == "user").order_by(AuditEvent.id.desc()))
        assert event.changes == {"email": [user.email, "new.address@example.com"]}
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": "new.address@example.com",
                                      "password": user.password}).status_code == 302


def test_password_change_tells_the_owner(app, client, make, login):
    user = make.user()
    login(user)
    new = "brand new passphrase 31"
    client.post("/account/password", data={"current_password": user.password,
                                           "new_password": new, "confirm": new})
    notice = app.extensions["mailman"].outbox[-1]
    assert notice.to == [user.email] and "password was changed" in notice.subject
    assert new not in notice.body


# --- The hashing cost: a setting, cheap in the suite, strong in production ------------

def argon2_cost(stored_hash: str) -> str:
    """The "m=…,t=…,p=…" part of an argon2 hash."""
    return stored_hash.split("$")[3]


def test_production_hashes_at_rfc_9106_low_memory_cost(database_url):
    """m=64 MiB, t=3, p=4: RFC 9106's second recommended option (argon2-cffi's default)."""
    assert ProductionConfig.PASSWORD_HASH_PROFILE == "RFC_9106_LOW_MEMORY"
    app = create_app(ProductionConfig, SECRET_KEY="s" * 40, TRUSTED_HOSTS=["localhost"],
                     SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        assert argon2_cost(hash_password("a strong-enough secret")) == "m=65536,t=3,p=4"


def test_production_refuses_the_test_suites_cheap_profile(database_url):
    with pytest.raises(RuntimeError, match="test suite only"):
        create_app(ProductionConfig, SECRET_KEY="s" * 40, TRUSTED_HOSTS=["localhost"],
                   SQLALCHEMY_DATABASE_URI=database_url, PASSWORD_HASH_PROFILE="CHEAPEST")


def test_an_unknown_profile_is_refused_at_start(database_url):
    with pytest.raises(RuntimeError, match="PASSWORD_HASH_PROFILE must be one of"):
        create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                   PASSWORD_HASH_PROFILE="FAST")


def test_the_suite_hashes_cheaply(app):
    with app.app_context():
        assert argon2_cost(hash_password("a strong-enough secret")) == "m=8,t=1,p=1"


def test_sign_in_upgrades_a_hash_made_at_an_older_cost(app, client, make, monkeypatch):
    user = make.user()  # hashed at the suite's cheap cost
    monkeypatch.setitem(app.config, "PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY")
    assert client.post("/login", data={"email": user.email,
                                       "password": user.password}).status_code == 302
    with app.app_context():
        stored = db.session.get(User, user.id).password_hash
        assert argon2_cost(stored) == "m=65536,t=3,p=4"
        assert verify_password(stored, user.password)

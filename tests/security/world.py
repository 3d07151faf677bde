"""The fixture world the security tables build their requests from.

Two companies: A, with one user per role, and B, with one admin. Tables say
how to turn this world into URL arguments and form data; "company A's
objects" are what company B's admin must never reach (404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import CompanyRecord, Factory, UserRecord
from tests.security.portal_world import (
    CANDIDATE_ACTORS,
    PortalPerson,
    portal_client,
    portal_person,
)
from tracker.auth.models import User
from tracker.auth.sessions import stamp_new_session
from tracker.auth.tokens import make_email_change_token, make_token
from tracker.extensions import db

# Who the matrix and the fuzzer act as. "other_admin" is company B's admin. The candidate
# actors (portal_world.CANDIDATE_ACTORS) are signed in to the portal, not as HR users.
ACTORS = ("anonymous", "viewer", "staff", "admin", "other_admin")


@dataclass
class World:
    """Company A (viewer, staff, admin) and company B (other_admin), plus a cache."""

    app: Flask
    make: Factory
    company_a: CompanyRecord
    company_b: CompanyRecord
    users: dict[str, UserRecord]
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def viewer(self) -> UserRecord:
        return self.users["viewer"]

    @property
    def staff(self) -> UserRecord:
        return self.users["staff"]

    @property
    def admin(self) -> UserRecord:
        return self.users["admin"]

    @property
    def other_admin(self) -> UserRecord:
        return self.users["other_admin"]

    def once(self, key: str, build: Callable[[World], Any]) -> Any:
        """build(world) the first time *key* is asked for, the same object afterwards.

        Use it for objects that requests only read (e.g. a case to show);
        call the factory directly for objects a request consumes (e.g. deletes).
        """
        if key not in self._cache:
            self._cache[key] = build(self)
        return self._cache[key]

    def unique(self, text: str) -> str:
        """*text* with a number that no earlier call returned, e.g. for e-mails that must
        not exist yet: w.unique("new{}@example.com")."""
        self._cache["_counter"] = self._cache.get("_counter", 0) + 1
        return text.format(self._cache["_counter"])

    def reset_token(self, user: UserRecord) -> str:
        """A valid password-reset token for *user* (as the e-mailed link carries)."""
        return reset_token(self.app, user)

    def email_change_token(self, user: UserRecord, new_email: str) -> str:
        """A valid token confirming *new_email* for *user* (as the e-mailed link carries)."""
        with self.app.app_context():
            return make_email_change_token(db.session.get(User, user.id), new_email)

    def portal(self, actor: str = "candidate") -> PortalPerson:
        """A candidate actor (portal_world.py): their account, case and requests."""
        return portal_person(self, actor)

    def client(self, actor: str) -> FlaskClient:
        """A new test client signed in as *actor* ("anonymous": not signed in; a candidate
        actor of portal_world.py: signed in to the candidate portal)."""
        if actor in CANDIDATE_ACTORS:
            return portal_client(self.app, self.portal(actor).account_id)
        return client_as(self.app, self.users.get(actor))


def build_world(app: Flask, make: Factory) -> World:
    """Create the two companies and their users (committed, like any factory).

    Only company A's admin gets a password (factories.PASSWORD): the others
    are signed in by client_as, and each argon2 hash costs a noticeable
    fraction of a second on a small machine.
    """
    company_a, company_b = make.company("Company A Limited"), make.company("Company B Limited")
    users = {role: make.user(company_a, role=role, password=None)
             for role in ("viewer", "staff")}
    users["admin"] = make.user(company_a, role="admin")
    users["other_admin"] = make.user(company_b, role="admin", password=None)
    return World(app, make, company_a, company_b, users)


def reset_token(app: Flask, user: UserRecord) -> str:
    """A valid password-reset token for *user* (as the e-mailed link carries)."""
    with app.app_context():
        return make_token(db.session.get(User, user.id))


def client_as(app: Flask, user: UserRecord | None) -> FlaskClient:
    """A new client whose session is that of *user* right after signing in.

    It writes the same session keys the sign-in form would (Flask-Login's user
    token with the current session_version, and the session clock), without
    spending an argon2 verification per request.
    """
    client = app.test_client()
    if user is None:
        return client
    with app.app_context():
        version = db.session.get(User, user.id).session_version
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:{version}"
        session["_fresh"] = True
        session.permanent = True
        with app.test_request_context():
            stamp_new_session(session)
    return client

"""CSRF: every state-changing request needs the token; no GET changes anything.

These tests use a second app on the same database with WTF_CSRF_ENABLED=True
(the rest of the suite runs with CSRF off to keep form posts short).
"""

from __future__ import annotations

import re

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient

from tests.security.dbstate import changed_tables, fingerprint
from tests.security.permissions_table import TABLE
from tests.security.portal_table import PORTAL_TABLE
from tests.security.portal_world import portal_client
from tests.security.world import ACTORS, World, client_as

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_PAGE = b"This form was open too long, or it was sent from another site"


def urls_for(app: Flask, world: World, methods: set[str], actor: str = "") -> list[tuple[str, str]]:
    """(method, url) for every rule of the app answering one of *methods* (the candidate's
    portal pages aimed at their own records, as portal_table.py builds them)."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        portal = PORTAL_TABLE.get(rule.endpoint) if actor == "candidate" else None
        build = portal.args if portal and portal.args else TABLE[rule.endpoint].args
        for method in sorted(rule.methods & methods):
            with app.test_request_context():
                found.append((method, url_for(rule.endpoint, **build(world))))
    return found


def client_of(app: Flask, world: World, actor: str) -> FlaskClient:
    """A client of *app* signed in as *actor*: an HR user, or the portal's candidate."""
    if actor == "candidate":
        return portal_client(app, world.portal().account_id)
    return client_as(app, world.users.get(actor))


def test_the_suite_covers_some_state_changing_routes(csrf_app, world):
    assert len(urls_for(csrf_app, world, STATE_CHANGING)) >= 7


@pytest.mark.parametrize("actor", ["anonymous", "admin", "candidate"])
def test_every_state_changing_route_refuses_a_missing_token(csrf_app, world, actor):
    urls = list(urls_for(csrf_app, world, STATE_CHANGING, actor))  # builds the objects first
    before = fingerprint(csrf_app)
    for method, url in urls:
        client = client_of(csrf_app, world, actor)
        response = client.open(url, method=method, data={"email": world.admin.email})
        assert response.status_code == 400, f"{method} {url} as {actor}"
        assert CSRF_PAGE in response.data, f"{method} {url}: no clear message"
        assert b"Form expired" in response.data
    assert changed_tables(before, fingerprint(csrf_app)) == []


def test_a_wrong_token_is_refused_too(csrf_app, world):
    client = client_as(csrf_app, world.admin)
    response = client.post("/company/settings", data={
        "csrf_token": "forged", "name": "Forged Ltd", "contact_email": "a@b.example",
        "quota_reminder_offsets": "30"})
    assert response.status_code == 400 and CSRF_PAGE in response.data
    settings = client.get("/company/settings").get_data(as_text=True)
    assert "Forged Ltd" not in settings


def test_with_the_token_the_same_post_goes_through(csrf_app, world):
    """The refusals above are about the token: send it and the form is processed."""
    client = client_as(csrf_app, world.admin)
    page = client.get("/company/settings").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/company/settings", data={
        "csrf_token": token, "name": "Tokened Ltd", "contact_email": "hr@tokened.example",
        "quota_reminder_offsets": "30"})
    assert response.status_code == 302
    assert "Tokened Ltd" in client.get("/company/settings").get_data(as_text=True)


@pytest.mark.parametrize("actor", [*ACTORS, "candidate"])
def test_no_get_request_changes_stored_data(csrf_app, world, actor):
    urls = list(urls_for(csrf_app, world, {"GET"}, actor))  # builds the objects first
    before = fingerprint(csrf_app)
    for _, url in urls:
        client_of(csrf_app, world, actor).get(url)
        changed = changed_tables(before, fingerprint(csrf_app))
        assert changed == [], f"GET {url} as {actor} changed {changed}"

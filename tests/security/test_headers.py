"""Security headers on every response; trusted hosts; the opt-in proxy fix; safe redirects."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from config import ProductionConfig, TestConfig
from tests.security.world import client_as
from tracker import create_app
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.security import CONTENT_SECURITY_POLICY

EXPECTED_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "object-src 'none'; base-uri 'self'; form-action 'self'; "
                "frame-ancestors 'none'")


def assert_security_headers(response) -> None:
    headers = response.headers
    assert headers["Content-Security-Policy"] == EXPECTED_CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_the_policy_is_the_documented_one():
    assert CONTENT_SECURITY_POLICY == EXPECTED_CSP


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/login", 200),                        # a page
    ("GET", "/", 302),                             # a redirect
    ("GET", "/no/such/page", 404),                 # an error page
    ("DELETE", "/login", 405),
    ("POST", "/login?q=%00", 400),                 # refused input
    ("GET", "/healthz", 200),                      # JSON
    ("GET", "/static/app.css", 200),               # our file
    ("GET", "/bootstrap/static/js/bootstrap.min.js", 200),  # Bootstrap-Flask's file
])
def test_every_kind_of_response_carries_the_headers(client, method, path, status):
    response = client.open(path, method=method)
    assert response.status_code == status
    assert_security_headers(response)
    assert "Strict-Transport-Security" not in response.headers  # not outside production


def test_signed_in_pages_are_not_cached_but_files_may_be(app, world):
    client = client_as(app, world.admin)
    assert client.get("/company/users").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/app.css").headers.get("Cache-Control", "")


def test_a_403_page_carries_the_headers(app, world):
    response = client_as(app, world.viewer).get("/company/settings")
    assert response.status_code == 403
    assert_security_headers(response)


def test_hsts_in_production_only():
    app = create_app(ProductionConfig, SECRET_KEY="y" * 40, TRUSTED_HOSTS=["tracker.example"])
    response = app.test_client().get("/login", base_url="https://tracker.example")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert_security_headers(response)


def test_production_refuses_to_start_without_trusted_hosts():
    with pytest.raises(RuntimeError, match="TRUSTED_HOSTS"):
        create_app(ProductionConfig, SECRET_KEY="z" * 40, TRUSTED_HOSTS=None)


def test_an_untrusted_host_header_is_refused(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     TRUSTED_HOSTS=["tracker.example"])
    client = app.test_client()
    forged = client.post("/reset", data={"email": "a@b.example"}, base_url="http://evil.example")
    assert forged.status_code == 400
    assert b"host name is not served here" in forged.data
    assert_security_headers(forged)
    assert client.get("/login", base_url="http://tracker.example").status_code == 200


def test_reset_links_are_built_on_app_base_url_not_the_host_header(app, client, make,
                                                                   run_tasks):
    user = make.user()
    client.post("/reset", data={"email": user.email}, base_url="http://evil.example")
    assert run_tasks() == 1  # sent by the worker, which never sees the request
    body = app.extensions["mailman"].outbox[-1].body
    assert "evil.example" not in body
    assert app.config["APP_BASE_URL"] + "/reset/" in body


def _sign_in_ip(app, database_url, make, **settings) -> str:
    proxied = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, **settings)
    user = make.user()
    proxied.test_client().post(
        "/login", data={"email": user.email, "password": user.password},
        headers={"X-Forwarded-For": "203.0.113.50"}, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    with app.app_context():
        return db.session.scalar(sa.select(AuditEvent.ip).where(
            AuditEvent.action == "sign_in", AuditEvent.user_id == user.id))


def test_proxy_headers_are_ignored_unless_configured(app, database_url, make):
    assert _sign_in_ip(app, database_url, make) == "10.0.0.2"


def test_proxy_fix_gives_the_real_client_address(app, database_url, make):
    assert _sign_in_ip(app, database_url, make, PROXY_FIX_HOPS=1) == "203.0.113.50"


@pytest.mark.parametrize("target,lands_on", [
    ("/company/users", "/company/users"),
    ("//evil.example/x", "/"),
    ("/\\evil.example", "/"),
    ("/\t/evil.example", "/"),
    ("https://evil.example/", "/"),
    ("javascript:alert(1)", "/"),
])
def test_sign_in_only_follows_local_next_links(client, make, target, lands_on):
    user = make.user()
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": user.password})
    assert response.headers["Location"] == lands_on


def test_a_nul_character_is_refused_with_a_clear_page(app, world):
    response = client_as(app, world.admin).post("/company/settings", data={
        "name": "Null\x00 Ltd", "contact_email": "hr@x.example", "quota_reminder_offsets": "30"})
    assert response.status_code == 400
    assert b"contains a NUL character" in response.data


def test_a_file_sent_to_a_form_without_file_fields_is_refused(app, world):
    from io import BytesIO

    response = client_as(app, world.admin).post("/company/settings", data={
        "name": (BytesIO(b"<svg/>"), "name.svg"), "contact_email": "hr@x.example",
        "quota_reminder_offsets": "30"})
    assert response.status_code == 400
    assert b"This form does not take attachments" in response.data

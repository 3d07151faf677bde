"""Sign-in throttling: per account and per IP, on Redis, with an in-memory fallback."""

from __future__ import annotations

import logging
import re
import socket
import statistics
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
import sqlalchemy as sa

from config import TestConfig
from tracker import create_app
from tracker.audit.models import AuditEvent
from tracker.auth import passwords
from tracker.extensions import db

WRONG = "not the right password"
# A fresh 15-minute window; 14 if this machine took over a minute for the attempts.
TOO_MANY = re.compile(rb"Too many attempts\. Try again in 1[45] minutes\.")


def alerts(response) -> list[str]:
    """The alert messages of a page (to explain a failed assertion)."""
    return re.findall(r'role="alert">([^<]*)<', response.get_data(as_text=True))


def attempt(client, email: str, password: str = WRONG, ip: str = "127.0.0.1"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def test_an_account_is_throttled_after_five_failures(client, make):
    user = make.user()
    for _ in range(5):
        assert attempt(client, user.email).status_code == 200
    refused = attempt(client, user.email, user.password)  # even the right password
    assert refused.status_code == 429
    assert TOO_MANY.search(refused.data), alerts(refused)
    assert int(refused.headers["Retry-After"]) > 14 * 60
    assert b'name="email"' in refused.data  # the sign-in form is still there
    # Another address, or case and spaces, change nothing: the key is the normalised e-mail.
    assert attempt(client, "  " + user.email.upper(), user.password).status_code == 429
    assert attempt(client, user.email, user.password, ip="10.1.1.1").status_code == 429


def test_other_accounts_are_not_affected(client, make):
    victim, other = make.user(), make.user()
    for _ in range(6):
        attempt(client, victim.email)
    assert attempt(client, other.email, other.password).status_code == 302


def test_an_ip_is_throttled_across_accounts(app, client, make):
    user = make.user()
    app.config["LOGIN_LIMIT_PER_IP"] = "3 per 15 minutes"
    try:
        for n in range(3):
            assert attempt(client, f"guess{n}@example.com", ip="10.9.9.9").status_code == 200
        assert attempt(client, user.email, user.password, ip="10.9.9.9").status_code == 429
        assert attempt(client, user.email, user.password, ip="10.9.9.8").status_code == 302
    finally:
        app.config["LOGIN_LIMIT_PER_IP"] = TestConfig.LOGIN_LIMIT_PER_IP


def test_successful_and_invalid_submissions_do_not_count(client, make):
    user = make.user()
    for _ in range(6):
        assert attempt(client, user.email, user.password).status_code == 302
        client.post("/logout")
    for _ in range(6):
        assert client.post("/login", data={"email": user.email}).status_code == 200
    assert attempt(client, user.email, user.password).status_code == 302


def test_throttling_looks_the_same_for_unknown_emails(app, make):
    user = make.user()
    known, unknown = app.test_client(), app.test_client()
    statuses = {"known": [], "unknown": []}
    pages = {}
    for name, client, email in (("known", known, user.email),
                                ("unknown", unknown, "nobody.here@example.com")):
        for _ in range(7):
            response = attempt(client, email)
            statuses[name].append(response.status_code)
            # The footer's language switch carries the session's own CSRF token.
            page = re.sub(rb'name="csrf_token" value="[^"]*"', b"TOKEN", response.data)
            pages.setdefault((name, response.status_code), page.replace(
                email.encode(), b"EMAIL"))
    assert statuses["known"] == statuses["unknown"] == [200] * 5 + [429] * 2
    assert pages[("known", 200)] == pages[("unknown", 200)]
    assert pages[("known", 429)] == pages[("unknown", 429)]


def test_wrong_password_and_unknown_email_take_similar_time(app, make, monkeypatch):
    """Both paths run one argon2 verification, so their timings overlap.

    Measured at the production hashing cost (the suite's cheap profile would
    hide a missing verification in the noise). Attempts alternate between the
    two, so a burst of load on this shared machine slows both alike; medians
    shrug off a single outlier.
    """
    monkeypatch.setitem(app.config, "PASSWORD_HASH_PROFILE", passwords.DEFAULT_HASH_PROFILE)
    user = make.user()
    seconds: dict[str, list[float]] = {user.email: [], "ghost@example.com": []}
    attempt(app.test_client(), "warm-up@example.com")
    for _ in range(5):
        for email, times in seconds.items():
            started = time.perf_counter()
            assert attempt(app.test_client(), email).status_code == 200
            times.append(time.perf_counter() - started)
    known, unknown = (statistics.median(times) for times in seconds.values())
    assert abs(known - unknown) < 0.5 * max(known, unknown), (known, unknown)


@pytest.mark.parametrize("profile", sorted(passwords.HASH_PROFILES))
def test_the_timing_equaliser_uses_the_real_hash_parameters(app, monkeypatch, profile):
    monkeypatch.setitem(app.config, "PASSWORD_HASH_PROFILE", profile)
    with app.app_context():
        dummy = passwords._hasher()[1]
        real = passwords.hash_password("some password here")
    assert dummy.split("$")[:4] == real.split("$")[:4]  # same algorithm, version, cost


def test_throttled_attempts_are_audited(app, client, make):
    user = make.user()
    for _ in range(6):
        attempt(client, user.email)
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.action == "sign_in_throttled"))
        assert event.user_id == user.id and event.ip == "127.0.0.1"
        assert "per account" in event.summary


# --- Redis down: an own Redis on a free port, stopped by its PID ---------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis() -> Iterator[tuple[subprocess.Popen, str]]:
    """A private redis-server for this test; the test may kill it."""
    port = _free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield process, url
    if process.poll() is None:
        process.kill()
        process.wait()


def _app_on(database_url: str, redis_url: str):
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, REDIS_URL=redis_url,
                      LOGIN_THROTTLE_PREFIX=f"tracker-test-{uuid.uuid4().hex[:8]}")


def test_redis_going_down_falls_back_to_memory(app, database_url, make, own_redis):
    process, url = own_redis
    throttled = _app_on(database_url, url)
    user = make.user()
    client = throttled.test_client()
    for _ in range(2):
        assert attempt(client, user.email).status_code == 200
    assert redis.Redis.from_url(url).keys("tracker-test-*")  # counted in our Redis
    process.kill()
    process.wait()
    statuses = [attempt(client, user.email).status_code for _ in range(6)]
    assert 500 not in statuses
    # Memory starts counting afresh: five more failures, then refused.
    assert statuses == [200] * 5 + [429]
    assert attempt(client, user.email, user.password).status_code == 429


def test_sign_in_works_when_redis_was_never_there(app, database_url, make):
    nothing = f"redis://127.0.0.1:{_free_port()}/0"
    throttled = _app_on(database_url, nothing)
    user = make.user()
    client = throttled.test_client()
    assert attempt(client, user.email, user.password).status_code == 302


# --- Issue 14, item 3: a guesser cannot lock the owner out (OWASP device cookies) -----

def known_browser(app, user):
    """A browser that has signed in to *user*'s account before (and signed out)."""
    browser = app.test_client()
    assert attempt(browser, user.email, user.password, ip="10.2.0.1").status_code == 302
    browser.post("/logout")
    return browser


def test_the_owners_known_browser_signs_in_while_others_are_throttled(app, make):
    user = make.user()
    browser = known_browser(app, user)
    attacker = app.test_client()
    for n in range(20):  # from many addresses
        attempt(attacker, user.email, ip=f"10.3.0.{n}")
    assert attempt(attacker, user.email, user.password).status_code == 429
    assert attempt(app.test_client(), user.email, user.password).status_code == 429
    assert attempt(browser, user.email, user.password, ip="10.2.0.1").status_code == 302


def test_a_known_browser_is_not_held_up_by_its_networks_ip_limit(app, make, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_IP", "3 per 15 minutes")
    user = make.user()
    browser = known_browser(app, user)
    for n in range(3):  # someone else behind the same address (an office's NAT)
        attempt(app.test_client(), f"guess{n}@example.com", ip="10.2.0.1")
    assert attempt(app.test_client(), user.email, user.password,
                   ip="10.2.0.1").status_code == 429
    assert attempt(browser, user.email, user.password, ip="10.2.0.1").status_code == 302


def test_a_known_browser_has_a_limit_of_its_own(app, make, monkeypatch):
    """A stolen device cookie buys LOGIN_LIMIT_PER_DEVICE guesses, and they do not count
    against the account: other browsers are not held up by them."""
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_DEVICE", "4 per 15 minutes")
    user = make.user()
    browser, other = known_browser(app, user), known_browser(app, user)
    for _ in range(4):
        assert attempt(browser, user.email).status_code == 200
    refused = attempt(browser, user.email, user.password)
    assert refused.status_code == 429 and TOO_MANY.search(refused.data)
    assert b"signed in with before" not in refused.data  # no hint: it is such a browser
    assert attempt(other, user.email, user.password).status_code == 302
    assert attempt(app.test_client(), user.email, user.password).status_code == 302


def test_a_device_cookie_is_good_for_its_own_account_only(app, make):
    user, victim = make.user(), make.user()
    browser = known_browser(app, user)  # holds a valid cookie, for another account
    for _ in range(5):
        attempt(app.test_client(), victim.email)
    assert attempt(browser, victim.email, victim.password).status_code == 429
    name = app.config["DEVICE_COOKIE_NAME"]
    forged = app.test_client()
    forged.set_cookie(name, browser.get_cookie(name).value[:-2] + "xx")
    assert attempt(forged, victim.email, victim.password).status_code == 429


def test_the_device_cookie_is_httponly_strict_and_host_only_in_production(app, make):
    user = make.user()
    response = attempt(app.test_client(), user.email, user.password)
    cookie = next(c for c in response.headers.getlist("Set-Cookie")
                  if c.startswith(app.config["DEVICE_COOKIE_NAME"] + "="))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie and "Max-Age=7776000" in cookie  # 90 days
    from config import ProductionConfig

    assert ProductionConfig.DEVICE_COOKIE_NAME.startswith("__Host-")


def test_resetting_the_password_makes_the_browser_known(app, make, run_tasks):
    """The owner on a new browser, locked out by someone's guessing, gets in through
    the e-mailed link: that proves the mailbox, like a sign-in would."""
    user = make.user()
    for _ in range(5):
        attempt(app.test_client(), user.email)
    browser = app.test_client()
    assert attempt(browser, user.email, user.password).status_code == 429
    browser.post("/reset", data={"email": user.email})
    run_tasks()
    body = app.extensions["mailman"].outbox[-1].body
    link = re.search(r"/reset/\S+", body).group(0)
    new = "a fresh passphrase 2027"
    assert browser.post(link, data={"new_password": new, "confirm": new}).status_code == 302
    assert attempt(browser, user.email, new).status_code == 302
    assert attempt(app.test_client(), user.email, new).status_code == 429  # others still wait


def test_json_sign_ins_count_per_account_like_the_form(app, make):
    """Before: a JSON body's e-mail was not read, so every JSON sign-in shared one counter."""
    user, other = make.user(), make.user()
    for _ in range(5):
        response = app.test_client().post("/login", json={"email": user.email,
                                                          "password": WRONG})
        assert response.status_code == 200
    assert app.test_client().post("/login", json={
        "email": other.email, "password": other.password}).status_code == 302
    assert app.test_client().post("/login", json={
        "email": user.email, "password": user.password}).status_code == 429
    assert attempt(app.test_client(), user.email, user.password).status_code == 429  # same count


def test_a_forwarded_header_without_proxy_fix_is_logged_once(app, make, caplog):
    caplog.set_level(logging.WARNING)
    app.extensions.pop("proxy_header_warned", None)
    for _ in range(3):
        app.test_client().post("/login", data={"email": "a@example.com", "password": WRONG},
                               headers={"X-Forwarded-For": "203.0.113.9"})
    assert caplog.text.count("PROXY_FIX_HOPS is 0") == 1


# --- Issue 14, item 7: one audit row per throttled burst ---------------------------

def throttled_rows(app) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action == "sign_in_throttled").order_by(AuditEvent.id)))


def test_a_throttled_burst_is_one_audit_row_with_a_count(app, make):
    user = make.user()
    for _ in range(5):
        attempt(app.test_client(), user.email)
    for n in range(50):
        assert attempt(app.test_client(), user.email, ip=f"10.4.0.{n}").status_code == 429
    (row,) = throttled_rows(app)
    assert row.company_id == user.company_id and row.changes == {"attempts": 50}
    assert "per account" in row.summary


def test_an_ip_burst_is_one_row_per_tried_account(app, make, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_IP", "3 per 15 minutes")
    first, second = make.user(), make.user()
    for n in range(3):
        attempt(app.test_client(), f"guess{n}@example.com", ip="10.5.0.1")
    for user in (first, second, first, second, first):
        assert attempt(app.test_client(), user.email, ip="10.5.0.1").status_code == 429
    rows = throttled_rows(app)
    assert [(r.user_id, r.changes["attempts"]) for r in rows] == [(first.id, 3), (second.id, 2)]
    assert all("per IP" in r.summary and r.ip == "10.5.0.1" for r in rows)

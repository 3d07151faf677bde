"""Password reset requests (issue 14, item 2): the answer tells nothing about which
addresses have accounts, and nobody can flood a mailbox.

The reset e-mail is sent by a real Celery worker to a real SMTP server (aiosmtpd);
the throttle counts in the session's Redis.
"""

from __future__ import annotations

import logging
import re
import statistics
import time
from collections.abc import Iterator

import pytest

from config import TestConfig
from tests.reminder_fixtures import SMTP_SECONDS, free_port, wait_for
from tracker import create_app

GENERIC = b"If that email has an account, a reset link is on its way."
@pytest.fixture
def roomy_reset_limits(app) -> Iterator[None]:
    app.config["RESET_LIMIT_PER_IP"] = "1000 per hour"
    yield
    app.config["RESET_LIMIT_PER_IP"] = TestConfig.RESET_LIMIT_PER_IP


def ask(client, email: str, ip: str = "127.0.0.1"):
    return client.post("/reset", data={"email": email}, environ_base={"REMOTE_ADDR": ip})


def test_known_and_unknown_addresses_answer_alike_and_the_worker_mails(
        app, make, slow_smtp, start_worker, roomy_reset_limits):
    """Attempts alternate between the two paths, so a burst of load on this shared
    machine slows both alike; medians shrug off a single outlier. Each attempt uses a
    new address, so the per-address throttle never answers instead."""
    start_worker(slow_smtp.port)
    users = [make.user() for _ in range(7)]
    seconds: dict[str, list[float]] = {"known": [], "unknown": []}
    ask(app.test_client(), "warm-up@example.com")
    for n, user in enumerate(users):
        for kind, email in (("known", user.email), ("unknown", f"nobody{n}@example.com")):
            started = time.perf_counter()
            response = ask(app.test_client(), email)
            seconds[kind].append(time.perf_counter() - started)
            assert response.status_code == 302
    known, unknown = (statistics.median(times) for times in seconds.values())
    assert known < SMTP_SECONDS and abs(known - unknown) < SMTP_SECONDS / 2, (known, unknown)
    # The worker sent one link to each known address, none to the others.
    wait_for(lambda: len(slow_smtp.received) >= len(users), 30, message="the reset e-mails")
    time.sleep(1)  # anything else it would wrongly send arrives meanwhile
    assert sorted(r.recipients[0] for r in slow_smtp.received) == sorted(u.email for u in users)
    assert all("/reset/" in r.part("plain") for r in slow_smtp.received)


def test_one_address_gets_three_links_an_hour_whoever_asks(app, make, run_tasks):
    user = make.user()
    client = app.test_client()
    for n in range(30):  # from 30 addresses, so the per-client limit is not what stops it
        response = ask(client, user.email.upper(), ip=f"10.0.0.{n}")
        # The same answer every time, throttled or not.
        assert (response.status_code, response.headers["Location"]) == (302, "/login")
        assert GENERIC in client.get("/login").data
    run_tasks()
    outbox = app.extensions["mailman"].outbox
    assert [mail.to for mail in outbox] == [[user.email]] * 3
    # An unknown address is throttled exactly alike: the limit says nothing either.
    ghost = [ask(client, "ghost@example.com", ip=f"10.0.1.{n}") for n in range(5)]
    assert [(r.status_code, r.headers["Location"]) for r in ghost] == [(302, "/login")] * 5
    assert run_tasks() == 3


def test_one_client_is_held_up_after_twenty_requests(app, run_tasks):
    for n in range(20):
        assert ask(app.test_client(), f"person{n}@example.com", ip="10.0.3.1").status_code == 302
    refused = ask(app.test_client(), "one.more@example.com", ip="10.0.3.1")
    assert refused.status_code == 429
    assert re.search(rb"Too many reset requests from your network\. Try again in (59|60) minutes\.",
                     refused.data), refused.data
    assert int(refused.headers["Retry-After"]) > 59 * 60
    assert b'name="email"' in refused.data
    assert ask(app.test_client(), "one.more@example.com", ip="10.0.3.2").status_code == 302
    assert run_tasks() == 21


def test_a_form_that_is_refused_does_not_count(app, run_tasks):
    for _ in range(25):
        assert ask(app.test_client(), "not an address", ip="10.0.4.1").status_code == 200
    assert ask(app.test_client(), "real@example.com", ip="10.0.4.1").status_code == 302
    assert run_tasks() == 1


def test_an_unreachable_broker_still_answers_at_once(app, database_url, make, caplog):
    """No broker: the same answer, quickly, no 500; the log says no e-mail went out."""
    dead = f"redis://127.0.0.1:{free_port()}/0"
    # The throttle keeps counting in the session's Redis (emptied after the test).
    brokerless = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                            REDIS_URL=app.config["REDIS_URL"],
                            CELERY={**TestConfig.CELERY, "broker_url": dead,
                                    "result_backend": dead})
    user = make.user()
    client = brokerless.test_client()
    caplog.set_level(logging.WARNING)
    for email in (user.email, "ghost@example.com"):
        started = time.perf_counter()
        response = ask(client, email)
        elapsed = time.perf_counter() - started
        assert response.status_code == 302 and response.headers["Location"] == "/login"
        assert elapsed < 3, elapsed
        assert GENERIC in client.get("/login").data
    assert caplog.text.count("password reset e-mail not queued") == 2
    assert user.email not in caplog.text

"""Invitations and e-mail changes tell nothing about other companies (issue 14, item 6).

An address that another company's account has is answered exactly like a free
one; its owner gets a notice and nothing of theirs changes. Only a colleague's
address is refused by name. A new sign-in e-mail takes effect only when the link
sent to it is followed. The e-mails go through the worker's queue either way, so
both answers take the same time (tested against a real worker and a slow SMTP server).
"""

from __future__ import annotations

import html
import logging
import re
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
import sqlalchemy as sa

from config import TestConfig
from tests.account_mail import ask_email_change, link_path, outbox
from tests.reminder_fixtures import SMTP_SECONDS, free_port, wait_for
from tests.security.world import reset_token
from tracker import create_app
from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.extensions import db

LINK_REFUSED = b"This link has expired, was already used, or is not valid. Nothing changed."
CONFIRM = "/account/email/confirm/"


def flashed(client, path: str) -> list[str]:
    """The messages shown on *path* (the page a redirect led to)."""
    page = client.get(path).get_data(as_text=True)
    return [html.unescape(m) for m in re.findall(r'role="alert">([^<]*)</div>', page)]


def account(app, user_id: int) -> tuple:
    """What must not change about someone else's account."""
    with app.app_context():
        user = db.session.get(User, user_id)
        return (user.email, user.company_id, user.full_name, user.role, user.active,
                user.password_hash, user.session_version)


def email_of(app, user_id: int) -> str:
    return account(app, user_id)[0]


def events_since(app, first_id: int, company_id: int) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.id >= first_id, AuditEvent.company_id == company_id)
            .order_by(AuditEvent.id)))


def next_event_id(app) -> int:
    with app.app_context():
        return (db.session.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0) + 1


def shape(event: AuditEvent, address: str) -> tuple:
    """An audit entry with the address blanked: what an admin could compare."""
    changes = {k: [str(v).replace(address, "@") for v in pair]
               for k, pair in (event.changes or {}).items()}
    return (event.action, event.object_type, event.object_id, event.user_id,
            event.summary.replace(address, "@"), changes)


@pytest.fixture
def two_companies(make):
    """Acme (ours) and another company whose staff member owns an address."""
    ours, theirs = make.company("Acme HK Limited"), make.company("Elsewhere Limited")
    return ours, theirs, make.user(theirs, role="staff")


# --- Invitations ----------------------------------------------------------------------

def test_an_address_with_an_account_elsewhere_is_invited_like_a_free_one(
        app, client, make, login, run_tasks, two_companies):
    ours, theirs, owner = two_companies
    admin = make.user(ours, role="admin")
    untouched = account(app, owner.id)
    login(admin)
    first_event = next_event_id(app)
    answers = []
    for email in ("Free.Person@Example.com", owner.email.upper()):
        response = client.post("/company/users/new", data={
            "full_name": "New Person", "email": email, "role": "staff"})
        answers.append((response.status_code, response.headers.get("Location"),
                        flashed(client, "/company/users")))
    assert answers == [
        (302, "/company/users", ["Invitation sent to free.person@example.com."]),
        (302, "/company/users", [f"Invitation sent to {owner.email}."]),
    ]
    # No account of ours for the owner's address; theirs is as it was.
    with app.app_context():
        ours_now = db.session.scalars(sa.select(User.email).where(User.company_id == ours.id))
        assert sorted(ours_now) == sorted([admin.email, "free.person@example.com"])
    assert account(app, owner.id) == untouched
    # The company's log: one "invite" entry each, alike but for the address.
    invites = events_since(app, first_event, ours.id)
    assert [e.action for e in invites] == ["invite", "invite"]
    assert shape(invites[0], "free.person@example.com") == shape(invites[1], owner.email)
    assert events_since(app, first_event, theirs.id) == []
    # The worker: the invitation to the free address, a notice to the owner.
    assert outbox(app) == []
    assert run_tasks() == 2
    invitation, notice = outbox(app)
    assert invitation.to == ["free.person@example.com"] and "/reset/" in invitation.body
    assert notice.to == [owner.email]
    assert notice.subject == invitation.subject  # "<inviter> invited you to …"
    text = " ".join(notice.body.split())
    for expected in (f"invited {owner.email} to Acme HK Limited's HK Sponsorship Tracker",
                     "already has an account (with Elsewhere Limited)",
                     "one address can belong to one account only", "nothing changed",
                     "to invite another address of yours"):
        assert expected in text, expected
    assert "http" not in notice.body  # no link: there is nothing to accept
    assert account(app, owner.id) == untouched


def test_an_unreachable_broker_answers_both_invitations_alike(app, database_url, make,
                                                              login, two_companies, caplog):
    ours, _, owner = two_companies
    admin = make.user(ours, role="admin")
    dead = f"redis://127.0.0.1:{free_port()}/0"
    brokerless = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                            REDIS_URL=app.config["REDIS_URL"],
                            CELERY={**TestConfig.CELERY, "broker_url": dead,
                                    "result_backend": dead})
    client = login(admin, the_client=brokerless.test_client())
    caplog.set_level(logging.WARNING)
    answers = []
    for email in ("free.person@example.com", owner.email):
        response = client.post("/company/users/new", data={
            "full_name": "New Person", "email": email, "role": "staff"})
        answers.append((response.status_code, [m.replace(email, "@") for m in
                                               flashed(client, "/company/users")]))
    assert answers[0] == answers[1]
    assert answers[0][0] == 302 and "could not be sent" in answers[0][1][0]
    assert caplog.text.count("invitation e-mail not queued") == 2
    assert owner.email not in caplog.text


# --- E-mail changes ---------------------------------------------------------------------

def test_a_new_email_takes_effect_only_from_the_link_sent_to_it(app, client, make, login,
                                                                 run_tasks):
    user = make.user()
    login(user)
    elsewhere = login(user, the_client=app.test_client())  # another session of the user
    response = ask_email_change(client, user, " Next.Address@Example.com ")
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert flashed(client, "/") == ["We sent a link to next.address@example.com. "
                                    "Your email changes when you follow it."]
    assert email_of(app, user.id) == user.email and outbox(app) == []
    assert run_tasks() == 1
    mail = outbox(app)[-1]
    assert mail.to == ["next.address@example.com"] and "Confirm" in mail.subject
    link = link_path(mail, CONFIRM)
    page = client.get(link)  # what a mail scanner fetching the link does: nothing
    assert page.status_code == 200 and b"next.address@example.com" in page.data
    assert email_of(app, user.id) == user.email

    first_event = next_event_id(app)
    done = client.post(link, data={"email": "next.address@example.com"})
    assert (done.status_code, done.headers["Location"]) == (302, "/")
    assert email_of(app, user.id) == "next.address@example.com"
    update = [e for e in events_since(app, first_event, user.company_id) if e.action == "update"]
    assert [(e.object_id, e.user_id, e.changes) for e in update] == [
        (user.id, user.id, {"email": [user.email, "next.address@example.com"]})]
    notice = outbox(app)[-1]
    assert notice.to == [user.email] and "sign-in email was changed" in notice.subject
    assert flashed(client, "/") == ["Your sign-in email is now next.address@example.com. "
                                    "Other sessions were signed out."]
    assert client.get("/").status_code == 200  # this session goes on
    assert elsewhere.get("/").status_code == 302  # every other one ended


def test_a_link_followed_signed_out_changes_the_email_and_asks_to_sign_in(
        app, client, make, login, run_tasks):
    user = make.user()
    login(user)
    ask_email_change(client, user, "phone.mailbox@example.com")
    run_tasks()
    link = link_path(outbox(app)[-1], CONFIRM)
    phone = app.test_client()  # the mailbox is read on another device
    done = phone.post(link, data={"email": "phone.mailbox@example.com"})
    assert (done.status_code, done.headers["Location"]) == (302, "/login")
    assert "Please sign in with it." in flashed(phone, "/login")[0]
    assert client.get("/").status_code == 302  # the session that asked ended too
    old = phone.post("/login", data={"email": user.email, "password": user.password})
    assert old.status_code == 200
    new = phone.post("/login", data={"email": "phone.mailbox@example.com",
                                     "password": user.password})
    assert new.status_code == 302


def test_a_used_expired_or_forged_link_changes_nothing(app, client, make, login, run_tasks):
    user = make.user()
    login(user)
    ask_email_change(client, user, "next.address@example.com")
    run_tasks()
    link = link_path(outbox(app)[-1], CONFIRM)
    token = link.removeprefix(CONFIRM)
    anyone = app.test_client()

    def refused(path: str) -> None:
        for response in (anyone.get(path), anyone.post(path, data={
                "email": "next.address@example.com"})):
            assert response.status_code == 400 and LINK_REFUSED in response.data, path

    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    refused(CONFIRM + tampered)
    refused(CONFIRM + token.replace(".", "x", 1))
    refused(CONFIRM + reset_token(app, user))  # a reset link's token is not a change's
    app.config["EMAIL_CHANGE_MAX_AGE"] = -1
    try:
        refused(link)
    finally:
        app.config["EMAIL_CHANGE_MAX_AGE"] = TestConfig.EMAIL_CHANGE_MAX_AGE
    assert email_of(app, user.id) == user.email
    assert anyone.post(link, data={"email": "next.address@example.com"}).status_code == 302
    refused(link)  # used once
    assert email_of(app, user.id) == "next.address@example.com"


def test_a_password_change_voids_a_pending_link(app, client, make, login, run_tasks):
    user = make.user()
    login(user)
    ask_email_change(client, user, "next.address@example.com")
    run_tasks()
    link = link_path(outbox(app)[-1], CONFIRM)
    new = "another passphrase 2026"
    client.post("/account/password", data={"current_password": user.password,
                                           "new_password": new, "confirm": new})
    response = client.post(link, data={"email": "next.address@example.com"})
    assert response.status_code == 400 and LINK_REFUSED in response.data
    assert email_of(app, user.id) == user.email


def test_the_confirmation_applies_the_address_the_page_showed(app, client, make, login,
                                                              run_tasks):
    user = make.user()
    login(user)
    ask_email_change(client, user, "next.address@example.com")
    run_tasks()
    link = link_path(outbox(app)[-1], CONFIRM)
    for data in ({}, {"email": "someone.else@example.com"}):
        response = client.post(link, data=data)
        assert response.status_code == 200 and b'role="alert"' in response.data
    assert b"Confirm the address shown on this page." in response.data
    assert email_of(app, user.id) == user.email


def test_an_address_taken_since_the_link_was_sent_is_refused(app, client, make, login,
                                                             run_tasks):
    user = make.user()
    login(user)
    ask_email_change(client, user, "wanted@example.com")
    run_tasks()
    link = link_path(outbox(app)[-1], CONFIRM)
    make.user(email="wanted@example.com")  # another company's new account
    response = client.post(link, data={"email": "wanted@example.com"})
    assert response.status_code == 200
    assert b"has been taken by another account since you asked" in response.data
    assert email_of(app, user.id) == user.email


def test_an_address_with_an_account_elsewhere_is_answered_like_a_free_one(
        app, client, make, login, run_tasks, two_companies):
    ours, theirs, owner = two_companies
    user, colleague = make.user(ours, role="viewer"), make.user(ours, role="staff")
    untouched = account(app, owner.id)
    login(user)
    first_event = next_event_id(app)
    refused = ask_email_change(client, user, colleague.email.upper())
    assert b"That email address is already in use." in refused.data  # a colleague: by name
    answers = []
    for email in ("free.address@example.com", owner.email):
        response = ask_email_change(client, user, email)
        answers.append((response.status_code, response.headers.get("Location"),
                        [m.replace(email, "@") for m in flashed(client, "/")]))
    assert answers[0] == answers[1]
    assert answers[0] == (302, "/", ["We sent a link to @. Your email changes when you follow it."])
    asked = events_since(app, first_event, ours.id)
    assert [e.action for e in asked] == ["email_change_requested"] * 2
    assert shape(asked[0], "free.address@example.com") == shape(asked[1], owner.email)
    assert events_since(app, first_event, theirs.id) == []
    # The worker: a link to the free address, a notice (no link) to the owner.
    assert run_tasks() == 2
    link_mail, notice = outbox(app)
    assert link_mail.to == ["free.address@example.com"] and CONFIRM in link_mail.body
    assert notice.to == [owner.email] and "http" not in notice.body
    text = " ".join(notice.body.split())
    for expected in (f"Someone asked to use {owner.email} as the sign-in email of an account "
                     "with Acme HK Limited", "already has an account", "nothing changed"):
        assert expected in text, expected
    assert email_of(app, user.id) == user.email
    assert account(app, owner.id) == untouched


# --- Timing, against a real worker and SMTP server ------------------------------------------

def test_free_and_taken_addresses_take_the_same_time_and_the_worker_mails(
        app, make, login, slow_smtp, start_worker, two_companies):
    """Requests alternate between a free address and the owner's, so load on this shared
    machine slows both alike; medians shrug off an outlier (as in test_reset_requests)."""
    ours, _, owner = two_companies
    admin = login(make.user(ours, role="admin"), the_client=app.test_client())
    asker = make.user(ours, role="viewer")
    user = login(asker, the_client=app.test_client())
    start_worker(slow_smtp.port)
    seconds: dict[str, list[float]] = {"free": [], "taken": []}

    def timed(kind: str, send: Callable[[], Any]) -> None:
        started = time.perf_counter()
        response = send()
        seconds[kind].append(time.perf_counter() - started)
        assert response.status_code == 302

    for n in range(5):
        for kind, invited, wanted in (("free", f"new{n}@example.com", f"mine{n}@example.com"),
                                      ("taken", owner.email, owner.email)):
            timed(kind, partial(admin.post, "/company/users/new", data={
                "full_name": "New Person", "email": invited, "role": "staff"}))
            timed(kind, partial(ask_email_change, user, asker, wanted))
    free, taken = (statistics.median(times) for times in seconds.values())
    assert free < SMTP_SECONDS and abs(free - taken) < SMTP_SECONDS / 2, (free, taken)
    # 5 invitations and 5 links to the free addresses, 10 notices to the owner.
    wait_for(lambda: len(slow_smtp.received) >= 20, 60, message="the account e-mails")
    time.sleep(1)  # anything else it would wrongly send arrives meanwhile
    to = sorted(r.recipients[0] for r in slow_smtp.received)
    assert to == sorted([owner.email] * 10 + [f"new{n}@example.com" for n in range(5)]
                        + [f"mine{n}@example.com" for n in range(5)])
    assert email_of(app, asker.id) == asker.email

"""Sign-ins and refused accesses reach the audit log: who, what, when, from where; no secrets."""

from __future__ import annotations

import json
import logging
import re

import sqlalchemy as sa

from tests.account_mail import outbox
from tests.security.world import client_as
from tracker.audit.models import AuditEvent
from tracker.extensions import db


def events(app, action: str | None = None) -> list[AuditEvent]:
    with app.app_context():
        statement = sa.select(AuditEvent).order_by(AuditEvent.id)
        if action:
            statement = statement.where(AuditEvent.action == action)
        found = list(db.session.scalars(statement))
        db.session.expunge_all()
        return found


def test_sign_in_success_and_failure_say_who_when_and_from_where(app, client, make):
    user = make.user()
    client.post("/login", data={"email": user.email, "password": "wrong password here"},
                environ_base={"REMOTE_ADDR": "203.0.113.7"})
    client.post("/login", data={"email": "nobody@example.com", "password": "whatever12345"})
    client.post("/login", data={"email": user.email, "password": user.password})
    failed_known, failed_unknown = events(app, "sign_in_failed")
    assert (failed_known.user_id, failed_known.company_id) == (user.id, user.company_id)
    assert failed_known.ip == "203.0.113.7" and failed_known.created_at is not None
    assert failed_unknown.user_id is None and "nobody@example.com" in failed_unknown.summary
    [success] = events(app, "sign_in")
    assert (success.user_id, success.ip) == (user.id, "127.0.0.1")


def test_a_403_is_audited_with_the_route_and_the_role_it_needs(app, world):
    client_as(app, world.viewer).get("/company/users",
                                     environ_base={"REMOTE_ADDR": "198.51.100.4"})
    [denied] = events(app, "denied")
    assert (denied.user_id, denied.company_id) == (world.viewer.id, world.company_a.id)
    assert denied.ip == "198.51.100.4"
    assert denied.summary == "403 GET /company/users needs admin"


def test_a_403_on_an_object_names_it(app, world):
    client_as(app, world.staff).post(f"/company/users/{world.viewer.id}", data={"role": "admin"})
    [denied] = events(app, "denied")
    assert denied.summary == (
        f"403 POST /company/users/<int:user_id> (user_id={world.viewer.id}) needs admin")


def test_reaching_for_another_companys_record_is_audited(app, world):
    response = client_as(app, world.other_admin).get(f"/company/users/{world.staff.id}")
    assert response.status_code == 404
    [denied] = events(app, "denied")
    # For the operators only: not in company B's log, where it would tell B's admins
    # that the id exists (a missing id writes nothing).
    assert denied.user_id == world.other_admin.id and denied.company_id is None
    assert (denied.object_type, denied.object_id) == ("users", world.staff.id)
    assert "belongs to another company" in denied.summary
    log = client_as(app, world.other_admin).get("/audit?action=denied")
    assert log.status_code == 200 and b"Audit log" in log.data
    assert b"belongs to another company" not in log.data


def test_a_plain_404_is_not_a_denial(app, world):
    assert client_as(app, world.admin).get("/company/users/987654").status_code == 404
    assert client_as(app, world.admin).get("/no/such/page").status_code == 404
    assert events(app, "denied") == []


def test_no_password_or_token_is_ever_logged(app, client, make, login, caplog, run_tasks):
    caplog.set_level(logging.DEBUG)
    admin = make.user(role="admin")
    secrets = [admin.password, "typo'd password 123", "second new passphrase 9",
               "third fresh passphrase 8"]
    client.post("/login", data={"email": admin.email, "password": secrets[1]})
    login(admin)
    client.post("/account/password", data={"current_password": admin.password,
                                           "new_password": secrets[2], "confirm": secrets[2]})
    client.post("/account/email", data={"email": "renamed@example.com",
                                        "current_password": secrets[2]})
    run_tasks()  # the worker's part: the confirmation link
    confirm = re.search(r"/account/email/confirm/(\S+)", outbox(app)[-1].body).group(1)
    client.post(f"/account/email/confirm/{confirm}", data={"email": "renamed@example.com"})
    client.post("/company/users/new", data={"full_name": "New Colleague",
                                            "email": "colleague@example.com", "role": "staff"})
    client.post("/reset", data={"email": "renamed@example.com"})
    run_tasks()  # the invitation and the reset e-mail
    tokens = [m.group(1) for mail in outbox(app)
              for m in [re.search(r"/reset/(\S+)", mail.body)] if m]
    assert len(tokens) == 2  # the invitation and the reset link
    client.post(f"/reset/{tokens[-1]}", data={"new_password": secrets[3], "confirm": secrets[3]})
    tokens.append(confirm)

    logged = json.dumps([[e.action, e.summary, e.changes] for e in events(app)])
    logged += caplog.text
    assert "password_changed" in logged and "renamed@example.com" in logged  # it did log
    for secret in secrets + tokens:
        assert secret not in logged
    for event in events(app):
        assert not any("password" in key or "token" in key for key in (event.changes or {}))

"""Company admins manage their users; roles are enforced; companies are isolated."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.account_mail import outbox
from tracker.auth.models import User
from tracker.extensions import db


def test_admin_invites_a_user_who_sets_a_password(app, client, make, login, run_tasks):
    admin = make.user(role="admin")
    login(admin)
    response = client.post("/company/users/new", data={
        "full_name": "Chan Tai Man", "email": "TM.Chan@Example.com", "role": "viewer"})
    assert response.status_code == 302
    assert outbox(app) == []  # the worker sends it, as for an address with an account elsewhere
    assert run_tasks() == 1
    mail = outbox(app)[-1]
    assert mail.to == ["tm.chan@example.com"]
    link = mail.body.split("http://127.0.0.1:5000", 1)[1].split()[0]
    anon = app.test_client()
    password = "invited user passphrase"
    assert anon.post(link, data={"new_password": password, "confirm": password}).status_code == 302
    assert anon.post("/login", data={"email": "tm.chan@example.com",
                                     "password": password}).status_code == 302


def test_a_colleagues_email_is_refused(client, make, login, run_tasks):
    company = make.company()
    admin, colleague = make.user(company, role="admin"), make.user(company)
    login(admin)
    response = client.post("/company/users/new", data={
        "full_name": "Twin", "email": colleague.email.upper(), "role": "staff"})
    assert response.status_code == 200
    assert f"A user with email {colleague.email} already exists.".encode() in response.data
    assert run_tasks() == 0


@pytest.mark.parametrize("role,status", [("viewer", 403), ("staff", 403), ("admin", 200)])
def test_only_admins_manage_users(client, make, login, role, status):
    login(make.user(role=role))
    assert client.get("/company/users").status_code == status
    assert client.get("/company/settings").status_code == status


def test_last_admin_cannot_demote_or_deactivate_themselves(app, client, make, login):
    admin = make.user(role="admin")
    login(admin)
    response = client.post(f"/company/users/{admin.id}", data={"role": "staff", "active": "y"},
                           follow_redirects=True)
    assert b"at least one active admin" in response.data
    client.post(f"/company/users/{admin.id}", data={"role": "admin"}, follow_redirects=True)
    with app.app_context():
        stored = db.session.get(User, admin.id)
        assert (stored.role, stored.active) == ("admin", True)


def test_admin_can_demote_when_another_admin_exists(app, client, make, login):
    company = make.company()
    admin = make.user(company, role="admin")
    make.user(company, role="admin")
    login(admin)
    client.post(f"/company/users/{admin.id}", data={"role": "staff", "active": "y"})
    with app.app_context():
        assert db.session.get(User, admin.id).role == "staff"


def test_other_companys_user_is_404(client, make, login):
    login(make.user(role="admin"))
    stranger = make.user(role="staff")
    assert client.get(f"/company/users/{stranger.id}").status_code == 404
    assert client.post(f"/company/users/{stranger.id}", data={"role": "admin"}).status_code == 404


def test_user_list_shows_only_own_company(client, make, login):
    company = make.company()
    login(make.user(company, role="admin"))
    colleague = make.user(company, role="viewer")
    stranger = make.user(role="staff")
    page = client.get("/company/users").data.decode()
    assert colleague.email in page
    assert stranger.email not in page


def test_settings_reject_bad_offsets_and_change_nothing(app, client, make, login):
    admin = make.user(role="admin")
    login(admin)
    response = client.post("/company/settings", data={
        "name": "Renamed Ltd", "contact_email": "hr@x.example",
        "quota_reminder_offsets": "30, soon"})
    assert b"whole numbers" in response.data
    with app.app_context():
        company = db.session.scalar(sa.select(User).where(User.id == admin.id)).company
        assert company.name != "Renamed Ltd"


def test_settings_change_is_audited_with_old_and_new_values(app, client, make, login):
    admin = make.user(role="admin")
    login(admin)
    response = client.post("/company/settings", data={
        "name": "Renamed Ltd", "contact_email": "hr@renamed.example",
        "quota_reminder_offsets": "30, 90"})
    assert response.status_code == 302
    from tracker.audit.models import AuditEvent
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.object_type == "company", AuditEvent.action == "update"))
        assert event.changes["name"][1] == "Renamed Ltd"
        assert event.changes["quota_reminder_offsets"] == ["90,60,30,14,7,1", "90,30"]

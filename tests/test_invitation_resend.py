"""Resending an invitation from the Users page (issue 17): a fresh link, the old one void.

The worker mails the new link like the first invitation; the link sent before
no longer sets a password; the company's log records who resent it; resends
per invitee are throttled; admins only, their own company's invitees only; the
answers read in English and Chinese.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.account_mail import link_path, outbox
from tracker.audit.models import AuditEvent
from tracker.auth.services import find_user_by_email
from tracker.extensions import db

ZH = {"Accept-Language": "zh-HK,zh;q=0.9"}
PASSWORD = "invited user passphrase"


@pytest.fixture
def admin(make, login, company):
    user = make.user(company, role="admin")
    login(user)
    return user


@pytest.fixture
def invitee(app, client, admin, run_tasks):
    """An invited colleague whose first invitation the worker mailed: id, email, link."""
    client.post("/company/users/new", data={"full_name": "Chan Tai Man",
                                            "email": "tm.chan@example.com", "role": "staff"})
    assert run_tasks() == 1
    first = link_path(outbox(app).pop(), "/reset/")
    return {"id": user_id(app, "tm.chan@example.com"), "email": "tm.chan@example.com",
            "link": first}


def user_id(app, email: str) -> int:
    with app.app_context():
        return find_user_by_email(email).id


def resend(client, user_id: int, headers=None):
    return client.post(f"/company/users/{user_id}/resend-invitation", headers=headers or {},
                       follow_redirects=True)


def alerts(response) -> str:
    return " ".join(re.findall(r'role="alert"[^>]*>\s*([^<]*)<', response.get_data(as_text=True)))


def sets_password(app, link: str) -> int:
    anon = app.test_client()
    return anon.post(link, data={"new_password": PASSWORD, "confirm": PASSWORD}).status_code


def test_the_users_page_offers_resend_for_pending_invitations_only(client, admin, invitee):
    page = client.get("/company/users").get_data(as_text=True)
    assert page.count(">Resend</button>") == 1
    assert f'action="/company/users/{invitee["id"]}/resend-invitation"' in page
    assert f'/company/users/{admin.id}/resend-invitation' not in page  # has a password


def test_a_resend_mails_a_fresh_link_and_voids_the_old_one(app, client, admin, invitee,
                                                           run_tasks):
    answer = resend(client, invitee["id"])
    assert "A new invitation was sent to tm.chan@example.com. The link sent before no " \
           "longer works." in alerts(answer)
    assert run_tasks() == 1
    mail = outbox(app)[-1]
    assert mail.to == ["tm.chan@example.com"] and "invited you" in mail.subject
    fresh = link_path(mail, "/reset/")
    assert fresh != invitee["link"]
    # The old link is refused (back to "ask for a new link"), the new one sets the password.
    old = app.test_client().get(invitee["link"])
    assert old.status_code == 302 and old.headers["Location"].endswith("/reset")
    assert sets_password(app, fresh) == 302
    assert app.test_client().post("/login", data={"email": "tm.chan@example.com",
                                                  "password": PASSWORD}).status_code == 302
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.action == "invitation_resent"))
        assert (event.object_id, event.user_id, event.company_id) == (
            invitee["id"], admin.id, admin.company_id)
    log = client.get("/audit").get_data(as_text=True)
    assert "Invitation resent" in log and "Chan Tai Man</a>" in log
    # Accepted now: nothing left to resend.
    assert "no invitation to resend" in alerts(resend(client, invitee["id"]))
    assert run_tasks() == 0


def test_resends_are_throttled_per_invitee(app, client, admin, invitee, run_tasks, make,
                                           company):
    for _ in range(3):
        assert "A new invitation was sent" in alerts(resend(client, invitee["id"]))
    refused = resend(client, invitee["id"])
    assert re.search(r"This invitation has been resent too often\. Try again in \d+ minutes?\.",
                     alerts(refused))
    assert run_tasks() == 3  # none for the refused one
    # Another invitee is not held up.
    client.post("/company/users/new", data={"full_name": "Wong Ka Yan",
                                            "email": "ky.wong@example.com", "role": "viewer"})
    other = user_id(app, "ky.wong@example.com")
    assert "A new invitation was sent" in alerts(resend(client, other))


def test_only_admins_and_only_their_companys_invitees(app, make, login, company, invitee):
    url = f"/company/users/{invitee['id']}/resend-invitation"
    for role in ("staff", "viewer"):
        colleague = login(make.user(company, role=role), the_client=app.test_client())
        assert colleague.post(url).status_code == 403
    stranger = login(make.user(role="admin"), the_client=app.test_client())  # other company
    assert stranger.post(url).status_code == 404
    assert sets_password(app, invitee["link"]) == 302  # nothing was resent: still valid


def test_a_deactivated_invitee_is_refused(app, client, admin, invitee, run_tasks):
    client.post(f"/company/users/{invitee['id']}", data={"role": "staff"})  # deactivates
    assert "reactivate them" in alerts(resend(client, invitee["id"]))
    assert run_tasks() == 0


def test_resend_reads_in_chinese(app, client, admin, invitee, run_tasks):
    page = client.get("/company/users", headers=ZH).get_data(as_text=True)
    assert ">重新發送</button>" in page and "重新發送邀請給 tm.chan@example.com" in page
    assert ">Resend<" not in page
    answer = alerts(resend(client, invitee["id"], ZH))
    assert "已向 tm.chan@example.com 發送新的邀請。之前發送的連結已失效。" in answer
    assert "A new invitation" not in answer
    for _ in range(2):
        resend(client, invitee["id"], ZH)
    throttled = alerts(resend(client, invitee["id"], ZH))
    assert "此邀請重新發送次數過多" in throttled and "too often" not in throttled

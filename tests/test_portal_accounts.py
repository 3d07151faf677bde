"""Candidate portal accounts (issue 19): HR invites, the link sets a password once and
expires with the company's setting, sign-in by password or e-mailed code, sign-out,
revocation ending an active session at once, and every step audited."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.account_mail import outbox
from tests.portal_helpers import (
    PASSWORD,
    accept,
    invite,
    mailed_code,
    mailed_link,
    signed_up,
)
from tests.queued_tasks import run_queued
from tests.reminder_fixtures import purge_queue
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.portal.models import PortalAccount, PortalInvitation, PortalSignInCode

EMAIL = "wong.kayan@example.com"


@pytest.fixture(autouse=True)
def _empty_queue(app):
    purge_queue(app)  # nothing queued by an earlier test is mailed in this one
    yield
    purge_queue(app)


@pytest.fixture
def person(make, company):
    return make.candidate(company, full_name="Wong Ka Yan", email=EMAIL)


def actions(app, company_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent.action).where(
            AuditEvent.company_id == company_id).order_by(AuditEvent.id)))


def account_row(app, candidate_id: int) -> PortalAccount:
    with app.app_context():
        account = db.session.scalar(sa.select(PortalAccount).where(
            PortalAccount.candidate_id == candidate_id))
        assert account is not None
        db.session.expunge(account)
        return account


def test_invite_mail_link_password_home(app, client, staff, person, make, company):
    """The whole first visit: the mail in the candidate's language, the link, the home."""
    make.case(company, candidate=person)
    response = invite(client, person.id, "  Wong.KaYan@Example.com ")
    assert response.status_code == 302
    page = client.get(f"/candidates/{person.id}").get_data(as_text=True)
    assert "Invited at wong.kayan@example.com; the link works until" in page
    link = mailed_link(app)
    mail = outbox(app)[-1]
    assert mail.to == [EMAIL]
    assert company.name in mail.subject
    candidate = accept(app, link)
    home = candidate.get("/portal/").get_data(as_text=True)
    assert "Your applications" in home
    assert "General Employment Policy" in home and "Research Engineer" in home
    assert "Your employer has started your application." in home  # the draft stage's words
    # The link is used up: opening it again says so, and it sets nothing.
    again = app.test_client()
    assert again.get(link).status_code == 400
    assert again.post(link, data={"new_password": "x" * 20, "confirm": "x" * 20}
                      ).status_code == 400
    assert "Active at wong.kayan@example.com" in client.get(
        f"/candidates/{person.id}").get_data(as_text=True)
    assert actions(app, company.id)[-3:] == ["portal_invited", "portal_password_set",
                                             "portal_sign_in"]


def test_the_invitation_mail_goes_out_over_smtp(app, client, staff, person, smtp_mail):
    """A real SMTP server receives it, with the link in both parts."""
    assert invite(client, person.id, EMAIL).status_code == 302
    assert run_queued(app, "portal.") == 1
    received = smtp_mail.received[-1]
    assert received.recipients == [EMAIL]
    assert "/portal/invitation/" in received.part("plain")
    assert "/portal/invitation/" in received.part("html")


def test_the_invitation_is_in_the_candidates_language(app, client, staff, person, login,
                                                      make, company):
    """A candidate whose account is in Chinese gets the Chinese e-mail."""
    candidate = signed_up(app, client, person.id, EMAIL)
    candidate.post("/language", data={"language": "zh_Hant", "next": "/portal/"})
    assert "你的申請" in candidate.get("/portal/").get_data(as_text=True)
    assert account_row(app, person.id).language == "zh_Hant"
    assert invite(client, person.id, EMAIL).status_code == 302
    link = mailed_link(app)
    assert outbox(app)[-1].subject == f"{company.name}邀請你使用其候選人專區"
    assert "請在此設定你的密碼" in outbox(app)[-1].body
    page = app.test_client().get(link, headers={"Accept-Language": "zh-HK"})
    assert "設定你的密碼" in page.get_data(as_text=True)


def test_a_new_invitation_voids_the_older_link(app, client, staff, person):
    invite(client, person.id, EMAIL)
    first = mailed_link(app)
    invite(client, person.id, EMAIL)
    second = mailed_link(app)
    assert app.test_client().get(first).status_code == 400
    accept(app, second)


def test_the_link_expires_after_the_companys_days(app, client, staff, person, clock, make,
                                                  company, login):
    admin = make.user(company, role="admin")
    admin_client = app.test_client()
    admin_client.post("/login", data={"email": admin.email, "password": admin.password})
    response = admin_client.post("/company/settings", data={
        "name": company.name, "contact_email": "hr@example.com",
        "quota_reminder_offsets": "30", "portal_invitation_days": "2"})
    assert response.status_code == 302
    invite(client, person.id, EMAIL)
    link = mailed_link(app)
    clock.advance(days=1, hours=23)
    assert app.test_client().get(link).status_code == 200
    clock.advance(hours=2)
    assert app.test_client().get(link).status_code == 400
    login(staff)  # two days idle ended the HR session too
    assert "the invitation has expired" in client.get(
        f"/candidates/{person.id}").get_data(as_text=True)


def test_the_setting_is_refused_out_of_range(app, make, company):
    admin = make.user(company, role="admin")
    admin_client = app.test_client()
    admin_client.post("/login", data={"email": admin.email, "password": admin.password})
    response = admin_client.post("/company/settings", data={
        "name": company.name, "contact_email": "hr@example.com",
        "quota_reminder_offsets": "30", "portal_invitation_days": "31"})
    assert response.status_code == 200
    assert "Number must be between 1 and 30." in response.get_data(as_text=True)


def test_the_password_follows_hrs_rules(app, client, staff, person):
    invite(client, person.id, EMAIL)
    link = mailed_link(app)
    browser = app.test_client()
    page = browser.post(link, data={"new_password": "short", "confirm": "short"})
    assert page.status_code == 200
    assert "Use at least 12 characters." in page.get_data(as_text=True)
    common = "password1234"
    page = browser.post(link, data={"new_password": common, "confirm": common})
    assert "common or leaked" in page.get_data(as_text=True)
    assert account_row(app, person.id).password_hash is None
    assert browser.get(link).status_code == 200  # still unused


def test_password_sign_in_and_generic_failure(app, client, staff, person, company):
    signed_up(app, client, person.id, EMAIL)
    browser = app.test_client()
    wrong = browser.post("/portal/sign-in", data={"email": EMAIL, "password": "wrong one"})
    unknown = browser.post("/portal/sign-in", data={"email": "nobody@example.com",
                                                    "password": PASSWORD})
    for page in (wrong, unknown):
        assert page.status_code == 200
        assert "Email or password not recognised." in page.get_data(as_text=True)
    assert browser.get("/portal/").status_code == 302
    ok = browser.post("/portal/sign-in", data={"email": EMAIL.upper(), "password": PASSWORD})
    assert ok.status_code == 302 and ok.headers["Location"].endswith("/portal/")
    assert browser.get("/portal/").status_code == 200
    assert "portal_sign_in_failed" in actions(app, company.id)


def test_code_sign_in(app, client, staff, person, company):
    signed_up(app, client, person.id, EMAIL)
    browser = app.test_client()
    response = browser.post("/portal/code", data={"email": EMAIL})
    assert response.status_code == 302
    code = mailed_code(app)
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert EMAIL in page  # the address is filled in
    ok = browser.post("/portal/code/enter", data={"email": EMAIL, "code": code})
    assert ok.status_code == 302
    assert browser.get("/portal/").status_code == 200
    # Single use.
    other = app.test_client()
    used = other.post("/portal/code/enter", data={"email": EMAIL, "code": code})
    assert "Code not recognised" in used.get_data(as_text=True)
    assert "portal_code_sent" in actions(app, company.id)


def test_a_code_for_an_unknown_address_is_answered_alike(app):
    browser = app.test_client()
    response = browser.post("/portal/code", data={"email": "nobody@example.com"})
    assert response.status_code == 302
    assert run_queued(app, "portal.") == 1
    assert outbox(app) == []


def test_a_code_expires_after_ten_minutes(app, client, staff, person, clock):
    signed_up(app, client, person.id, EMAIL)
    browser = app.test_client()
    browser.post("/portal/code", data={"email": EMAIL})
    code = mailed_code(app)
    clock.advance(minutes=10, seconds=1)
    late = browser.post("/portal/code/enter", data={"email": EMAIL, "code": code})
    assert "Code not recognised" in late.get_data(as_text=True)
    assert browser.get("/portal/").status_code == 302


def test_five_wrong_codes_use_the_code_up(app, client, staff, person):
    signed_up(app, client, person.id, EMAIL)
    browser = app.test_client()
    browser.post("/portal/code", data={"email": EMAIL})
    code = mailed_code(app)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        page = browser.post("/portal/code/enter", data={"email": EMAIL, "code": wrong})
        assert "Code not recognised" in page.get_data(as_text=True)
    late = app.test_client().post("/portal/code/enter", data={"email": EMAIL, "code": code})
    assert late.status_code in (200, 429)
    assert app.test_client().get("/portal/").status_code == 302
    with app.app_context():
        row = db.session.scalar(sa.select(PortalSignInCode))
        assert row.attempts == 5 and row.used_at is not None


def test_the_code_form_says_what_is_wrong(app):
    page = app.test_client().post("/portal/code/enter", data={"email": EMAIL, "code": "12ab"})
    assert page.status_code == 200
    assert "The code has 6 digits." in page.get_data(as_text=True)


def test_password_sign_in_is_throttled(app, client, staff, person):
    signed_up(app, client, person.id, EMAIL)
    browser = app.test_client()
    for _ in range(5):
        assert browser.post("/portal/sign-in", data={"email": EMAIL, "password": "nope nope"}
                            ).status_code == 200
    refused = browser.post("/portal/sign-in", data={"email": EMAIL, "password": PASSWORD})
    assert refused.status_code == 429
    assert "Too many attempts." in refused.get_data(as_text=True)
    assert browser.get("/portal/").status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(
            AuditEvent.action == "portal_sign_in_throttled")) == 1


def test_code_entry_is_throttled(app, client, staff, person):
    signed_up(app, client, person.id, EMAIL)
    browser = app.test_client()
    for _ in range(5):
        browser.post("/portal/code/enter", data={"email": EMAIL, "code": "000000"})
    assert browser.post("/portal/code/enter", data={"email": EMAIL, "code": "000000"}
                        ).status_code == 429


def test_sign_out_ends_every_session(app, client, staff, person, company):
    candidate = signed_up(app, client, person.id, EMAIL)
    second = app.test_client()
    second.post("/portal/sign-in", data={"email": EMAIL, "password": PASSWORD})
    assert second.get("/portal/").status_code == 200
    assert candidate.post("/portal/sign-out").status_code == 302
    assert candidate.get("/portal/").status_code == 302
    assert second.get("/portal/").status_code == 302
    assert "portal_sign_out" in actions(app, company.id)


def test_revoking_ends_an_active_session_at_once(app, client, staff, person, company):
    candidate = signed_up(app, client, person.id, EMAIL)
    assert candidate.get("/portal/").status_code == 200
    assert client.post(f"/candidates/{person.id}/portal/revoke").status_code == 302
    response = candidate.get("/portal/")
    assert response.status_code == 302 and "/portal/sign-in" in response.headers["Location"]
    refused = app.test_client().post("/portal/sign-in", data={"email": EMAIL,
                                                              "password": PASSWORD})
    assert "Email or password not recognised." in refused.get_data(as_text=True)
    assert "Access revoked on" in client.get(f"/candidates/{person.id}").get_data(as_text=True)
    assert actions(app, company.id)[-1] == "portal_revoked"
    # Inviting again reopens the account with a new link.
    signed_up(app, client, person.id, EMAIL)


def test_revoking_voids_an_unused_link(app, client, staff, person):
    invite(client, person.id, EMAIL)
    link = mailed_link(app)
    client.post(f"/candidates/{person.id}/portal/revoke")
    assert app.test_client().get(link).status_code == 400


def test_a_changed_address_drops_the_old_password(app, client, staff, person):
    signed_up(app, client, person.id, EMAIL)
    invite(client, person.id, "new.address@example.com")
    account = account_row(app, person.id)
    assert account.email == "new.address@example.com" and account.password_hash is None
    refused = app.test_client().post("/portal/sign-in", data={"email": EMAIL,
                                                              "password": PASSWORD})
    assert "not recognised" in refused.get_data(as_text=True)


def test_hr_of_another_company_cannot_invite_or_revoke(app, client, staff, person, make,
                                                       login):
    signed_up(app, client, person.id, EMAIL)
    other = make.user(make.company(), role="admin")
    outsider = login(other, the_client=app.test_client())
    assert invite(outsider, person.id, "x@example.com").status_code == 404
    assert outsider.post(f"/candidates/{person.id}/portal/revoke").status_code == 404
    account = account_row(app, person.id)
    assert account.active and account.email == EMAIL


def test_a_viewer_sees_the_state_but_cannot_invite(app, person, make, company, login):
    viewer = make.user(company, role="viewer")
    browser = login(viewer, the_client=app.test_client())
    page = browser.get(f"/candidates/{person.id}").get_data(as_text=True)
    assert "Not invited." in page and "Invite to the portal" not in page
    assert invite(browser, person.id, EMAIL).status_code == 403


def test_a_bad_address_is_refused_with_a_message(app, client, staff, person):
    response = invite(client, person.id, "not an address")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Invalid email address." in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PortalInvitation.id))) == 0


def test_the_case_page_has_the_panel(app, client, staff, person, make, company):
    case = make.case(company, candidate=person)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="portal-panel"' in page and "Not invited." in page
    response = client.post(f"/candidates/{person.id}/portal/invite",
                           data={"email": EMAIL, "next": f"/cases/{case.id}"})
    assert response.headers["Location"].endswith(f"/cases/{case.id}")


def test_invitations_of_one_person_are_throttled(app, client, staff, person, make, company):
    limit = int(app.config["INVITE_RESEND_LIMIT"].split()[0])
    for _ in range(limit):
        assert invite(client, person.id, EMAIL).status_code == 302
    held = invite(client, person.id, EMAIL)
    page = client.get(held.headers["Location"]).get_data(as_text=True)
    assert "This invitation has been resent too often." in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PortalInvitation.id))) == limit
    # Another person of the company is not held back.
    other = make.candidate(company)
    assert invite(client, other.id, "someone.else@example.com").status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PortalInvitation.id))) == limit + 1


def test_code_requests_are_throttled_per_address_without_telling(app, client, staff, person):
    signed_up(app, client, person.id, EMAIL)
    outbox(app).clear()
    limit = int(app.config["RESET_LIMIT_PER_ADDRESS"].split()[0])
    browser = app.test_client()
    answers = [browser.post("/portal/code", data={"email": EMAIL}) for _ in range(limit + 1)]
    assert {a.status_code for a in answers} == {302}
    assert {a.headers["Location"] for a in answers} == {"/portal/code/enter"}
    assert run_queued(app, "portal.") == limit  # the one past the limit queued nothing
    assert len(outbox(app)) == limit

"""A dependant's reminders go to the owner of the principal's case in force (issue 16).

Real scan and real SMTP (aiosmtpd): `flask send-reminders --today …` claims and sends
in-process; only "today" is simulated.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tests.reminders import builders as build
from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.rules.workflow import derived_values

LIMIT = date(2030, 9, 1)  # the family's limit of stay
FOUR_MONTHS = date(2030, 5, 1)  # the stay reminders' first offset (rules/stay.py)
THREE_MONTHS = date(2030, 6, 1)
SIX_WEEKS = date(2030, 7, 21)


def send_reminders(runner, day: date) -> str:
    result = runner.invoke(args=["send-reminders", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def household(app, make):
    """Two staff members, an admin, and a principal whose active case (owned by the first
    staff member) sponsors a spouse's active dependant visa to the same limit of stay."""
    company = make.company("Acme Robotics Limited")
    users = {key: make.user(company, role=role, password=None, email=f"{key}@acme.example")
             for key, role in (("admin", "admin"), ("owner", "staff"), ("other", "staff"))}
    principal = build.candidate(app, company.id, "Chan Tai Man")
    sponsor = build.case(app, company.id, principal, limit_of_stay_until=LIMIT,
                         owner_id=users["owner"].id)
    spouse = build.candidate(app, company.id, "Mei Chan")
    with app.app_context():
        db.session.execute(sa.update(Candidate).where(Candidate.id == spouse)
                           .values(principal_id=principal, relation="spouse"))
        db.session.commit()
    spouse_case = build.case(app, company.id, spouse, scheme="DEP", kind="dependant",
                             parent_case_id=sponsor, limit_of_stay_until=LIMIT)
    return {"company": company, "users": users, "sponsor": sponsor, "spouse": spouse,
            "spouse_case": spouse_case}


def mail_about(smtp_mail, name: str) -> list[list[str]]:
    """The recipients of each e-mail received whose subject names *name*."""
    return [sorted(m.recipients) for m in smtp_mail.received if name in m.subject]


def set_owner(app, case_id: int, owner_id: int | None) -> None:
    with app.app_context():
        db.session.execute(sa.update(Case).where(Case.id == case_id).values(owner_id=owner_id))
        db.session.commit()


def test_the_dependant_s_stay_reminder_goes_to_the_principal_s_case_owner(
        app, runner, smtp_mail, household):
    send_reminders(runner, FOUR_MONTHS)
    assert mail_about(smtp_mail, "Limit of stay of Mei Chan") == [["owner@acme.example"]]
    # The principal's own reminder still goes to every staff member and admin.
    assert mail_about(smtp_mail, "Limit of stay of Chan Tai Man") == [
        ["admin@acme.example", "other@acme.example", "owner@acme.example"]]
    (row,) = build.ledger(app, kind="stay_expiry", object_id=household["spouse_case"])
    assert (row["status"], row["recipients"]) == ("sent", "owner@acme.example")


def test_a_reassigned_principal_case_takes_its_new_owner_and_each_offset_goes_once(
        app, runner, smtp_mail, household):
    send_reminders(runner, FOUR_MONTHS)
    set_owner(app, household["sponsor"], household["users"]["other"].id)
    smtp_mail.clear()
    send_reminders(runner, FOUR_MONTHS)  # the same day again: nothing goes twice
    assert smtp_mail.received == []
    send_reminders(runner, THREE_MONTHS)
    assert mail_about(smtp_mail, "Limit of stay of Mei Chan") == [["other@acme.example"]]
    rows = build.ledger(app, kind="stay_expiry", object_id=household["spouse_case"])
    assert [(r["offset_days"], r["status"], r["recipients"]) for r in rows] == [
        (120, "sent", "owner@acme.example"), (90, "sent", "other@acme.example")]


@pytest.mark.parametrize("owner", ["nobody", "opted_out", "inactive"])
def test_without_an_owner_taking_reminders_the_usual_recipients_get_it(
        app, runner, smtp_mail, household, owner):
    sponsor, owner_user = household["sponsor"], household["users"]["owner"]
    if owner == "nobody":
        set_owner(app, sponsor, None)
    else:
        build.set_user(app, owner_user.id, **({"quota_reminders_enabled": False}
                                              if owner == "opted_out" else {"active": False}))
    send_reminders(runner, FOUR_MONTHS)
    everyone = ["admin@acme.example", "other@acme.example", "owner@acme.example"]
    expected = everyone if owner == "nobody" else everyone[:2]
    assert mail_about(smtp_mail, "Limit of stay of Mei Chan") == [expected]


def test_the_owner_follows_the_principal_s_extension_that_holds_the_stay(
        app, runner, smtp_mail, household):
    """Once the principal's approved extension replaces the entry case, its owner is the
    one the dependant's reminders go to."""
    company, users = household["company"], household["users"]
    extension = build.case(app, company.id, _principal(app, household), stage="approved",
                           kind="extension", parent_case_id=household["sponsor"],
                           limit_of_stay_until=date(2033, 9, 1), owner_id=users["other"].id)
    with app.app_context():
        db.session.execute(sa.update(Case).where(Case.id == household["sponsor"])
                           .values(superseded_by_id=extension))
        db.session.commit()
    send_reminders(runner, SIX_WEEKS)
    assert mail_about(smtp_mail, "Limit of stay of Mei Chan") == [["other@acme.example"]]


def test_the_dependant_s_passport_reminder_goes_to_the_owner_too(
        app, runner, smtp_mail, household):
    with app.app_context():
        db.session.execute(sa.update(Candidate).where(Candidate.id == household["spouse"])
                           .values(passport_expiry=date(2030, 11, 1)))
        db.session.commit()
    send_reminders(runner, date(2030, 11, 1) - timedelta(days=183))
    assert mail_about(smtp_mail, "Passport of Mei Chan") == [["owner@acme.example"]]


def _principal(app, household) -> int:
    with app.app_context():
        return db.session.get_one(Case, household["sponsor"]).candidate_id


# --- A child under 11 on arrival: the HKID series counts to 30 days after turning 11 ---------

CHILD_BORN = date(2021, 3, 10)  # 9 on arrival (01/06/2030), 11 on 10/03/2032
CHILD_DUE = date(2032, 4, 9)


@pytest.fixture
def child_case(app, household) -> int:
    """The principal's child, who arrived at 9 on a dependant visa whose limit of stay an
    extension has since replaced (so the arrival's case is superseded)."""
    company = household["company"]
    child = build.candidate(app, company.id, "Kit Chan")
    arrived = date(2030, 6, 1)
    with app.app_context():
        db.session.execute(sa.update(Candidate).where(Candidate.id == child).values(
            principal_id=_principal(app, household), relation="child",
            date_of_birth=CHILD_BORN))
        db.session.commit()
        due = derived_values({"arrived_on": arrived}, CHILD_BORN)["hkid_due_on"]
    entry = build.case(app, company.id, child, scheme="DEP", kind="dependant",
                       parent_case_id=household["sponsor"], limit_of_stay_until=LIMIT,
                       arrived_on=arrived, hkid_due_on=due)
    later = build.case(app, company.id, child, scheme="DEP", kind="extension", stage="approved",
                       parent_case_id=entry, limit_of_stay_until=date(2033, 9, 1))
    with app.app_context():
        db.session.execute(sa.update(Case).where(Case.id == entry)
                           .values(superseded_by_id=later))
        db.session.commit()
    return entry


def test_a_child_under_11_on_arrival_is_reminded_before_30_days_after_turning_11(
        app, runner, smtp_mail, household, child_case, login, make):
    send_reminders(runner, CHILD_DUE - timedelta(days=14))
    (mail,) = [m for m in smtp_mail.received if "HKID" in m.subject]
    assert mail.subject == "HKID registration for Kit Chan due in 14 days (09/04/2032)"
    # Escalated (14 days): every admin too, besides the principal's case owner.
    assert sorted(mail.recipients) == ["admin@acme.example", "owner@acme.example"]
    for part in (mail.part("plain"), mail.part("html")):
        assert "09/04/2032 (within 30 days of turning 11)" in part
        assert "within 30 days of arrival" not in part
    # The case page says the same day, the same way.
    viewer = make.user(household["company"], role="staff")
    page = login(viewer).get(f"/cases/{child_case}").get_data(as_text=True)
    assert "registers within 30 days of turning 11, by 09/04/2032." in page
    assert "30 days after arrival" not in page
    (row,) = build.ledger(app, kind="hkid_due", object_id=child_case)
    assert (row["due_on"], row["offset_days"], row["status"]) == (CHILD_DUE, 14, "sent")


def test_the_child_s_hkid_reminder_reads_in_chinese(app, runner, smtp_mail, household,
                                                   child_case):
    build.set_user(app, household["users"]["owner"].id, language="zh_Hant")
    send_reminders(runner, CHILD_DUE - timedelta(days=3))
    (mail,) = [m for m in smtp_mail.received if m.recipients == ["owner@acme.example"]]
    text = mail.part("plain")
    assert "09/04/2032（年滿 11 歲後 30 日內）" in text
    assert "within 30 days" not in text and "抵港後 30 日內" not in text

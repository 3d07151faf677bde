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

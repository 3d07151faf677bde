"""A quota-expiry reminder for an allotment kept at the 12-month pre-fill says what the rule in
force gives (issue 13: the reminders came a year early), like the allotment page's flag."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from tests.reminders import builders as build
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment
from tracker.reminders.mail import Outgoing, compose
from tracker.reminders.models import ReminderLedger
from tracker.rules.techtas_rules import quota_validity

ALLOTTED = date(2029, 3, 1)


def allotment(app, company_id: int, valid_until: date) -> int:
    """An allotment dated ALLOTTED (the builder dates it a year before *valid_until*)."""
    allotment_id = build.allotment(app, company_id, valid_until)
    with app.app_context():
        db.session.execute(sa.update(QuotaAllotment).where(QuotaAllotment.id == allotment_id)
                           .values(allotment_date=ALLOTTED))
        db.session.commit()
    return allotment_id


def parts(app, company_id: int, allotment_id: int, valid_until: date) -> tuple[str, str]:
    """The text and HTML of the 30-day reminder, written as the worker writes it."""
    row_id = build.ledger_row(app, company_id, allotment_id, status="pending",
                              due_on=valid_until)
    with app.app_context():
        outgoing = compose(db.session.get_one(ReminderLedger, row_id),
                           valid_until - timedelta(days=30))
        assert isinstance(outgoing, Outgoing)
        return str(outgoing.message.body), str(outgoing.message.alternatives[0][0])


def test_the_reminder_of_a_12_month_pre_fill_names_the_24_months_in_force(app, make):
    company = make.company()
    make.user(company, role="admin")
    text, html = parts(app, company.id, allotment(app, company.id, date(2030, 3, 1)),
                       date(2030, 3, 1))
    assert ("Check the letter first: ITC gives quotas allotted on 01/03/2029 24 months, which "
            "makes them valid until 01/03/2031, not 01/03/2030.") in text
    assert f"Source: {quota_validity(ALLOTTED).source}." in text
    assert "Check the letter first:" in html and "01/03/2031" in html


def test_no_such_note_when_valid_until_is_what_the_rule_gives(app, make):
    company = make.company()
    make.user(company, role="admin")
    text, html = parts(app, company.id, allotment(app, company.id, date(2031, 3, 1)),
                       date(2031, 3, 1))
    assert "Check the letter" not in text and "Check the letter" not in html
    assert "01/03/2031" in text

"""Reminding candidates of what HR asked of them (issue 19), through the reminder ledger.

A request is outstanding while the candidate has something to do (requested, or returned
to them), it has a due date, its case is open, and the account is active. Each company
sets the rhythm: days before the due date (Company.portal_reminder_offsets, "7,3,1") and
one reminder once the date was missed by N days (Company.portal_overdue_days; recorded
as the offset -N; 0 sends none).

A ledger row is (portal_due, account, due date, offset): the requests of an account due
on one day are one series, so a batch HR asked with one date is one reminder per offset,
exactly once (the ledger's unique key). One e-mail per candidate per scan: when several
series reach an offset on the same day, the one due first is sent and the others are
recorded as skipped ("combined"), since that e-mail lists everything outstanding. A row
whose series was done meanwhile (submitted, accepted, its case closed, the account
revoked) is skipped when its turn comes ("not_due" / "portal_revoked").

The kind plugs into tracker/reminders through its hooks (tracker/reminders/hooks.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import url_for

from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.companies.models import Company
from tracker.extensions import db
from tracker.mail_message import mail_language
from tracker.portal import scope
from tracker.portal.home import request_label
from tracker.portal.models import OPEN_REQUEST_STATUSES, PortalAccount, PortalRequest
from tracker.reminders import services
from tracker.reminders.content import absolute_link
from tracker.reminders.hooks import KindHooks, register
from tracker.reminders.mail import Outgoing, items_count, write_messages
from tracker.reminders.models import ReminderLedger
from tracker.rules import reminders as rules
from tracker.rules.offsets import read_offsets
from tracker.rules.text import Text
from tracker.text import passport_name

KIND = rules.PORTAL_DUE
R, A, L = PortalRequest, PortalAccount, ReminderLedger


def outstanding() -> sa.ColumnElement[bool]:
    """A request the candidate still has to answer, on an open case of its company (joined
    as Case): the one rule the scan and the e-mail both read."""
    return sa.and_(R.status.in_(OPEN_REQUEST_STATUSES), Case.id == R.case_id,
                   Case.company_id == R.company_id, Case.stage.not_in(rules.CLOSED_STAGES))


def company_offsets() -> set[int]:
    """Every offset some company uses: its days before, and minus its overdue days."""
    offsets: set[int] = set()
    for text, overdue in db.session.execute(
            sa.select(Company.portal_reminder_offsets, Company.portal_overdue_days).distinct()):
        offsets.update(read_offsets(text))
        if overdue > 0:
            offsets.add(-overdue)
    return offsets


def _listed(offset: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    """*offset* is one of the company's: ",7,3,1," LIKE "%,3,%", or minus its overdue days."""
    days = (sa.literal(",") + sa.func.replace(Company.portal_reminder_offsets, " ", "")
            + sa.literal(",")).like(sa.literal("%,") + sa.cast(offset, sa.String)
                                    + sa.literal(",%"))
    return sa.or_(sa.and_(offset > 0, days), offset == -Company.portal_overdue_days)


def portal_due_select(day: date, now: datetime) -> sa.Select | None:
    """The (account, due date, offset) series reached on *day*, one `pending` per account.

    A series is due at an offset once its date is at most *day* + offset (a date still
    ahead for the days before; overdue by that many days for a negative offset). Within a
    series the most urgent offset is the one sent, the others superseded; among an
    account's series not claimed before, the one due first is sent, the others combined.
    """
    union = company_offsets()
    if not union:
        return None
    offsets = services.offsets_table(day, union)
    offset = offsets.c.offset_days
    series = (
        sa.select(R.company_id, R.account_id, R.due_on, offset.label("offset_days"))
        .join(A, sa.and_(A.id == R.account_id, A.company_id == R.company_id, A.active))
        .join(Company, Company.id == R.company_id).join(Case, outstanding())
        .join(offsets, sa.and_(_listed(offset), R.due_on <= offsets.c.threshold,
                               sa.or_(offset < 0, R.due_on >= day)))
        .where(R.due_on.is_not(None)).distinct().subquery("series"))
    head = sa.case((series.c.offset_days == sa.func.min(series.c.offset_days).over(
        partition_by=(series.c.account_id, series.c.due_on)), 1), else_=0)
    ranked = sa.select(series, head.label("head")).subquery("ranked")
    claimed = sa.exists().where(L.kind == KIND.code, L.object_id == ranked.c.account_id,
                                L.due_on == ranked.c.due_on,
                                L.offset_days == ranked.c.offset_days)
    first = sa.func.row_number().over(
        partition_by=ranked.c.account_id,
        order_by=(ranked.c.head.desc(), ranked.c.due_on, ranked.c.offset_days)) == 1
    sent = sa.and_(ranked.c.head == 1, first)
    stamp = sa.literal(now, sa.DateTime(timezone=True))
    return (
        sa.select(*services.ledger_labels([
            ranked.c.company_id, sa.literal(KIND.code), ranked.c.account_id, ranked.c.due_on,
            ranked.c.offset_days, sa.case((sent, "pending"), else_="skipped"),
            sa.case((sent, ""), (ranked.c.head == 1, "combined"), else_="superseded"),
            sa.literal(day, sa.Date), stamp, stamp]))
        .where(~claimed)
        .order_by(ranked.c.account_id, ranked.c.due_on, ranked.c.offset_days))


@dataclass(frozen=True)
class Asked:
    """One outstanding request as the e-mail lists it."""

    label: str  # English: the template translates it
    due_on: date | None
    person: str  # the dependant's name, "" for the candidate's own case
    returned: bool
    reason: str


def outstanding_for(account: PortalAccount) -> list[tuple[PortalRequest, Case]]:
    """Everything the candidate still has to send, soonest due first (no date last), on
    the cases the portal shows them (scope.py: their own and their dependants')."""
    rows = db.session.execute(
        sa.select(R, Case).join(Case, outstanding())
        .where(R.company_id == account.company_id, R.account_id == account.id,
               Case.candidate_id.in_(scope.person_ids(account)))
        .order_by(R.due_on.asc().nulls_last(), R.id))
    return [(request, case) for request, case in rows]


def _asked(account: PortalAccount, request: PortalRequest, case: Case) -> Asked:
    person = case.candidate
    name = "" if person.id == account.candidate_id else passport_name(person.full_name,
                                                                        person.chinese_name)
    return Asked(request_label(request, case), request.due_on, name,
                 request.status == "returned", request.reason)


def compose(row: ReminderLedger, as_of: date) -> Outgoing | str:
    """The candidate's e-mail listing everything outstanding, in their language; skipped
    when the account is gone or revoked, or nothing of this row's series is left."""
    account = db.session.get(PortalAccount, row.object_id)
    if account is None or account.company_id != row.company_id:
        return "not_due"
    if not account.active:
        return "portal_revoked"
    found = outstanding_for(account)
    if not any(request.due_on == row.due_on for request, _ in found):
        return "not_due"
    company = db.session.get_one(Company, account.company_id)  # a foreign key: it exists
    candidate = db.session.get_one(Candidate, account.candidate_id)
    asked = [_asked(account, request, case) for request, case in found]
    subject = Text("%(company)s is waiting for %(count)s from you",
                   company=company.name, count=items_count(len(asked)))
    return write_messages(row, subject, [(account.email, mail_language(account.language))],
                          "email/reminders/portal_due", {
                              "company": company, "candidate": candidate, "asked": asked,
                              "as_of": as_of, "link": absolute_link("portal.home")})


def names(ids: set[int]) -> sa.Select:
    """(account id, name, Chinese name, candidate id) for the Notifications page."""
    return (sa.select(A.id, Candidate.full_name, Candidate.chinese_name, Candidate.id)
            .join(Candidate, Candidate.id == A.candidate_id).where(A.id.in_(ids)))


def person_page(candidate_id: int) -> str:
    """The person's page, where HR sees their portal access and requests."""
    return url_for("candidates.show", candidate_id=candidate_id)


register(KindHooks(KIND.code, portal_due_select, compose, names, person_page))

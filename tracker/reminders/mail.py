"""Writing reminder e-mails: who receives them, and the HTML and text parts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.utils import parseaddr

import sqlalchemy as sa
from flask import current_app, render_template
from flask_mailman import EmailMultiAlternatives, make_msgid

from tracker.auth.models import User
from tracker.companies.models import Company
from tracker.extensions import db
from tracker.reminders.content import absolute_link, describe
from tracker.reminders.models import ReminderLedger
from tracker.reminders.services import SENDER_ROLES, digest_items
from tracker.rules import reminders as rules
from tracker.text import hkdate


@dataclass
class Outgoing:
    """An e-mail ready to send, with what the ledger records about it."""

    subject: str
    recipients: list[str]
    message: EmailMultiAlternatives


def new_message_id() -> str:
    """A Message-ID on the sender's domain, fixed before the first attempt.

    Stored in the ledger before sending, so a resend after a crash carries the
    same id (mail systems drop a second copy with an id they already have).
    """
    domain = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1].rpartition("@")[2]
    return make_msgid(domain=domain or "tracker.local")


def recipients_for(company_id: int, days_left: int) -> list[str]:
    """Admins and staff who want reminder e-mails one by one; every admin when escalated."""
    wants = sa.and_(User.role.in_(SENDER_ROLES), User.quota_reminders_enabled,
                    sa.not_(User.daily_digest))
    if rules.escalated(days_left):
        wants = sa.or_(wants, User.role == "admin")
    return list(db.session.scalars(
        sa.select(User.email).where(User.company_id == company_id, User.active, wants)
        .order_by(User.email)))


def compose(row: ReminderLedger, as_of: date) -> Outgoing | str:
    """The e-mail for a ledger row, or why it is skipped ("not_due", "no_recipients")."""
    if row.kind == rules.DIGEST.code:
        return compose_digest(row, as_of)
    item = describe(row, as_of)
    if item is None:
        return "not_due"
    recipients = recipients_for(row.company_id, item.days_left)
    if not recipients:
        return "no_recipients"
    context = {"item": item, "escalated": rules.escalated(item.days_left), **item.facts}
    return _message(row, item.subject, recipients, item.template, context)


def compose_digest(row: ReminderLedger, as_of: date) -> Outgoing | str:
    """One e-mail listing every reminder claimed for the user's company since the last one."""
    user = db.session.get(User, row.object_id)
    if (user is None or not user.active or not user.daily_digest
            or not user.quota_reminders_enabled or user.role not in SENDER_ROLES
            or user.company_id != row.company_id):
        return "no_recipients"
    items = [item for item in (describe(r, as_of) for r in digest_items(row)) if item]
    if not items:
        return "not_due"
    items.sort(key=lambda item: item.days_left)
    company = db.session.get_one(Company, row.company_id)  # a foreign key: it exists
    subject = (f"Daily reminders for {company.name}: {rules.plural(len(items), 'item')} "
               f"({hkdate(as_of)})")
    return _message(row, subject, [user.email], "email/reminders/digest",
                    {"user": user, "items": items, "company": company, "as_of": hkdate(as_of)})


def _message(row: ReminderLedger, subject: str, recipients: list[str], template: str,
             context: dict) -> Outgoing:
    """Render both parts and build the message, carrying the row's Message-ID."""
    context["settings_link"] = absolute_link("reminders.preferences")
    text = render_template(f"{template}.txt", subject=subject, **context)
    html = render_template(f"{template}.html", subject=subject, **context)
    message = EmailMultiAlternatives(subject, text, to=recipients,
                                     headers={"Message-ID": row.message_id})
    message.attach_alternative(html, "text/html")
    return Outgoing(subject, recipients, message)

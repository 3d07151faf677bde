"""Writing reminder e-mails: who receives them, in which language, and both parts.

A reminder may reach several people who read different languages (users.language;
none chosen: English). One message is written per language. The first (English,
when anyone reads English) carries the ledger row's Message-ID and each other one
an id derived from it, so a resend after a crash repeats the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.utils import parseaddr

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_mailman import make_msgid

from tracker.auth.models import User
from tracker.cases.dependants import sponsoring_case
from tracker.companies.models import Company
from tracker.extensions import db
from tracker.mail_message import Email, build, mail_language
from tracker.reminders.content import absolute_link, describe
from tracker.reminders.hooks import HOOKS
from tracker.reminders.models import ReminderLedger
from tracker.reminders.services import SENDER_ROLES, digest_items
from tracker.rules import reminders as rules
from tracker.rules.text import Text, translated
from tracker.text import hkdate

Recipient = tuple[str, str]  # (address, language)


@dataclass
class Outgoing:
    """The e-mails for one ledger row, with what the ledger records about them."""

    subject: str  # in English, as the ledger records it
    recipients: list[str]
    messages: list[Email]

    @property
    def message(self) -> Email:
        """The first message (the only one when every recipient reads the same language)."""
        return self.messages[0]


def new_message_id() -> str:
    """A Message-ID on the sender's domain, fixed before the first attempt.

    Stored in the ledger before sending, so a resend after a crash carries the
    same id (mail systems drop a second copy with an id they already have).
    """
    domain = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1].rpartition("@")[2]
    return make_msgid(domain=domain or "tracker.local")


def language_message_id(message_id: str, language: str) -> str:
    """The id of the *language* copy of a message: '<x@d>' -> '<x.zh-hant@d>'."""
    local, at, domain = message_id.rpartition("@")
    tag = language.replace("_", "-").lower()
    return f"{local}.{tag}{at}{domain}" if at else message_id


def recipients_for(company_id: int, days_left: int, owner_id: int | None = None,
                   ) -> list[Recipient]:
    """Admins and staff who want reminder e-mails one by one; every admin when escalated.

    With *owner_id* (a dependant's reminder) only that user among them, when they want
    reminder e-mails one by one; else the usual recipients. Each with their language.
    """
    wants = sa.and_(User.role.in_(SENDER_ROLES), User.quota_reminders_enabled,
                    sa.not_(User.daily_digest))
    if owner_id is not None and db.session.scalar(sa.select(User.id).where(
            User.id == owner_id, User.company_id == company_id, User.active, wants)):
        wants = User.id == owner_id
    if rules.escalated(days_left):
        wants = sa.or_(wants, User.role == "admin")
    rows = db.session.execute(
        sa.select(User.email, User.language)
        .where(User.company_id == company_id, User.active, wants).order_by(User.email))
    return [(address, mail_language(language)) for address, language in rows]


def principal_owner(company_id: int, principal_id: int | None) -> int | None:
    """The owner of the principal's case in force (issue 16: a dependant's reminders go
    to them), read when the e-mail is written, so a reassigned case takes its new owner."""
    if principal_id is None:
        return None
    case = sponsoring_case(company_id, principal_id)
    return case.owner_id if case is not None else None


def compose(row: ReminderLedger, as_of: date) -> Outgoing | str:
    """The e-mails for a ledger row, or why it is skipped ("not_due", "no_recipients")."""
    if row.kind == rules.DIGEST.code:
        return compose_digest(row, as_of)
    if row.kind in HOOKS:  # a kind of another package (hooks.py) writes its own
        return HOOKS[row.kind].compose(row, as_of)
    item = describe(row, as_of)
    if item is None:
        return "not_due"
    recipients = recipients_for(row.company_id, item.days_left,
                                principal_owner(row.company_id, item.principal_id))
    if not recipients:
        return "no_recipients"
    context = {"item": item, "escalated": rules.escalated(item.days_left), **item.facts}
    return write_messages(row, item.subject, recipients, item.template, context)


def items_count(count: int) -> Text:
    """'1 item', '3 items'."""
    return Text("1 item") if count == 1 else Text("%(count)s items", count=count)


def compose_digest(row: ReminderLedger, as_of: date) -> Outgoing | str:
    """One e-mail listing every reminder claimed for the user's company since the last one,
    in the user's language."""
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
    subject = Text("Daily reminders for %(company)s: %(count)s (%(date)s)",
                   company=company.name, count=items_count(len(items)), date=hkdate(as_of))
    return write_messages(row, subject, [(user.email, mail_language(user.language))],
                     "email/reminders/digest",
                     {"user": user, "items": items, "company": company, "as_of": hkdate(as_of)})


def write_messages(row: ReminderLedger, subject: Text, recipients: list[Recipient],
              template: str, context: dict) -> Outgoing:
    """One message per language among *recipients*, each carrying its Message-ID."""
    context["settings_link"] = absolute_link("reminders.preferences")
    languages: dict[str, list[str]] = {}
    for address, language in recipients:
        languages.setdefault(language, []).append(address)
    messages = []
    for n, (language, addresses) in enumerate(sorted(languages.items())):
        message_id = row.message_id
        if message_id and n:
            message_id = language_message_id(message_id, language)
        messages.append(_message(subject, addresses, language, template, context, message_id))
    return Outgoing(subject, [address for address, _ in recipients], messages)


def _message(subject: Text, to: list[str], language: str, template: str, context: dict,
             message_id: str | None) -> Email:
    """Render both parts in *language* and build the message.

    The text part shows a rule's `Text` through `tr` (no autoescape there, so
    nothing calls its __html__); the HTML part translates it by itself.
    """
    with force_locale(language):
        line = subject.translated()
        text = render_template(f"{template}.txt", subject=line, tr=translated, **context)
        html = render_template(f"{template}.html", subject=line, tr=translated, **context)
    headers = {"Message-ID": message_id} if message_id else {}
    return build(line, text, html, to=to, language=language, headers=headers)

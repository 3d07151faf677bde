"""E-mails about accounts: password reset links, invitations and e-mail changes.

Each is sent by the worker (tracker/auth/tasks.py) except the notice after a
change, which the request sends once the change is saved. Each is written in
its recipient's language (tracker/mail_message.py): subjects are lazy strings,
turned into text only once that language is in force.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from tracker.auth.models import User
from tracker.auth.tokens import make_email_change_token, make_token
from tracker.mail_message import build, mail_language


def absolute_url(endpoint: str, **values: Any) -> str:
    """A link for an e-mail, built on APP_BASE_URL rather than the request's Host header.

    Needs no request: the reset e-mail is sent from the worker.
    """
    base = current_app.config["APP_BASE_URL"].rstrip("/")
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


def _send(user: User, subject: object, template: str, to: str | None = None,
          language: str | None = None, **context: object) -> None:
    """Mail *user* (at *to*, default their address) the text and HTML of *template*,
    in the user's language (else *language*, else English)."""
    language = mail_language(user.language, language)
    with force_locale(language):
        text = render_template(f"email/{template}.txt", user=user, **context)
        html = render_template(f"email/{template}.html", user=user, **context)
        line = " ".join(str(subject).split())  # a header cannot hold a line break (names can)
    build(line, text, html, to=[to or user.email], language=language).send()


def send_password_reset(user: User) -> None:
    """Mail *user* a single-use link to set a new password."""
    link = absolute_url("auth.reset_password", token=make_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    _send(user, _l("Reset your HK Sponsorship Tracker password"), "password_reset",
          link=link, minutes=minutes)


def send_invitation(user: User, inviter: User, language: str | None = None) -> None:
    """Mail a newly invited user a link to choose their password, in *language* (the
    inviting request's) unless they have chosen one."""
    link = absolute_url("auth.reset_password", token=make_token(user))
    days = current_app.config["INVITE_MAX_AGE"] // 86400
    _send(user, _l("%(name)s invited you to HK Sponsorship Tracker", name=inviter.full_name),
          "invitation", language=language, link=link, inviter=inviter, days=days)


def send_invitation_address_in_use(owner: User, inviter: User) -> None:
    """Tell *owner* that *inviter* invited their address, which can hold one account only.

    The inviter was told the invitation went out, as for any address: whether an
    address has an account with another company is for its owner to say.
    """
    _send(owner, _l("%(name)s invited you to HK Sponsorship Tracker", name=inviter.full_name),
          "invitation_address_in_use", inviter=inviter)


def send_email_change_link(user: User, new_email: str) -> None:
    """Mail *new_email* the link that makes it *user*'s sign-in e-mail."""
    link = absolute_url("auth.confirm_email",
                        token=make_email_change_token(user, new_email))
    hours = current_app.config["EMAIL_CHANGE_MAX_AGE"] // 3600
    _send(user, _l("Confirm your new HK Sponsorship Tracker sign-in email"), "email_change",
          to=new_email, link=link, new_email=new_email, hours=hours)


def send_email_change_address_in_use(owner: User, requester: User) -> None:
    """Tell *owner* that someone at *requester*'s company asked to sign in with their
    address; nothing changed (the requester was answered as for a free address)."""
    _send(owner, _l("Someone asked to use your email for HK Sponsorship Tracker"),
          "email_change_address_in_use", company=requester.company)


ACCOUNT_CHANGES = {
    "password_changed": _l("Your HK Sponsorship Tracker password was changed"),
    "email_changed": _l("Your HK Sponsorship Tracker sign-in email was changed"),
}


def notify_account_change(user: User, change: str, to: str) -> None:
    """Tell the account's owner (at *to*) that its password or e-mail changed.

    Best effort: the change is already saved, so a mail server that is down
    is logged rather than turned into an error page.
    """
    try:
        _send(user, ACCOUNT_CHANGES[change], "account_changed", to=to, change=change,
              link=absolute_url("auth.reset_request"))
    except Exception:  # noqa: BLE001 - any mail failure: log it, keep the change
        current_app.logger.exception("could not send the %s notice", change)

"""E-mails about accounts: password reset links and invitations."""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_mailman import EmailMultiAlternatives

from tracker.auth.models import User
from tracker.auth.tokens import make_token


def absolute_url(endpoint: str, **values: object) -> str:
    """A link for an e-mail, built on APP_BASE_URL rather than the request's Host header."""
    base = current_app.config["APP_BASE_URL"].rstrip("/")
    return base + url_for(endpoint, **values, _external=False)


def _send(user: User, subject: str, template: str, **context: object) -> None:
    text = render_template(f"email/{template}.txt", user=user, **context)
    html = render_template(f"email/{template}.html", user=user, **context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def send_password_reset(user: User) -> None:
    """Mail *user* a single-use link to set a new password."""
    link = absolute_url("auth.reset_password", token=make_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    _send(user, "Reset your HK Sponsorship Tracker password", "password_reset",
          link=link, minutes=minutes)


def send_invitation(user: User, inviter: User) -> None:
    """Mail a newly invited user a link to choose their password."""
    link = absolute_url("auth.reset_password", token=make_token(user))
    days = current_app.config["INVITE_MAX_AGE"] // 86400
    _send(user, f"{inviter.full_name} invited you to HK Sponsorship Tracker", "invitation",
          link=link, inviter=inviter, days=days)

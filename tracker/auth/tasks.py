"""Celery tasks for account e-mail: reset links, invitations, e-mail change links.

The web request only queues them and answers at once; the worker looks up who
has the address and decides what to send. A request whose answer must not tell
whether an address has an account (reset, invitation, e-mail change) then does
the same work either way, and its timing tells nothing:

- reset: the link if an active account has the address, otherwise nothing;
- invitation: the link to the invited user, or a notice to the owner when the
  address belongs to another company's account;
- e-mail change: the confirmation link to the new address, or a notice to the
  owner when another company's account has it.

Tasks take addresses and ids, not users, and retry on SMTP trouble. Each e-mail
is written in its recipient's language (tracker/mail_message.py); an invitee has
none yet, so the invitation carries the language of the request that invited them.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from flask import current_app, has_request_context
from flask_babel import get_locale
from kombu.exceptions import OperationalError

from tracker.auth import addresses, services

TASK = "auth.send_password_reset"
INVITATION_TASK = "auth.send_invitation"
EMAIL_CHANGE_TASK = "auth.send_email_change"
RETRIED = (SMTPException, OSError)  # SMTP trouble: three more tries, backing off


@shared_task(name=TASK, autoretry_for=RETRIED, max_retries=3, retry_backoff=5,
             retry_jitter=True)
def send_password_reset(email: str) -> bool:
    """Mail a reset link if an active account has *email* (SMTP trouble: retried)."""
    return services.send_reset_link(email)


@shared_task(name=INVITATION_TASK, autoretry_for=RETRIED, max_retries=3, retry_backoff=5,
             retry_jitter=True)
def send_invitation(inviter_id: int, email: str, language: str | None = None) -> str:
    """Mail the invitation to *email* (in *language* unless the invitee chose one), or the
    owner's notice (addresses.send_invitation_mail)."""
    return addresses.send_invitation_mail(inviter_id, email, language)


@shared_task(name=EMAIL_CHANGE_TASK, autoretry_for=RETRIED, max_retries=3, retry_backoff=5,
             retry_jitter=True)
def send_email_change(user_id: int, new_email: str) -> str:
    """Mail the link confirming *new_email*, or the owner's notice
    (addresses.send_email_change_mail)."""
    return addresses.send_email_change_mail(user_id, new_email)


def _queue(task: str, args: tuple[object, ...], what: str) -> bool:
    """Queue *task*; False (and a warning in the log) when the broker cannot be reached."""
    celery = current_app.extensions["celery"]
    try:
        # ignore_result: nothing reads it, and watching it would touch Redis again.
        celery.send_task(task, args=args, ignore_result=True)
    except (OperationalError, OSError):
        # No address in the log: it would tell a reader who asked for what.
        current_app.logger.warning("%s e-mail not queued: the background service is "
                                   "unreachable", what)
        return False
    return True


def queue_password_reset(email: str) -> bool:
    """Queue the reset e-mail for *email*; False when the broker cannot be reached:
    the request answers as usual and no e-mail is sent."""
    return _queue(TASK, (services.normalise_email(email),), "password reset")


def request_language() -> str | None:
    """The language of the request being answered (None outside a request)."""
    return str(get_locale()) if has_request_context() else None


def queue_invitation(inviter_id: int, email: str, language: str | None = None) -> bool:
    """Queue the invitation (or the owner's notice) for *email*, written in *language*
    (default: this request's) unless the invitee has chosen one."""
    return _queue(INVITATION_TASK, (inviter_id, services.normalise_email(email),
                                    language or request_language()), "invitation")


def queue_email_change(user_id: int, new_email: str) -> bool:
    """Queue the confirmation link (or the owner's notice) for *new_email*."""
    return _queue(EMAIL_CHANGE_TASK, (user_id, services.normalise_email(new_email)),
                  "email change")

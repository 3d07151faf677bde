"""Celery tasks mailing candidates: the invitation link and the sign-in codes.

They take ids and addresses. The invitation's token and the codes are made in the
worker, just before mailing (signin.issue_invitation_token, signin.issue_codes), so no
secret travels through the queue. A code request for an unknown address does the same
work as for a known one up to the lookup, and the web request answers alike.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from flask import current_app
from kombu.exceptions import OperationalError

from tracker.extensions import db
from tracker.portal import mail, signin
from tracker.portal.models import PortalAccount

INVITATION_TASK = "portal.send_invitation"
CODE_TASK = "portal.send_sign_in_code"
RETRIED = (SMTPException, OSError)  # SMTP trouble: three more tries, backing off


@shared_task(name=INVITATION_TASK, autoretry_for=RETRIED, max_retries=3, retry_backoff=5,
             retry_jitter=True)
def send_invitation(invitation_id: int) -> bool:
    """Mail the invitation with a fresh token; False when it is no longer valid (revoked,
    replaced, expired). A retry makes a new token: only the mail that arrives works."""
    issued = signin.issue_invitation_token(invitation_id)
    if issued is None:
        return False
    invitation, token = issued
    mail.send_invitation(db.session.get_one(PortalAccount, invitation.account_id),
                         invitation, token)
    return True


@shared_task(name=CODE_TASK, autoretry_for=RETRIED, max_retries=3, retry_backoff=5,
             retry_jitter=True)
def send_sign_in_code(email: str) -> int:
    """Mail a new code to each active account with *email*; how many were sent."""
    issued = signin.issue_codes(email)
    for account, code in issued:
        mail.send_code(account, code)
    return len(issued)


def enqueue(task: str, args: tuple[object, ...], what: str) -> bool:
    """Queue *task*; False (and a warning in the log) when the broker cannot be reached."""
    try:
        current_app.extensions["celery"].send_task(task, args=args, ignore_result=True)
    except (OperationalError, OSError):
        current_app.logger.warning("%s e-mail not queued: the background service is "
                                   "unreachable", what)
        return False
    return True


def queue_invitation(invitation_id: int) -> bool:
    return enqueue(INVITATION_TASK, (invitation_id,), "portal invitation")


def queue_code(email: str) -> bool:
    return enqueue(CODE_TASK, (email,), "portal sign-in code")

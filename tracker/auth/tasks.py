"""Celery task for account e-mail: the password reset link. It takes an address, not a user.

The reset page queues the task for every well-formed address, known or not, and
answers at once; the worker looks the address up and sends the link only if an
active account has it. Both paths of the request then do the same work, so its
timing no longer tells which addresses have accounts.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from flask import current_app
from kombu.exceptions import OperationalError

from tracker.auth import services

TASK = "auth.send_password_reset"


@shared_task(name=TASK, autoretry_for=(SMTPException, OSError), max_retries=3,
             retry_backoff=5, retry_jitter=True)
def send_password_reset(email: str) -> bool:
    """Mail a reset link if an active account has *email* (SMTP trouble: retried)."""
    return services.send_reset_link(email)


def queue_password_reset(email: str) -> bool:
    """Queue the reset e-mail for *email*; False (and a warning in the log) when the
    broker cannot be reached: the request answers as usual and no e-mail is sent."""
    celery = current_app.extensions["celery"]
    try:
        # ignore_result: nothing reads it, and watching it would touch Redis again.
        celery.send_task(TASK, args=(services.normalise_email(email),), ignore_result=True)
    except (OperationalError, OSError):
        # No address in the log: it would tell a reader who asked for a reset.
        current_app.logger.warning(
            "password reset e-mail not queued: the background service is unreachable")
        return False
    return True

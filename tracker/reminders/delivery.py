"""Sending claimed reminders, each exactly once, whatever fails.

A ledger row moves pending → sending → sent | failed | skipped. Taking a row
(`acquire`) is one guarded UPDATE: only one worker can move it to `sending`,
and it holds it for REMINDER_SEND_LEASE_SECONDS. A worker killed while
sending leaves the row `sending`; once the lease has run out, `resume` hands
it to another worker. The only window for a second copy is between the SMTP
server accepting the message and the ledger commit (milliseconds); the second
copy then carries the same Message-ID, which mail systems treat as a duplicate.
"""

from __future__ import annotations

import random
import smtplib
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from tracker.clock import utcnow
from tracker.extensions import db, rows_changed
from tracker.reminders.mail import Outgoing, compose, new_message_id
from tracker.reminders.models import ReminderLedger

L = ReminderLedger


class SendFailed(Exception):
    """Sending failed in a way worth retrying (the row is back to `pending`)."""


def backoff_delay(retries: int, base: float, cap: float, rng: random.Random | None = None,
                  ) -> float:
    """Seconds before retry number *retries*+1: exponential, capped, with jitter.

    Half of base·2^retries is fixed and half random ("equal jitter"), so delays
    grow while many workers retrying at once spread out instead of stampeding.
    """
    ceiling = min(cap, base * (2 ** retries))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


def _unfinished(now: datetime) -> sa.ColumnElement[bool]:
    """Rows a worker may take: waiting, failed, or `sending` by a worker whose lease ran out."""
    return sa.or_(L.status.in_(("pending", "failed")),
                  sa.and_(L.status == "sending", L.lease_until < now))


def acquire(ledger_id: int) -> tuple[int, str] | None:
    """Take a row for sending; (attempt number, Message-ID), or None if someone else has it.

    A row that has used up REMINDER_MAX_ATTEMPTS is not taken again but marked
    `failed`: a message that kills its worker every time would otherwise be retried
    at every lease expiry for ever, and never offered for Resend.
    """
    now = utcnow()
    lease = now + timedelta(seconds=current_app.config["REMINDER_SEND_LEASE_SECONDS"])
    limit = current_app.config["REMINDER_MAX_ATTEMPTS"]
    taken = db.session.execute(
        sa.update(L).where(L.id == ledger_id, _unfinished(now), L.attempts < limit)
        .values(status="sending", lease_until=lease, attempts=L.attempts + 1, updated_at=now)
        .returning(L.attempts, L.message_id)
    ).first()
    if taken is None:
        rows_changed(
            sa.update(L).where(L.id == ledger_id, _unfinished(now), L.status != "failed",
                               L.attempts >= limit)
            .values(status="failed", lease_until=None, updated_at=now,
                    error=sa.func.substr(f"Gave up after {limit} attempts. " + L.error, 1, 2000)))
        db.session.commit()
        return None
    attempt, message_id = taken
    if not message_id:
        message_id = new_message_id()
        db.session.execute(sa.update(L).where(L.id == ledger_id).values(message_id=message_id))
    db.session.commit()
    return attempt, message_id


def finish(ledger_id: int, attempt: int, status: str, **values: object) -> bool:
    """Record the outcome of *attempt*, unless another worker has taken the row since."""
    changed = rows_changed(
        sa.update(L).where(L.id == ledger_id, L.status == "sending", L.attempts == attempt)
        .values(status=status, lease_until=None, updated_at=utcnow(), **values)
    )
    db.session.commit()
    return changed == 1


def permanent(error: Exception) -> bool:
    """True for SMTP answers that retrying cannot fix (5xx, every recipient refused)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def deliver(ledger_id: int, as_of: date, *, final: bool = True) -> str:
    """Send one claimed reminder; returns sent, skipped, failed or busy.

    When sending fails and this is not the *final* attempt, the row goes back
    to `pending` and SendFailed is raised for the caller to retry later.
    """
    taken = acquire(ledger_id)
    if taken is None:
        return "busy"  # sent already, or another worker is sending it right now
    attempt, _ = taken
    row = db.session.get_one(L, ledger_id)  # it exists: acquire just updated it
    try:
        outgoing = compose(row, as_of)
    except Exception as error:  # a broken template must not leave the row stuck
        finish(ledger_id, attempt, "failed", error=f"Could not write the e-mail: {error!r}")
        raise
    if isinstance(outgoing, str):
        finish(ledger_id, attempt, "skipped", reason=outgoing)
        return "skipped"
    db.session.rollback()  # hold no transaction open while talking to the SMTP server
    return _send(ledger_id, attempt, outgoing, final)


def _send(ledger_id: int, attempt: int, outgoing: Outgoing, final: bool) -> str:
    recorded = {"subject": outgoing.subject[:300], "recipients": ", ".join(outgoing.recipients)}
    try:
        # One SMTP connection for the row's messages (one per language read).
        outgoing.message.get_connection().send_messages(outgoing.messages)
    except (smtplib.SMTPException, OSError) as error:
        message = f"Attempt {attempt}: {type(error).__name__}: {error}"
        if final or permanent(error):
            finish(ledger_id, attempt, "failed", error=message, **recorded)
            return "failed"
        finish(ledger_id, attempt, "pending", error=message + " (will retry)", **recorded)
        raise SendFailed(message) from error
    except Exception as error:  # anything else will fail again: stop now
        # e.g. the mail library's BadHeaderError for a line break in a name that
        # reached a subject: a row left `sending` would be retried for ever.
        finish(ledger_id, attempt, "failed", **recorded,
               error=f"Attempt {attempt}: could not send: {type(error).__name__}: {error}")
        return "failed"
    finish(ledger_id, attempt, "sent", sent_at=utcnow(), error="", reason="", **recorded)
    return "sent"


def stalled(now: datetime | None = None) -> list[tuple[int, float]]:
    """Unfinished rows to hand to a worker again, each with the seconds to wait first.

    A `sending` row waits until its lease runs out (its worker may be alive and
    about to finish); a `pending` row waits one lease period after it was last
    touched (its task is most likely still queued). Duplicate tasks are
    harmless: acquire() lets exactly one of them send.
    """
    now = now or utcnow()
    lease = timedelta(seconds=current_app.config["REMINDER_SEND_LEASE_SECONDS"])
    rows = db.session.execute(
        sa.select(L.id, L.status, L.lease_until, L.updated_at)
        .where(L.status.in_(("pending", "sending"))).order_by(L.id)).all()
    waits = []
    for row_id, status, lease_until, updated_at in rows:
        ready = lease_until if status == "sending" and lease_until else updated_at + lease
        if ready.tzinfo is None:  # SQLite returns naive UTC
            ready = ready.replace(tzinfo=now.tzinfo)
        waits.append((row_id, max((ready - now).total_seconds(), 0.0)))
    return waits


def failed_recently(days: int) -> list[int]:
    """Failed rows claimed within *days* (the hourly retry gives them another go)."""
    since = utcnow() - timedelta(days=days)
    return list(db.session.scalars(
        sa.select(L.id).where(L.status == "failed", L.claimed_at >= since,
                              L.attempts < current_app.config["REMINDER_MAX_ATTEMPTS"])
        .order_by(L.id)))

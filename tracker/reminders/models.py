"""The reminder ledger: the single record of what is due, sent, failed or skipped."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.clock import utcnow
from tracker.extensions import Model

BigId = sa.BigInteger().with_variant(sa.Integer, "sqlite")  # SQLite autoincrements INTEGER only

STATUSES = ("pending", "sending", "sent", "failed", "skipped")


class ReminderLedger(Model):
    """One reminder: kind, the object it is about, its due date and offset.

    The unique key makes claiming idempotent: the scan inserts rows with
    ON CONFLICT DO NOTHING, so a reminder is claimed once however many scans
    run. The due date is part of the key so that a new date (an extension of
    stay, a renewed passport, a corrected allotment letter) starts a new series.
    """

    __tablename__ = "reminder_ledger"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))  # a code of rules/reminders.py
    object_id: Mapped[int]  # allotment, case, candidate or (digest) user id
    due_on: Mapped[date]
    offset_days: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    # Why a row is skipped: "superseded" (a more urgent reminder of the same series
    # went out instead: the scheduler was down), "not_due" (no longer due when its
    # turn came: quota used up, date changed, record gone) or "no_recipients".
    reason: Mapped[str] = mapped_column(sa.String(20), default="", server_default="")
    scan_on: Mapped[date]  # the "today" of the scan that claimed it
    claimed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # While `sending`, no other worker may take the row before this time.
    lease_until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    subject: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    recipients: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    message_id: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    error: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("kind", "object_id", "due_on", "offset_days"),
        sa.Index("ix_reminder_ledger_company_id_desc", "company_id", sa.text("id DESC")),
        sa.Index("ix_reminder_ledger_status", "status", "claimed_at"),
        sa.CheckConstraint(
            "status in ('pending', 'sending', 'sent', 'failed', 'skipped')", name="status_known"),
    )

    def __repr__(self) -> str:
        return f"<ReminderLedger {self.kind} {self.object_id} -{self.offset_days}d {self.status}>"


class ReminderScan(Model):
    """One run of the scan: when, for which day, what it claimed.

    The hourly job reads it to catch up a daily scan that could not run
    (broker down at 09:00), and the notifications page shows the last one.
    """

    __tablename__ = "reminder_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    scan_on: Mapped[date] = mapped_column(index=True)
    trigger: Mapped[str] = mapped_column(sa.String(20))  # beat, cli, catch-up
    started_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    claimed: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)

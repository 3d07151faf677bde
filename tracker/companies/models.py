"""The company: the tenant every other record belongs to."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.clock import utcnow
from tracker.extensions import Model
from tracker.rules.offsets import read_offsets

DEFAULT_QUOTA_REMINDER_OFFSETS = "90,60,30,14,7,1"
# How long a candidate's portal invitation link works (tracker/portal), in days.
DEFAULT_PORTAL_INVITATION_DAYS = 7
PORTAL_INVITATION_DAYS_RANGE = (1, 30)
# When candidates are reminded of what they still have to send (tracker/portal/reminders.py):
# days before a request's due date, and once, days after it was missed (0: never).
DEFAULT_PORTAL_REMINDER_OFFSETS = "7,3,1"
DEFAULT_PORTAL_OVERDUE_DAYS = 3
PORTAL_OVERDUE_DAYS_RANGE = (0, 30)


class Company(Model):
    """An employer (or school) whose HR staff use the tracker."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # Hong Kong business registration number: unique across the service.
    brn: Mapped[str] = mapped_column(sa.String(20), unique=True)
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    # Days before an allotment's "valid until" on which reminders go out.
    quota_reminder_offsets: Mapped[str] = mapped_column(
        sa.String(100), default=DEFAULT_QUOTA_REMINDER_OFFSETS,
        server_default=DEFAULT_QUOTA_REMINDER_OFFSETS,
    )
    portal_invitation_days: Mapped[int] = mapped_column(
        default=DEFAULT_PORTAL_INVITATION_DAYS, server_default=str(DEFAULT_PORTAL_INVITATION_DAYS))
    portal_reminder_offsets: Mapped[str] = mapped_column(
        sa.String(100), default=DEFAULT_PORTAL_REMINDER_OFFSETS,
        server_default=DEFAULT_PORTAL_REMINDER_OFFSETS)
    portal_overdue_days: Mapped[int] = mapped_column(
        default=DEFAULT_PORTAL_OVERDUE_DAYS, server_default=str(DEFAULT_PORTAL_OVERDUE_DAYS))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        sa.CheckConstraint(
            "portal_invitation_days >= {} AND portal_invitation_days <= {}".format(
                *PORTAL_INVITATION_DAYS_RANGE), name="portal_invitation_days_in_range"),
        sa.CheckConstraint(
            "portal_overdue_days >= {} AND portal_overdue_days <= {}".format(
                *PORTAL_OVERDUE_DAYS_RANGE), name="portal_overdue_days_in_range"),
    )

    def __repr__(self) -> str:
        return f"<Company {self.brn} {self.name!r}>"

    @property
    def reminder_offsets(self) -> list[int]:
        """The quota reminder offsets as a descending list of days."""
        return read_offsets(self.quota_reminder_offsets)

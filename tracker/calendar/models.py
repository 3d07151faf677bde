"""A user's calendar feed: the hash of its secret token and what it holds."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.clock import utcnow
from tracker.extensions import Model

SCOPES = ("mine", "company")  # the user's own cases, or every case of the company


class CalendarFeed(Model):
    """One feed per user. The token itself is never stored: it is derived from *seed* with
    the app's secret key (calendar/services.token_for), and found by its SHA-256, so a copy
    of the database alone gives nobody a working URL. Revoking deletes the row (the old URL
    answers 404)."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Random (secrets.token_hex(32)); None for a feed issued before migration 0021, whose
    # address cannot be shown again.
    seed: Mapped[str | None] = mapped_column(sa.String(64))
    scope: Mapped[str] = mapped_column(sa.String(10), default="mine")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        sa.CheckConstraint("scope in ('mine', 'company')", name="scope_known"),
    )

"""Audit entries: append-only from the app's point of view."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.clock import utcnow
from tracker.extensions import Model


class AuditEvent(Model):
    """One recorded action. The app inserts these and never deletes them; the one update
    raises the attempts count of a throttled sign-in burst (auth.services)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"),
                                    primary_key=True)
    # Null for events with no known company (e.g. a failed sign-in for an unknown e-mail).
    company_id: Mapped[int | None] = mapped_column(sa.ForeignKey("companies.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # e.g. "create", "update", "delete", "stage", "sign_in", "sign_in_failed", "denied"
    action: Mapped[str] = mapped_column(sa.String(40))
    object_type: Mapped[str] = mapped_column(sa.String(40), default="")
    object_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    # {"field": [old, new], ...} as JSON-safe values.
    changes: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    ip: Mapped[str | None] = mapped_column(sa.String(45))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        sa.Index("ix_audit_events_company_created", "company_id", "created_at"),
        # The log page: newest first per company, and its action/type filter choices.
        sa.Index("ix_audit_events_company_id", "company_id", sa.text("id DESC")),
        sa.Index("ix_audit_events_company_action", "company_id", "action"),
        sa.Index("ix_audit_events_company_object_type", "company_id", "object_type"),
        sa.Index("ix_audit_events_object", "object_type", "object_id"),
    )

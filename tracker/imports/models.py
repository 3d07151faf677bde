"""An import job (one uploaded file, from mapping to written) and each company's
remembered column mapping per kind of record (migration 0018)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.clock import utcnow
from tracker.extensions import Model

JSON = sa.JSON
STATUSES = ("mapping", "checking", "previewed", "writing", "done", "failed")


class ImportJob(Model):
    __tablename__ = "import_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    filename: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(12), default="mapping")
    # The file as read: header texts and [row number, cells] (dates as ISO text).
    headers: Mapped[list[str]] = mapped_column(JSON)
    rows: Mapped[list[Any]] = mapped_column(JSON)
    mapping: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # field → header
    # The preview: one [row number, mark, [[column, message, values]…]] per row.
    marks: Mapped[list[Any]] = mapped_column(JSON, default=list)
    total: Mapped[int] = mapped_column(default=0)
    new_count: Mapped[int] = mapped_column(default=0)
    update_count: Mapped[int] = mapped_column(default=0)
    unchanged_count: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    written_count: Mapped[int] = mapped_column(default=0)
    progress: Mapped[int] = mapped_column(default=0)  # percent of the current step
    valid_only: Mapped[bool] = mapped_column(default=False)
    message: Mapped[str] = mapped_column(sa.String(300), default="")  # why it failed
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.CheckConstraint("status in ('mapping', 'checking', 'previewed', 'writing', 'done', "
                           "'failed')", name="status_known"),
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name="progress_percent"),
        sa.Index("ix_import_jobs_company_created", "company_id", "created_at"),
    )


class ImportMapping(Model):
    """The columns a company's last import of a kind used: offered again next time."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    mapping: Mapped[dict[str, str]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    __table_args__ = (sa.UniqueConstraint("company_id", "kind"),)

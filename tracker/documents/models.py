"""The rows of a case's document checklist (created on an item's first change).

The case they belong to is read through `DocumentedCase`: tracker/cases sits
above this package (a Case holds its documents), so nothing here imports it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import Model

DOCUMENT_STATUSES = ("missing", "received", "not_applicable")


class CaseDocument(Model):
    """The state of one checklist item of a case, with an optional uploaded file."""

    __tablename__ = "case_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    code: Mapped[str] = mapped_column(sa.String(40))  # a code of rules/documents.py
    status: Mapped[str] = mapped_column(sa.String(16), default="missing")
    received_on: Mapped[date | None]
    # Uploaded file: the original name is shown; the stored name is random.
    file_name: Mapped[str] = mapped_column(sa.String(255), default="")
    stored_name: Mapped[str] = mapped_column(sa.String(64), default="")
    content_type: Mapped[str] = mapped_column(sa.String(100), default="")
    size_bytes: Mapped[int] = mapped_column(default=0)
    uploaded_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.UniqueConstraint("case_id", "code"),
        sa.CheckConstraint("status in ('missing', 'received', 'not_applicable')",
                           name="status_known"),
    )


class DocumentedCase(Protocol):
    """What the documents package reads of a case (a tracker.cases.models.Case)."""

    @property
    def id(self) -> int: ...

    @property
    def company_id(self) -> int: ...

    @property
    def scheme(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def submitted_on(self) -> date | None: ...

    @property
    def documents(self) -> list[CaseDocument]: ...

"""TechTAS quotas: the application to ITC, the allotment letter and its positions.

Cases draw on allotments and positions, and tracker/cases sits above this package
(a Case refers to its allotment and position). The `cases` relationships below read
that reference backwards: they name the Case class instead of importing it, and
`QuotaUser` says what quotas read of a case.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.clock import utcnow
from tracker.extensions import Model
from tracker.i18n import N_

APPLICATION_STATUSES = ("submitted", "allotted", "rejected")
# Each status as the pages show it (N_-marked: translated when shown).
APPLICATION_STATUS_LABELS = {"submitted": N_("submitted"), "allotted": N_("allotted"),
                             "rejected": N_("rejected")}


class QuotaUser(Protocol):
    """What quotas read of a case drawing on an allotment (a tracker.cases.models.Case)."""

    @property
    def id(self) -> int: ...

    @property
    def candidate_id(self) -> int: ...

    @property
    def job_title(self) -> str: ...

    @property
    def position_id(self) -> int | None: ...

    @property
    def stage(self) -> str: ...

    @property
    def quota_held(self) -> bool: ...


class QuotaApplication(Model):
    """A company's application to ITC for quota, before (or without) an allotment."""

    __tablename__ = "quota_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    submitted_on: Mapped[date]
    requested_quotas: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(12), default="submitted")
    reference: Mapped[str] = mapped_column(sa.String(60), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    allotment: Mapped[QuotaAllotment | None] = relationship(back_populates="application")

    __table_args__ = (
        sa.CheckConstraint("requested_quotas > 0", name="requested_positive"),
        sa.CheckConstraint("status in ('submitted', 'allotted', 'rejected')",
                           name="status_known"),
    )

    @property
    def status_label(self) -> str:
        """The status as shown (N_-marked: the page translates it)."""
        return APPLICATION_STATUS_LABELS[self.status]


class QuotaAllotment(Model):
    """What ITC's allotment letter says: a number of quotas valid until a date."""

    __tablename__ = "quota_allotments"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("quota_applications.id"), unique=True)
    itc_reference: Mapped[str] = mapped_column(sa.String(60))
    allotment_date: Mapped[date]
    valid_until: Mapped[date]
    total_quotas: Mapped[int]
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    positions: Mapped[list[QuotaPosition]] = relationship(
        back_populates="allotment", order_by="QuotaPosition.id", cascade="all, delete-orphan")
    application: Mapped[QuotaApplication | None] = relationship(back_populates="allotment")
    # The cases drawing on it, newest first; read-only: a case sets its own references.
    cases: Mapped[list[QuotaUser]] = relationship(
        "Case", viewonly=True, lazy="raise", order_by="desc(Case.id)",
        primaryjoin="and_(Case.allotment_id == QuotaAllotment.id, "
                    "Case.company_id == QuotaAllotment.company_id)")

    __table_args__ = (
        sa.UniqueConstraint("company_id", "itc_reference"),
        sa.Index("ix_quota_allotments_company_valid", "company_id", "valid_until"),
        sa.Index("ix_quota_allotments_valid_until", "valid_until"),
        sa.CheckConstraint("total_quotas > 0", name="total_positive"),
        sa.CheckConstraint("valid_until >= allotment_date", name="valid_after_allotment"),
    )

    def __repr__(self) -> str:
        return f"<QuotaAllotment {self.itc_reference}>"

    @property
    def used_quotas(self) -> int:
        """Quotas held by cases, over all positions (load positions eagerly in lists)."""
        return sum(p.used for p in self.positions)

class QuotaPosition(Model):
    """One job position set out in the letter, with its share of the quotas.

    `used` counts the cases holding one of its quotas. It only changes through
    a guarded UPDATE (used < quotas), and the CHECK below makes overuse
    impossible even if a bug skipped the guard.
    """

    __tablename__ = "quota_positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    allotment_id: Mapped[int] = mapped_column(sa.ForeignKey("quota_allotments.id"), index=True)
    job_title: Mapped[str] = mapped_column(sa.String(200))
    technology_area: Mapped[str] = mapped_column(sa.String(100))
    required_qualification: Mapped[str] = mapped_column(sa.String(200), default="")
    monthly_salary: Mapped[int]  # HKD offered, per the letter
    quotas: Mapped[int]
    used: Mapped[int] = mapped_column(default=0, server_default="0")

    allotment: Mapped[QuotaAllotment] = relationship(back_populates="positions")
    cases: Mapped[list[QuotaUser]] = relationship(  # as QuotaAllotment.cases
        "Case", viewonly=True, lazy="raise", order_by="desc(Case.id)",
        primaryjoin="and_(Case.position_id == QuotaPosition.id, "
                    "Case.company_id == QuotaPosition.company_id)")

    __table_args__ = (
        sa.CheckConstraint("quotas > 0", name="quotas_positive"),
        sa.CheckConstraint("used >= 0 AND used <= quotas", name="used_within_quotas"),
        sa.CheckConstraint("monthly_salary >= 0", name="salary_not_negative"),
    )

    @property
    def remaining(self) -> int:
        return self.quotas - self.used

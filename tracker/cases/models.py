"""Sponsorship cases and their stage history (their documents: documents/models.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.clock import utcnow
from tracker.documents.models import CaseDocument
from tracker.extensions import Model
from tracker.quotas.models import QuotaAllotment, QuotaPosition

BigId = sa.BigInteger().with_variant(sa.Integer, "sqlite")  # SQLite autoincrements INTEGER only


class Case(Model):
    """One sponsorship of a candidate under one scheme.

    The stage's facts (dates, references) are kept here as their latest values,
    so lists and reminders read one row; the full history is in CaseStageEvent.
    """

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id"))
    scheme: Mapped[str] = mapped_column(sa.String(12))  # a code of rules/schemes.py
    # What the case is (rules/case_kinds.py): an entry application, an extension of stay,
    # a change of employment, a dependant's application, or a status recorded as it is.
    kind: Mapped[str] = mapped_column(sa.String(24), default="entry", server_default="entry")
    # The case this one continues (the stay it extends, the sponsor's case of a dependant).
    parent_case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    # Set when a later approved case replaced this case's limit of stay: its reminders stop.
    superseded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    submission_channel: Mapped[str] = mapped_column(sa.String(10), default="",
                                                    server_default="")  # online / paper
    previous_employer: Mapped[str] = mapped_column(sa.String(200), default="",
                                                   server_default="")  # change of employment
    job_title: Mapped[str] = mapped_column(sa.String(200))  # "" for self-applied schemes
    monthly_salary: Mapped[int | None]  # HKD; None when the scheme needs no job offer
    intended_start_date: Mapped[date | None]
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # TechTAS: the allotment position the case draws on, and whether it holds a quota now.
    allotment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("quota_allotments.id"))
    position_id: Mapped[int | None] = mapped_column(sa.ForeignKey("quota_positions.id"),
                                                    index=True)
    quota_held: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # GEP: why the post cannot readily be filled locally (may be waived, see eligibility).
    local_recruitment_justification: Mapped[str] = mapped_column(sa.Text, default="")
    talent_list_profession: Mapped[str] = mapped_column(sa.String(200), default="")

    stage: Mapped[str] = mapped_column(sa.String(20), default="draft")
    stage_changed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True),
                                                       default=utcnow)
    # Stage facts (latest values).
    submitted_on: Mapped[date | None]
    immd_reference: Mapped[str] = mapped_column(sa.String(60), default="")
    info_requested_on: Mapped[date | None]
    approved_on: Mapped[date | None]
    visa_issued_on: Mapped[date | None]  # None on cases recorded before it was asked for
    visa_number: Mapped[str] = mapped_column(sa.String(60), default="")
    limit_of_stay_until: Mapped[date | None]
    arrived_on: Mapped[date | None]
    hkid_due_on: Mapped[date | None]
    hkid_registered_on: Mapped[date | None]
    # NET: the teaching contract (rules/net.py), its renewal and the gratuity rate.
    contract_start: Mapped[date | None]
    contract_end: Mapped[date | None]
    renewal_decision: Mapped[str | None] = mapped_column(sa.String(12))
    gratuity_rate_percent: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))

    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    candidate: Mapped[Candidate] = relationship()
    parent: Mapped[Case | None] = relationship(remote_side="Case.id",
                                               foreign_keys=[parent_case_id])
    owner: Mapped[User | None] = relationship()
    allotment: Mapped[QuotaAllotment | None] = relationship()
    position: Mapped[QuotaPosition | None] = relationship()
    events: Mapped[list[CaseStageEvent]] = relationship(
        back_populates="case", order_by="CaseStageEvent.id", cascade="all, delete-orphan")
    documents: Mapped[list[CaseDocument]] = relationship(
        order_by=CaseDocument.id, cascade="all, delete-orphan")

    __table_args__ = (
        sa.Index("ix_cases_company_id_desc", "company_id", sa.text("id DESC")),
        sa.Index("ix_cases_company_stage", "company_id", "stage", sa.text("id DESC")),
        # Each list filter with the default order (newest first), so a page is an
        # index range scan even at a million cases (migration 0003c).
        sa.Index("ix_cases_company_scheme", "company_id", "scheme", sa.text("id DESC")),
        sa.Index("ix_cases_company_owner", "company_id", "owner_id", sa.text("id DESC")),
        sa.Index("ix_cases_company_allotment", "company_id", "allotment_id",
                 sa.text("id DESC")),
        sa.Index("ix_cases_company_start", "company_id", "intended_start_date",
                 sa.text("id DESC")),
        # The needs-attention reasons (tracker/cases/attention.py), one index each.
        sa.Index("ix_cases_company_limit_of_stay", "company_id", "limit_of_stay_until"),
        sa.Index("ix_cases_company_hkid_due", "company_id", "hkid_due_on"),
        # A candidate's cases; covers the passport reason (candidates -> their open cases)
        # as an index-only scan.
        sa.Index("ix_cases_candidate_stage", "candidate_id", "company_id", "stage", "id"),
        sa.Index("ix_cases_limit_of_stay", "limit_of_stay_until"),
        sa.Index("ix_cases_contract_end", "contract_end"),  # NET contract-end reminders
        sa.Index("ix_cases_company_kind", "company_id", "kind", sa.text("id DESC")),
        # The one search (tracker/search): any part of these, by trigrams (migration 0016).
        *(sa.Index(f"ix_cases_company_{column}_trgm", "company_id", column,
                   postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"})
          for column in ("immd_reference", "visa_number", "job_title")),
        sa.CheckConstraint("kind in ('entry', 'extension', 'change_of_employment', "
                           "'dependant', 'record')", name="kind_known"),
        sa.CheckConstraint("submission_channel in ('', 'online', 'paper')",
                           name="submission_channel_known"),
        sa.CheckConstraint("renewal_decision in ('pending', 'renewed', 'not_renewed')",
                           name="renewal_decision_known"),
        sa.CheckConstraint("gratuity_rate_percent >= 0 AND gratuity_rate_percent <= 100",
                           name="gratuity_rate_percent_range"),
        sa.CheckConstraint("contract_end >= contract_start", name="contract_ends_after_start"),
        sa.CheckConstraint("monthly_salary >= 0", name="salary_not_negative"),
    )

    def __repr__(self) -> str:
        return f"<Case {self.id} {self.scheme} {self.stage}>"


class CaseStageEvent(Model):
    """One entry of a case's timeline: who, when, why, and the facts.

    A `move` between stages carries the new stage's facts; a `correction` of a
    recorded fact stays in the same stage, its facts are {name: [old, new]} and
    its note is the reason given.
    """

    __tablename__ = "case_stage_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    from_stage: Mapped[str | None] = mapped_column(sa.String(20))
    to_stage: Mapped[str] = mapped_column(sa.String(20))
    moved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    moved_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    facts: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    kind: Mapped[str] = mapped_column(sa.String(12), default="move", server_default="move")

    case: Mapped[Case] = relationship(back_populates="events")
    moved_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("kind in ('move', 'correction')", name="kind_known"),
        # The Reports page (tracker/reports/queries.py): covering, so it reads no rows.
        sa.Index("ix_case_stage_events_company_moved", "company_id", "moved_at", "kind",
                 "from_stage", "to_stage"),
        sa.Index("ix_case_stage_events_company_case", "company_id", "case_id", "moved_at", "id",
                 "kind", "to_stage"),
    )

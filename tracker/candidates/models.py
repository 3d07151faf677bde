"""A candidate: the person (as in their passport) a company may sponsor."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.clock import utcnow
from tracker.extensions import db

QUALIFICATION_LEVELS = (
    ("none", "No degree"), ("sub_degree", "Sub-degree / diploma"), ("bachelor", "Bachelor's"),
    ("master", "Master's"), ("doctorate", "Doctorate"),
)


class Candidate(db.Model):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    full_name: Mapped[str] = mapped_column(sa.String(200))  # as in the passport
    chinese_name: Mapped[str] = mapped_column(sa.String(100), default="")
    nationality: Mapped[str] = mapped_column(sa.String(100))
    date_of_birth: Mapped[date]
    place_of_birth: Mapped[str] = mapped_column(sa.String(100), default="")
    passport_number: Mapped[str] = mapped_column(sa.String(30))
    passport_expiry: Mapped[date]
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    qualification_level: Mapped[str] = mapped_column(sa.String(20), default="bachelor")
    qualification_subject: Mapped[str] = mapped_column(sa.String(200), default="")
    qualification_institution: Mapped[str] = mapped_column(sa.String(200), default="")
    stem_degree: Mapped[bool] = mapped_column(default=False)
    years_experience: Mapped[int] = mapped_column(default=0)
    current_location: Mapped[str] = mapped_column(sa.String(100), default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    __table_args__ = (
        # Passport numbers are unique within a company (stored upper-cased).
        sa.UniqueConstraint("company_id", "passport_number"),
        sa.Index("ix_candidates_company_name", "company_id", "full_name"),
        sa.Index("ix_candidates_company_passport_expiry", "company_id", "passport_expiry"),
        # Substring search on name and passport number within a company: a GIN index on
        # (company_id, trigrams) on PostgreSQL (btree_gin + pg_trgm), so a common word
        # searched in one company never scans the matches of every company (migration 0005).
        sa.Index("ix_candidates_company_name_trgm", "company_id", "full_name",
                 postgresql_using="gin", postgresql_ops={"full_name": "gin_trgm_ops"}),
        sa.Index("ix_candidates_company_passport_trgm", "company_id", "passport_number",
                 postgresql_using="gin", postgresql_ops={"passport_number": "gin_trgm_ops"}),
        sa.CheckConstraint("years_experience >= 0", name="experience_not_negative"),
    )

    def __repr__(self) -> str:
        return f"<Candidate {self.full_name!r}>"

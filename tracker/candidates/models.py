"""A candidate: the person (as in their passport) a company may sponsor.

Cases refer to their candidate, and tracker/cases sits above this package:
`Candidate.cases` reads that reference backwards, naming the Case class instead
of importing it, and `CandidateCase` says what candidates read of a case.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.clock import utcnow
from tracker.extensions import Model
from tracker.i18n import N_
from tracker.rules.profile import AchievementKind, QualificationLevel
from tracker.text import search_key

QUALIFICATION_LEVELS = (
    ("none", N_("No degree")), ("sub_degree", N_("Sub-degree / diploma")),
    ("bachelor", N_("Bachelor's")), ("master", N_("Master's")), ("doctorate", N_("Doctorate")),
)
ACHIEVEMENT_KINDS = (
    ("olympic_medal", N_("Olympic medal")), ("nobel_prize", N_("Nobel prize")),
    ("national_award", N_("National award")),
    ("international_award", N_("International award")),
    ("other", N_("Other outstanding achievement")),
)


class CandidateCase(Protocol):
    """What candidates read of one of their cases (a tracker.cases.models.Case)."""

    @property
    def id(self) -> int: ...

    @property
    def scheme(self) -> str: ...

    @property
    def job_title(self) -> str: ...

    @property
    def stage(self) -> str: ...

    @property
    def intended_start_date(self) -> date | None: ...

    @property
    def kind(self) -> str: ...

    @property
    def limit_of_stay_until(self) -> date | None: ...

    @property
    def superseded_by_id(self) -> int | None: ...


class Candidate(Model):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    full_name: Mapped[str] = mapped_column(sa.String(200))  # as in the passport
    chinese_name: Mapped[str] = mapped_column(sa.String(100), default="")
    # What name searches match: both names folded by tracker.text.search_key
    # (Simplified, lower case), kept in step on every insert and update (below).
    search_name: Mapped[str] = mapped_column(sa.Text, default="")
    nationality: Mapped[str] = mapped_column(sa.String(100))
    date_of_birth: Mapped[date]
    place_of_birth: Mapped[str] = mapped_column(sa.String(100), default="")
    passport_number: Mapped[str] = mapped_column(sa.String(30))
    passport_expiry: Mapped[date]
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    # None: not known, as the candidate form starts (no guess; migration 0017). No column
    # default either: the ORM would put it in place of a None given on purpose.
    qualification_level: Mapped[QualificationLevel | None] = mapped_column(sa.String(20))
    qualification_subject: Mapped[str] = mapped_column(sa.String(200), default="")
    qualification_institution: Mapped[str] = mapped_column(sa.String(200), default="")
    stem_degree: Mapped[bool | None]  # None: not known (the rules then answer "unknown")
    years_experience: Mapped[int | None]  # None: not known
    current_location: Mapped[str] = mapped_column(sa.String(100), default="")

    # Facts the route advisor reads (tracker/rules/profile.py). Every one is
    # optional: None means "not known", which makes a rule answer "unknown".
    mainland_resident: Mapped[bool | None]
    degrees_at_top_level: Mapped[int | None]  # e.g. 2 for two master's degrees
    renowned_institution: Mapped[bool | None]
    years_managerial: Mapped[int | None]  # managerial or senior years
    years_international: Mapped[int | None]
    annual_income_hkd: Mapped[int | None]  # in the year before applying
    owns_business: Mapped[bool | None]
    english: Mapped[bool | None]  # written and spoken
    written_chinese: Mapped[bool | None]
    putonghua: Mapped[bool | None]
    cantonese: Mapped[bool | None]
    other_language: Mapped[bool | None]
    other_languages: Mapped[str] = mapped_column(sa.String(200), default="",
                                                 server_default="")
    native_english: Mapped[bool | None]  # native speaker or native-speaker competence
    tesl_tefl_experience: Mapped[bool | None]
    special_education: Mapped[bool | None]
    parent_hk_permanent_id: Mapped[bool | None]
    parent_chinese_settled_overseas: Mapped[bool | None]  # at the candidate's birth
    married: Mapped[bool | None]
    spouse_has_degree: Mapped[bool | None]
    children_under_18: Mapped[int | None]  # unmarried children under 18
    family_hk_permanent_resident: Mapped[bool | None]  # an immediate family member
    # "" = not on the Talent List, None = not known.
    talent_list_profession: Mapped[str | None] = mapped_column(sa.String(200))
    achievement_kind: Mapped[AchievementKind | None] = mapped_column(sa.String(30))
    achievement: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    achievement_evidence: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Facts today's rules ask for (migration 0009), None = not known as above.
    eligible_university: Mapped[bool | None]  # QMAS: master's/doctorate from the TTPS list
    top100_stem_university: Mapped[bool | None]  # TechTAS: top 100 of the STEM rankings
    years_in_technology_area: Mapped[int | None]  # TechTAS: work in the offer's area
    years_multinational: Mapped[int | None]  # QMAS: in a multinational/renowned enterprise
    years_innovation_finance_trade: Mapped[int | None]  # QMAS: I&T, finance, trade
    business_profit_hkd: Mapped[int | None]  # annual profit of the business owned
    owns_listed_company: Mapped[bool | None]
    financial_means: Mapped[bool | None]  # QMAS and ASSG: without recourse to public funds
    good_character: Mapped[bool | None]  # QMAS: no criminal or adverse immigration record
    english_major: Mapped[bool | None]  # NET 2025/26
    pgde_english: Mapped[bool | None]
    tefl_tesl_certificate: Mapped[bool | None]
    # Facts the TTPS and IANG rules read (migration 0015), None = not known as above.
    eligible_university_degree: Mapped[bool | None]  # TTPS B/C: a degree from the TTPS list
    degree_awarded_on: Mapped[date | None]  # TTPS C (last 5 years), IANG (last 6 months)
    years_experience_last_5: Mapped[int | None]  # TTPS B: work in the last 5 years
    hk_full_time_degree: Mapped[bool | None]  # IANG: full-time, locally accredited, in HK

    # Salaries-tax assessable income of HK$2M+ in the last year of assessment: the
    # top-tier stay pattern (3+5 or 2+6) on extension (rules/extension.py).
    top_tier: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # A dependant (spouse, partner or child) is a person of their own, linked to the
    # principal whose stay sponsors theirs (migration 0013).
    principal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("candidates.id"))
    relation: Mapped[str | None] = mapped_column(sa.String(12))  # spouse, partner, child

    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    # The candidate's cases, newest first; read-only: a case sets its own candidate.
    cases: Mapped[list[CandidateCase]] = relationship(
        "Case", viewonly=True, lazy="raise", order_by="desc(Case.id)",
        primaryjoin="and_(Case.candidate_id == Candidate.id, "
                    "Case.company_id == Candidate.company_id)")

    __table_args__ = (
        # Passport numbers are unique within a company (stored upper-cased).
        sa.UniqueConstraint("company_id", "passport_number"),
        sa.Index("ix_candidates_company_name", "company_id", "full_name"),
        sa.Index("ix_candidates_company_passport_expiry", "company_id", "passport_expiry"),
        # The case form's blank search lists a company's newest candidates (migration 0007).
        sa.Index("ix_candidates_company_created", "company_id", "created_at", "id"),
        # Substring search on name and passport number within a company: a GIN index on
        # (company_id, trigrams) on PostgreSQL (btree_gin + pg_trgm), so a common word
        # searched in one company never scans the matches of every company (migration 0005).
        # The name index is on the folded search key (migration 0011).
        sa.Index("ix_candidates_company_search_name_trgm", "company_id", "search_name",
                 postgresql_using="gin", postgresql_ops={"search_name": "gin_trgm_ops"}),
        sa.Index("ix_candidates_company_passport_trgm", "company_id", "passport_number",
                 postgresql_using="gin", postgresql_ops={"passport_number": "gin_trgm_ops"}),
        sa.Index("ix_candidates_company_principal", "company_id", "principal_id"),
        sa.CheckConstraint("relation in ('spouse', 'partner', 'child')",
                           name="relation_known"),
        sa.CheckConstraint("(principal_id IS NULL) = (relation IS NULL)",
                           name="dependant_has_relation"),
        sa.CheckConstraint("years_experience >= 0", name="experience_not_negative"),
        sa.CheckConstraint("years_managerial >= 0 AND years_international >= 0 AND "
                           "annual_income_hkd >= 0 AND children_under_18 >= 0 AND "
                           "degrees_at_top_level >= 1", name="advisor_facts_not_negative"),
        sa.CheckConstraint("years_multinational >= 0 AND years_innovation_finance_trade >= 0 "
                           "AND years_in_technology_area >= 0 AND business_profit_hkd >= 0",
                           name="today_facts_not_negative"),
        sa.CheckConstraint("years_experience_last_5 >= 0 AND years_experience_last_5 <= 5",
                           name="recent_experience_in_range"),
    )

    def __repr__(self) -> str:
        return f"<Candidate {self.full_name!r}>"


def search_name_for(full_name: str, chinese_name: str) -> str:
    """The search key stored for these names (also written by a bulk insert, which
    bypasses the ORM's events: tracker/imports/writing.py)."""
    return search_key(full_name, chinese_name)


@sa.event.listens_for(Candidate, "before_insert")
@sa.event.listens_for(Candidate, "before_update")
def _fold_search_name(_mapper: object, _connection: object, candidate: Candidate) -> None:
    """Refresh the search key from the names at every write, whoever writes:
    the candidate service, an import, a test's builder."""
    candidate.search_name = search_name_for(candidate.full_name, candidate.chinese_name)

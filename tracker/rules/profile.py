"""The facts about a candidate that the eligibility rules read.

Plain data, no database: a view or service builds a `CandidateProfile` from
the candidate's record and form answers, then hands it to the rules. Every
fact defaults to None, meaning "not known"; the rules then answer "unknown"
rather than guess. Use False / 0 / "" / () for a known "no".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from tracker.rules.logic import all_of, any_of

QualificationLevel = Literal["none", "sub_degree", "bachelor", "master", "doctorate"]
LEVEL_RANK: dict[str, int] = {
    "none": 0, "sub_degree": 1, "bachelor": 2, "master": 3, "doctorate": 4,
}
AchievementKind = Literal[
    "olympic_medal", "nobel_prize", "national_award", "international_award", "other",
]
MaritalStatus = Literal["single", "married"]


@dataclass(frozen=True)
class Languages:
    """Languages the candidate speaks and writes fluently (None = not known).

    `english` means spoken and written English; Chinese is written Chinese
    plus spoken Putonghua or Cantonese. `other` lists further languages
    (an empty tuple means none).
    """

    english: bool | None = None
    putonghua: bool | None = None
    cantonese: bool | None = None
    written_chinese: bool | None = None
    other: tuple[str, ...] | None = None

    @property
    def chinese(self) -> bool | None:
        """Written Chinese and spoken Putonghua or Cantonese (three-valued)."""
        return all_of([self.written_chinese, any_of([self.putonghua, self.cantonese])])

    @property
    def has_other(self) -> bool | None:
        return None if self.other is None else len(self.other) > 0


@dataclass(frozen=True)
class JobOffer:
    """A job offered in Hong Kong (GEP, TechTAS, NET)."""

    title: str = ""
    annual_salary_hkd: int | None = None
    monthly_salary_hkd: int | None = None
    technology_area: str | None = None  # TechTAS: the area of the R&D work
    principally_rnd: bool | None = None  # TechTAS: engaged principally in R&D
    # GEP: the employer has written why the post cannot readily be filled locally
    # (None: not known, e.g. on the advisor page, which does not ask).
    local_recruitment_justified: bool | None = None

    @property
    def annual_hkd(self) -> int | None:
        """Annual pay: as given, or twelve times the monthly pay."""
        if self.annual_salary_hkd is not None:
            return self.annual_salary_hkd
        return None if self.monthly_salary_hkd is None else self.monthly_salary_hkd * 12

    @property
    def monthly_hkd(self) -> int | None:
        """Monthly pay: as given, or the annual pay over twelve."""
        if self.monthly_salary_hkd is not None:
            return self.monthly_salary_hkd
        return None if self.annual_salary_hkd is None else self.annual_salary_hkd // 12


@dataclass(frozen=True)
class Achievement:
    """An outstanding achievement for QMAS's Achievement-based Points Test."""

    kind: AchievementKind
    title: str
    evidence: str = ""  # what proves it (award letter, official record …)


@dataclass(frozen=True)
class CandidateProfile:
    """Everything the rules may ask about one candidate. None = not known."""

    date_of_birth: date | None = None
    place_of_birth: str | None = None  # free text, e.g. "Toronto, Canada"
    mainland_resident: bool | None = None  # Mainland residents use ASMTP, not GEP
    # Education
    qualification_level: QualificationLevel | None = None
    degrees_at_top_level: int | None = None  # e.g. 2 for two master's degrees
    stem_degree: bool | None = None
    renowned_institution: bool | None = None  # degree from a top-ranked university
    # QMAS (Nov 2024): the master's/doctorate is from a university on the eligible list
    eligible_university: bool | None = None
    # TechTAS: the degree is from a top-100 university in the STEM ranking tables
    top100_stem_university: bool | None = None
    # TTPS B/C: a bachelor's or higher degree from a university on the TTPS list
    eligible_university_degree: bool | None = None
    degree_awarded_on: date | None = None  # TTPS C (within 5 years), IANG (within 6 months)
    # IANG: a non-local graduate of a full-time, locally accredited degree programme in HK
    hk_full_time_degree: bool | None = None
    # Work
    years_experience: int | None = None  # graduate/specialist level
    years_experience_last_5: int | None = None  # TTPS B: of it, in the last 5 years
    years_senior: int | None = None  # managerial or senior
    years_international: int | None = None  # abroad
    years_multinational: int | None = None  # in a multinational or renowned enterprise
    years_innovation_finance_trade: int | None = None  # in I&T, finance or international trade
    years_in_technology_area: int | None = None  # TechTAS: in the offer's technology area
    annual_income_hkd: int | None = None  # in the year before applying
    owns_business: bool | None = None
    business_profit_hkd: int | None = None  # annual profit of the business owned
    owns_listed_company: bool | None = None
    # Prerequisites (QMAS; ASSG's financial means)
    financial_means: bool | None = None  # can live without recourse to public funds
    good_character: bool | None = None  # no criminal or adverse immigration record
    # Language and teaching (NET)
    languages: Languages = field(default_factory=Languages)
    native_english: bool | None = None  # native speaker or native-speaker competence
    tesl_tefl_experience: bool | None = None
    special_education: bool | None = None  # training or experience with SEN students
    # NET from 2025/26: a bachelor's majoring in English (or any bachelor's plus a higher
    # degree majoring in English), a PGDE in English, a TEFL/TESL certificate
    english_major: bool | None = None
    pgde_english: bool | None = None
    tefl_tesl_certificate: bool | None = None
    # Family (ASSG, QMAS)
    parent_hk_permanent_id: bool | None = None
    parent_chinese_national_settled_overseas: bool | None = None  # at the birth
    marital_status: MaritalStatus | None = None
    spouse_has_degree: bool | None = None
    unmarried_children_under_18: int | None = None
    immediate_family_hk_permanent_resident: bool | None = None
    # Talent List and achievements; "" = no profession on the list
    talent_list_profession: str | None = None
    achievements: tuple[Achievement, ...] = ()
    # Job offer: `job_offer` given means there is one; has_job_offer=False means none
    has_job_offer: bool | None = None
    job_offer: JobOffer | None = None

    @property
    def offer_known(self) -> bool | None:
        """Whether the candidate holds a job offer in Hong Kong (three-valued)."""
        if self.job_offer is not None:
            return True
        return self.has_job_offer

    @property
    def level_rank(self) -> int | None:
        """0 (none) … 4 (doctorate), or None when the level is not known."""
        level = self.qualification_level
        return None if level is None else LEVEL_RANK[level]

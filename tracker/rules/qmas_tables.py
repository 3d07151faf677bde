"""QMAS General Points Test, as versioned data: the points table, then the 12 criteria.

* Until 31 Oct 2024: a points table with a pass mark of 80. The factor
  values are ImmD's QMAS points table as given by a secondary, archived
  summary of it; the Talent List bonus of 30 is official (talentlist.gov.hk). The
  secondary source gives 245 as the maximum; the factors scored here add up
  to 195, the difference being the seed's bonuses for outstanding academic
  background and international work experience, whose values were not
  confirmed — they are shown, never counted.
* From 1 Nov 2024: a yes/no questionnaire of 12 criteria in six aspects
  (age, academic qualifications, language, work experience, annual income,
  business ownership); meeting at least 6 lets a person apply (secondary:
  singyun.com and globevisa.com reports of the 1 Nov 2024 announcement). The
  official wording and thresholds of each criterion were NOT confirmed: the
  twelve below are this app's placeholders (one age, three academic, two
  language, four work, one income, one business), each `confirmed=False`.

To change a value, edit it here and its test in tests/rules/test_qmas.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.rules.sources import IMMD_QMAS, QMAS_REFORM_2024, SEED_AS_OF, TALENT_LIST_SITE


@dataclass(frozen=True)
class AgeBand:
    low: int
    high: int | None  # None: and above
    points: int


@dataclass(frozen=True)
class AcademicBand:
    label: str
    level: str  # "bachelor", "master" or "doctorate"
    count: int  # degrees at that level
    points: int


@dataclass(frozen=True)
class WorkBand:
    years: int
    senior_years: int
    points: int


@dataclass(frozen=True)
class PointsTable:
    code: str
    label: str
    effective_from: date
    source: str
    age: tuple[AgeBand, ...]
    academic: tuple[AcademicBand, ...]  # best first
    work: tuple[WorkBand, ...]  # best first
    language_both: int  # Chinese and English
    language_one_plus_other: int
    language_one: int
    spouse_degree: int
    per_child: int
    children_max: int
    immediate_family_pr: int
    talent_list_bonus: int
    talent_list_source: str
    unscored_bonuses: tuple[str, ...]
    pass_mark: int
    stated_max: int


@dataclass(frozen=True)
class Criterion:
    """One yes/no criterion: `fact` names the check, `threshold` its number if any."""

    code: str
    aspect: str
    label: str
    fact: str
    threshold: int | None = None
    confirmed: bool = False


@dataclass(frozen=True)
class CriteriaTest:
    code: str
    label: str
    effective_from: date
    source: str
    criteria: tuple[Criterion, ...]
    required: int


POINTS_TABLE = PointsTable(
    code="gpt_points",
    label="General Points Test – points table (pass mark 80)",
    effective_from=SEED_AS_OF,
    source=f"{IMMD_QMAS}: points table (secondary: archived summary of the ImmD table); "
           "in force by the seed's date, until 31 Oct 2024",
    age=(AgeBand(18, 39, 30), AgeBand(40, 44, 20), AgeBand(45, 50, 15), AgeBand(51, None, 0)),
    academic=(
        AcademicBand("two doctorates", "doctorate", 2, 45),
        AcademicBand("a doctorate", "doctorate", 1, 40),
        AcademicBand("two master's degrees", "master", 2, 40),
        AcademicBand("a master's degree", "master", 1, 35),
        AcademicBand("two bachelor's degrees", "bachelor", 2, 35),
        AcademicBand("a bachelor's degree", "bachelor", 1, 30),
    ),
    work=(WorkBand(10, 5, 50), WorkBand(5, 2, 40), WorkBand(5, 0, 30), WorkBand(2, 0, 10)),
    language_both=20, language_one_plus_other=15, language_one=10,
    spouse_degree=5, per_child=5, children_max=10, immediate_family_pr=5,
    talent_list_bonus=30, talent_list_source=TALENT_LIST_SITE,
    unscored_bonuses=("outstanding academic background", "international work experience"),
    pass_mark=80,
    stated_max=245,
)

CRITERIA_2024 = CriteriaTest(
    code="gpt_criteria",
    label="General Points Test – 12 criteria (meet at least 6)",
    effective_from=QMAS_REFORM_2024,
    source="Secondary reports of the 1 Nov 2024 enhancement (singyun.com, globevisa.com); "
           "criteria wording and thresholds are placeholders, not ImmD's text",
    criteria=(
        Criterion("age_18_39", "Age", "Aged 18 to 39", "age_at_most", 39),
        Criterion("postgraduate", "Academic qualifications", "Holds a master's or doctoral degree",
                  "level_at_least", 3),
        Criterion("stem_degree", "Academic qualifications",
                  "Holds a degree in science, technology, engineering or mathematics",
                  "stem_degree"),
        Criterion("renowned_institution", "Academic qualifications",
                  "Degree from a renowned (top-ranked) institution", "renowned_institution"),
        Criterion("chinese_and_english", "Language",
                  "Proficient in written and spoken Chinese and English", "chinese_and_english"),
        Criterion("other_language", "Language",
                  "Proficient in a language other than Chinese and English", "other_language"),
        Criterion("experience_5", "Work experience",
                  "At least 5 years of graduate or specialist work experience",
                  "years_experience", 5),
        Criterion("experience_10", "Work experience",
                  "At least 10 years of graduate or specialist work experience",
                  "years_experience", 10),
        Criterion("senior_2", "Work experience",
                  "At least 2 years at managerial or senior level", "years_senior", 2),
        Criterion("international_2", "Work experience",
                  "At least 2 years of international work experience", "years_international", 2),
        Criterion("income_1m", "Annual income",
                  "Annual income of HK$1,000,000 or more in the year before applying",
                  "annual_income", 1_000_000),
        Criterion("business_owner", "Business ownership", "Owns or runs a business",
                  "owns_business"),
    ),
    required=6,
)

GPT_VERSIONS: tuple[PointsTable | CriteriaTest, ...] = (POINTS_TABLE, CRITERIA_2024)

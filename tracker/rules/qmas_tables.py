"""QMAS General Points Test, as versioned data: two points tables, then the 12 criteria.

The application date picks the test (ImmD applies the test in force when the
application was filed):

* **2008 table** (every application before May 2015): age, academic
  qualifications (bachelor 30, master's 35, doctorate 40, two doctorates 45),
  work experience (50/40/30/10), language, family; pass mark 80, maximum 165.
  Secondary copies of ImmD's table; the change in May 2015 is in ImmD's FAQ on
  the 2015 enhancement measures. The 2006 launch table is not kept.
* **May 2015 – 31 Oct 2024 table**: academic 40/20/10 plus **30** for a degree
  from an internationally renowned institution, work 40/30/15/5 plus **15** for
  two years' international experience, and from 28 Aug 2018 **30** for a
  Talent List profession (official: talentlist.gov.hk, ImmD's Talent List
  notice); pass mark 80. Several secondary copies agree on the values; the day
  in May 2015 is not known, so an application filed in May 2015 is assessed on
  both tables and answers "unknown" where they disagree.
* **From 1 Nov 2024**: 12 yes/no criteria in six aspects, meet at least 6
  (government press release and RTHK, 1 Nov 2024). The criteria come from a
  Chinese copy of ImmD's table (secondary: asym.immiknow.com); ImmD's English
  wording was not found, so each is `confirmed=False`.

Values from secondary copies are `confirmed=False`: a verdict resting on them
is indicative. To change a value, edit it here and its test in
tests/rules/test_qmas.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.rules.sources import CHECKED, QMAS_REFORM_2024, TALENT_LIST_SITE
from tracker.rules.text import Text

QMAS_2015_CHANGE = date(2015, 5, 1)  # the month is known (ImmD FAQ), the day is not
QMAS_2015_CERTAIN = date(2015, 6, 1)  # the first day the 2015 table was surely in force


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
    pass_mark: int
    renowned_bonus: int = 0  # a degree from an internationally renowned institution
    international_bonus: int = 0  # two years' or more international work experience
    international_years: int = 2
    talent_list_bonus: int = 0  # 0: the table has no Talent List factor
    talent_list_source: str = ""
    confirmed: bool = False  # the values come from secondary copies of ImmD's table
    certain_from: date | None = None  # set when the first day is not known exactly

    @property
    def stated_max(self) -> int:
        """The most the factors can add up to."""
        family = self.spouse_degree + self.children_max + self.immediate_family_pr
        return (max(b.points for b in self.age) + self.academic[0].points
                + self.work[0].points + self.language_both + family + self.renowned_bonus
                + self.international_bonus + self.talent_list_bonus)


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
    confirmed: bool = False
    certain_from: date | None = None


_AGE = (AgeBand(18, 39, 30), AgeBand(40, 44, 20), AgeBand(45, 50, 15), AgeBand(51, None, 0))

TABLE_2008 = PointsTable(
    code="gpt_points_2008",
    label=Text("General Points Test – 2008 points table (pass mark 80)"),
    effective_from=date(2008, 1, 1),
    source="ImmD QMAS General Points Test as revised in 2008 (secondary copies of ImmD's "
           "table; its first day is not recorded here), applied to every application before "
           f"May 2015 (ImmD FAQ on the 2015 enhancement measures); {CHECKED}",
    age=_AGE,
    academic=(
        AcademicBand(Text("two doctorates"), "doctorate", 2, 45),
        AcademicBand(Text("a doctorate"), "doctorate", 1, 40),
        AcademicBand(Text("two master's degrees"), "master", 2, 40),
        AcademicBand(Text("a master's degree"), "master", 1, 35),
        AcademicBand(Text("two bachelor's degrees"), "bachelor", 2, 35),
        AcademicBand(Text("a bachelor's degree"), "bachelor", 1, 30),
    ),
    work=(WorkBand(10, 5, 50), WorkBand(5, 2, 40), WorkBand(5, 0, 30), WorkBand(2, 0, 10)),
    language_both=20, language_one_plus_other=15, language_one=10,
    spouse_degree=5, per_child=5, children_max=10, immediate_family_pr=5,
    pass_mark=80,
)

TABLE_2015 = PointsTable(
    code="gpt_points_2015",
    label=Text("General Points Test – points table of May 2015 (pass mark 80)"),
    effective_from=QMAS_2015_CHANGE,
    source="ImmD QMAS General Points Test, May 2015 – 31 Oct 2024 (several secondary copies "
           "of ImmD's table agree; the month from ImmD's FAQ on the 2015 enhancement measures, "
           f"the day not known), {CHECKED}; Talent List bonus: {TALENT_LIST_SITE}",
    age=_AGE,
    academic=(
        AcademicBand(Text("a doctorate"), "doctorate", 1, 40),
        AcademicBand(Text("two doctorates"), "doctorate", 2, 40),
        AcademicBand(Text("two master's degrees"), "master", 2, 40),
        AcademicBand(Text("a master's degree"), "master", 1, 20),
        AcademicBand(Text("two bachelor's degrees"), "bachelor", 2, 20),
        AcademicBand(Text("a bachelor's degree or professional qualification"), "bachelor", 1,
                     10),
    ),
    work=(WorkBand(10, 5, 40), WorkBand(5, 2, 30), WorkBand(5, 0, 15), WorkBand(2, 0, 5)),
    language_both=20, language_one_plus_other=15, language_one=10,
    spouse_degree=5, per_child=5, children_max=10, immediate_family_pr=5,
    pass_mark=80,
    renowned_bonus=30, international_bonus=15,
    talent_list_bonus=30, talent_list_source=TALENT_LIST_SITE,
    certain_from=QMAS_2015_CERTAIN,
)

# The six aspects of the 2024 criteria.
_AGE_ASPECT, _ACADEMIC = Text("Age"), Text("Academic qualifications")
_LANGUAGE, _WORK, _BUSINESS = Text("Language"), Text("Work experience"), Text("Business ownership")

CRITERIA_2024 = CriteriaTest(
    code="gpt_criteria",
    label=Text("General Points Test – 12 criteria (meet at least 6)"),
    effective_from=QMAS_REFORM_2024,
    source="HKSAR Government press release of 1 Nov 2024 and RTHK, 1 Nov 2024 (12 criteria "
           "in 6 aspects, meet at least 6); the criteria from a Chinese copy of ImmD's table "
           f"(secondary: asym.immiknow.com), ImmD's English wording not found; {CHECKED}",
    criteria=(
        Criterion("age_50", _AGE_ASPECT, Text("Aged 50 or below"), "age_at_most", 50),
        Criterion("postgraduate_eligible", _ACADEMIC,
                  Text("Master's or doctoral degree from an eligible university (the Top "
                       "Talent Pass Scheme list: 198 from 1 Nov 2024, 199 from 1 Jan 2025, 200 "
                       "from 1 Jan 2026)"), "postgraduate_eligible_university"),
        Criterion("postgraduate_stem", _ACADEMIC,
                  Text("That master's or doctoral degree is in a STEM subject"),
                  "postgraduate_stem"),
        Criterion("two_languages", _LANGUAGE,
                  Text("Good written and spoken ability in two languages (any two)"),
                  "two_languages"),
        Criterion("english", _LANGUAGE, Text("Good written and spoken English"), "english"),
        Criterion("experience_5", _WORK,
                  Text("5 years or more of graduate or specialist-level work"),
                  "years_experience", 5),
        Criterion("multinational_3", _WORK,
                  Text("3 years or more of such work in a multinational or renowned enterprise "
                       "(listed, Forbes Global 2000, Fortune 500, Hurun China 500)"),
                  "years_multinational", 3),
        Criterion("priority_sectors_3", _WORK,
                  Text("3 years or more of such work in innovation and technology, finance, or "
                       "international trade (incl. cross-border shipping and supply chain)"),
                  "years_innovation_finance_trade", 3),
        Criterion("abroad_2", _WORK, Text("2 years or more of such work abroad"),
                  "years_international", 2),
        Criterion("income_1m", Text("Annual income"),
                  Text("Annual income of HK$1,000,000 or more in the year before applying"),
                  "annual_income", 1_000_000),
        Criterion("business_profit_5m", _BUSINESS,
                  Text("Owns a business with an annual profit of HK$5,000,000 or more"),
                  "business_profit", 5_000_000),
        Criterion("listed_company", _BUSINESS, Text("Owns a listed company"),
                  "owns_listed_company"),
    ),
    required=6,
)

GPT_VERSIONS: tuple[PointsTable | CriteriaTest, ...] = (TABLE_2008, TABLE_2015, CRITERIA_2024)

"""Top Talent Pass Scheme (TTPS, since 28 Dec 2022; ImmD TTPS page, guidebook ID(E) 1026).

Three categories, any one of which admits the applicant without a job offer:
* A: annual income of HK$2.5 million or more in the year before applying;
* B: a bachelor's degree or above from an eligible university, and 3 years' work in
  the last 5;
* C: a degree from an eligible university awarded in the last 5 years, with less than
  3 years' work; subject to an annual quota.
Holders may work for any employer (rules/employer_change.py). To extend, the holder
must be employed at degree level at market pay or run a genuine business. A fact the
profile lacks makes a category "unknown", never "no".
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from tracker.rules.alternatives import category, one_of
from tracker.rules.profile import CandidateProfile
from tracker.rules.results import RouteVerdict, Rule, RuleResult, make_verdict
from tracker.rules.sources_after_arrival import IMMD_TTPS, TTPS_A_36_MONTHS, TTPS_LAUNCH
from tracker.rules.text import Text

INCOME_A_HKD = 2_500_000
RECENT_YEARS = 5  # B: work in the last 5 years; C: degree awarded in the last 5 years
WORK_YEARS = 3

CATEGORY = Rule("ttps_category", Text("Meets category A, B or C"), True, IMMD_TTPS, TTPS_LAUNCH)
CAT_A = Rule("ttps_a", Text("Category A: income of HK$2.5 million or more in the year before "
                            "applying"), False, IMMD_TTPS, TTPS_LAUNCH)
CAT_B = Rule("ttps_b", Text("Category B: a degree from an eligible university and 3 years' work "
                            "in the last 5"), False, IMMD_TTPS, TTPS_LAUNCH)
CAT_C = Rule("ttps_c", Text("Category C: a degree from an eligible university in the last 5 "
                            "years, with less than 3 years' work (annual quota)"), False,
             IMMD_TTPS, TTPS_LAUNCH)
NO_OFFER = Rule("ttps_no_offer", Text("No job offer needed"), False, IMMD_TTPS, TTPS_LAUNCH)


def _hkd(amount: int) -> str:
    return f"HK${amount:,}"


def category_a(profile: CandidateProfile) -> RuleResult:
    income = profile.annual_income_hkd
    if income is None:
        return CAT_A.result("unknown", Text("Income in the year before applying not given."))
    if income >= INCOME_A_HKD:
        return CAT_A.result("pass", Text("Income %(income)s is at least %(floor)s.",
                                         income=_hkd(income), floor=_hkd(INCOME_A_HKD)))
    return CAT_A.result("fail", Text("Income %(income)s is below %(floor)s.",
                                     income=_hkd(income), floor=_hkd(INCOME_A_HKD)))


def _eligible_degree(profile: CandidateProfile) -> tuple[bool | None, Text]:
    """A bachelor's or above from a TTPS-listed university (a listed master's counts)."""
    if profile.level_rank is not None and profile.level_rank < 2:
        return False, Text("No degree.")
    fact = profile.eligible_university_degree
    if fact is None and profile.eligible_university:
        fact = True
    if fact is None:
        return None, Text("Whether the degree is from an eligible university is not given.")
    return fact, (Text("Degree from an eligible university.") if fact
                  else Text("The degree is not from an eligible university."))


def _recent_work(profile: CandidateProfile) -> tuple[bool | None, Text]:
    recent = profile.years_experience_last_5
    if recent is None and profile.years_experience is not None \
            and profile.years_experience < WORK_YEARS:
        recent = profile.years_experience  # fewer in total, so fewer in the last 5
    if recent is None:
        return None, Text("Years of work in the last 5 years not given.")
    return recent >= WORK_YEARS, Text("%(years)s years' work in the last 5.", years=recent)


def category_b(profile: CandidateProfile) -> RuleResult:
    return category(CAT_B, [_eligible_degree(profile), _recent_work(profile)])


def _recent_degree(profile: CandidateProfile, on: date) -> tuple[bool | None, Text]:
    awarded = profile.degree_awarded_on
    if awarded is None:
        return None, Text("When the degree was awarded is not given.")
    recent = awarded > on - relativedelta(years=RECENT_YEARS)
    return recent, Text("Degree awarded on %(day)s.", day=f"{awarded:%d/%m/%Y}")


def _little_work(profile: CandidateProfile) -> tuple[bool | None, Text]:
    years = profile.years_experience
    if years is None and profile.years_experience_last_5 is not None \
            and profile.years_experience_last_5 >= WORK_YEARS:
        years = profile.years_experience_last_5
    if years is None:
        return None, Text("Years of work experience not given.")
    return years < WORK_YEARS, Text("%(years)s years' work experience.", years=years)


def category_c(profile: CandidateProfile, on: date) -> RuleResult:
    return category(CAT_C, [_eligible_degree(profile), _recent_degree(profile, on),
                            _little_work(profile)])


def ttps_verdict(profile: CandidateProfile, on: date) -> RouteVerdict:
    """TTPS for this candidate on application date *on*: any one category admits."""
    categories = [(Text("category A"), category_a(profile)),
                  (Text("category B"), category_b(profile)),
                  (Text("category C"), category_c(profile, on))]
    return make_verdict("TTPS", (
        one_of(CATEGORY, categories),
        *(result for _, result in categories),
        NO_OFFER.result("pass", Text("No job offer is needed; holders may work for any "
                                     "employer.")),
    ))


def initial_stay_months(category_code: str, approved_on: date) -> int:
    """The first stay granted: 36 months for category A approved since 16 Oct 2024, else 24."""
    return 36 if category_code == "A" and approved_on >= TTPS_A_36_MONTHS else 24

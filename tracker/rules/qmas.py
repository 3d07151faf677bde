"""QMAS: the prerequisites, the General Points Test in force, the Achievement-based Points
Test, and the route verdict.

`assess_gpt(profile, on)` picks the test in force on the application date (the
2008 table before May 2015, the May 2015 table until 31 Oct 2024, the 12
criteria from 1 Nov 2024; qmas_tables.py) and explains every factor.
Everything here is labelled `INDICATIVE`: the Immigration Department decides
(and selects among applicants).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from tracker.rules import qmas_points as pts
from tracker.rules.common import age_between, chinese_or_english, good_education, month_of
from tracker.rules.dates import age_on
from tracker.rules.logic import all_of, at_least
from tracker.rules.profile import CandidateProfile
from tracker.rules.qmas_tables import GPT_VERSIONS, CriteriaTest, Criterion, PointsTable
from tracker.rules.results import (
    INDICATIVE,
    Outcome,
    RouteVerdict,
    Rule,
    RuleResult,
    make_verdict,
)
from tracker.rules.sources import IMMD_QMAS, QMAS_REFORM_2024
from tracker.rules.text import Text
from tracker.rules.versions import in_force_or_first

QMAS_LAUNCH = date(2006, 6, 28)  # applications accepted from (government press release)
GUIDEBOOK = f"{IMMD_QMAS} (prerequisites)"


@dataclass(frozen=True)
class GptItem:
    """One factor (points table) or criterion (questionnaire) and what it earned."""

    code: str
    aspect: str
    label: str
    points: int | None  # None for yes/no criteria
    potential: int | None
    met: bool | None
    reason: str
    confirmed: bool = True


@dataclass(frozen=True)
class GptAssessment:
    kind: Literal["points", "criteria"]
    version: str
    effective_from: date
    source: str
    items: tuple[GptItem, ...]
    score: int  # points surely earned, or criteria surely met
    best_case: int  # if every unknown fact turned out favourable
    threshold: int  # pass mark, or criteria required
    stated_max: int | None
    outcome: Outcome
    summary: str
    note: str = INDICATIVE
    confirmed: bool = True  # False: the test's values or wording come from secondary copies


@dataclass(frozen=True)
class AptAssessment:
    achievements: tuple[str, ...]  # "title — evidence"
    outcome: Outcome
    reason: str
    note: str = INDICATIVE


APT_KINDS = ("olympic_medal", "nobel_prize", "national_award", "international_award")


def gpt_version_on(on: date) -> PointsTable | CriteriaTest:
    """The General Points Test in force on *on*."""
    return in_force_or_first(GPT_VERSIONS, on)


def points_outcome(score: int, best: int, threshold: int) -> Outcome:
    """Pass at or above the threshold; unknown if only favourable unknowns could reach it."""
    if score >= threshold:
        return "pass"
    return "unknown" if best >= threshold else "fail"


def _points(table: PointsTable, p: CandidateProfile, on: date) -> GptAssessment:
    age, academic = Text("Age"), Text("Academic/professional qualifications")
    work, language = Text("Work experience"), Text("Language proficiency")
    family = Text("Family background")
    factors = [
        ("age", age, age, pts.age_points(table, p, on), False),
        ("academic", academic, academic, pts.academic_points(table, p), False),
        ("work", work, work, pts.work_points(table, p), False),
        ("language", language, language, pts.language_points(table, p), False),
        ("family", family, family, pts.family_points(table, p), False),
    ]
    if table.renowned_bonus:
        factors.insert(2, ("renowned", academic,
                           Text("Bonus: internationally renowned institution (+%(bonus)s)",
                                bonus=table.renowned_bonus),
                           pts.renowned_points(table, p), False))
    if table.international_bonus:
        factors.insert(4, ("international", work,
                           Text("Bonus: %(years)s+ years' international work experience "
                                "(+%(bonus)s)", years=table.international_years,
                                bonus=table.international_bonus),
                           pts.international_points(table, p), False))
    if table.talent_list_bonus:  # official (talentlist.gov.hk), unlike the other values
        factors.append(("talent_list", Text("Talent List"),
                        Text("Talent List (+%(bonus)s)", bonus=table.talent_list_bonus),
                        pts.talent_list_points(table, p, on), True))
    items = tuple(GptItem(code, aspect, label, s.points, s.potential,
                          (s.points > 0) if s.points == s.potential else None, s.reason,
                          official or table.confirmed)
                  for code, aspect, label, s, official in factors)
    score = sum(i.points or 0 for i in items)
    best = sum(i.potential or 0 for i in items)
    outcome = points_outcome(score, best, table.pass_mark)
    summary = Text("%(score)s points (up to %(best)s if unknown facts are favourable); pass mark "
                   "%(mark)s; maximum %(max)s.", score=score, best=best, mark=table.pass_mark,
                   max=table.stated_max)
    return GptAssessment("points", table.label, table.effective_from, table.source, items,
                         score, best, table.pass_mark, table.stated_max, outcome, summary,
                         confirmed=table.confirmed)


def _two_languages(p: CandidateProfile) -> bool | None:
    """Good written and spoken ability in any two languages (three-valued)."""
    langs = p.languages
    others = langs.other
    held = (langs.english is True) + (langs.chinese is True) + len(others or ())
    possible = ((langs.english is not False) + (langs.chinese is not False)
                + (2 if others is None else len(others)))
    if held >= 2:
        return True
    return False if possible < 2 else None


def _at_least_master(p: CandidateProfile, fact: bool | None) -> bool | None:
    """A master's or doctorate (rank 3+) that also has *fact* (three-valued AND)."""
    return all_of([at_least(p.level_rank, 3), fact])


def _business_profit(p: CandidateProfile, threshold: int) -> bool | None:
    if p.owns_business is False:
        return False
    return at_least(p.business_profit_hkd, threshold)


def _criterion_fact(c: Criterion, p: CandidateProfile, on: date) -> bool | None:
    """Evaluate one questionnaire criterion (three-valued)."""
    threshold = c.threshold or 0
    counts = {"years_experience": p.years_experience, "years_multinational":
              p.years_multinational, "years_innovation_finance_trade":
              p.years_innovation_finance_trade, "years_international": p.years_international,
              "annual_income": p.annual_income_hkd}
    if c.fact in counts:
        return at_least(counts[c.fact], threshold)
    if c.fact == "age_at_most":
        return None if p.date_of_birth is None else age_on(p.date_of_birth, on) <= threshold
    if c.fact == "postgraduate_eligible_university":
        return _at_least_master(p, p.eligible_university)
    if c.fact == "postgraduate_stem":
        return _at_least_master(p, p.stem_degree)
    if c.fact == "two_languages":
        return _two_languages(p)
    if c.fact == "english":
        return p.languages.english
    if c.fact == "business_profit":
        return _business_profit(p, threshold)
    if c.fact == "owns_listed_company":
        return p.owns_listed_company
    raise ValueError(f"Unknown QMAS criterion fact {c.fact!r}")


def _criteria(test: CriteriaTest, p: CandidateProfile, on: date) -> GptAssessment:
    items = []
    for c in test.criteria:
        met = _criterion_fact(c, p, on)
        reason = {True: Text("Met."), False: Text("Not met."),
                  None: Text("Not known from the profile.")}[met]
        items.append(GptItem(c.code, c.aspect, c.label, None, None, met, reason, c.confirmed))
    score = sum(1 for i in items if i.met)
    best = sum(1 for i in items if i.met is not False)
    outcome = points_outcome(score, best, test.required)
    summary = Text("%(score)s of %(count)s criteria met (up to %(best)s if unknown facts are "
                   "favourable); at least %(required)s needed.", score=score, count=len(items),
                   best=best, required=test.required)
    return GptAssessment("criteria", test.label, test.effective_from, test.source, tuple(items),
                         score, best, test.required, None, outcome, summary,
                         confirmed=test.confirmed)


def _assess(version: PointsTable | CriteriaTest, profile: CandidateProfile,
            on: date) -> GptAssessment:
    if isinstance(version, PointsTable):
        return _points(version, profile, on)
    return _criteria(version, profile, on)


def assess_gpt(profile: CandidateProfile, on: date) -> GptAssessment:
    """The General Points Test in force on *on*, factor by factor (indicative).

    When only the month a test took effect is known (May 2015), an application
    filed that month is assessed on both tests: where they disagree the answer
    is "unknown", never a "no" the other test would not give.
    """
    version = gpt_version_on(on)
    found = _assess(version, profile, on)
    if version.certain_from is None or on >= version.certain_from:
        return found
    earlier = _assess(gpt_version_on(version.effective_from - timedelta(days=1)), profile, on)
    if earlier.outcome == found.outcome:
        return replace(found, confirmed=False)
    return replace(found, outcome="unknown", confirmed=False,
                   summary=Text("%(summary)s The day in %(month)s this test replaced the "
                                "earlier one is not known; on the earlier test: %(earlier)s",
                                summary=found.summary, month=month_of(version.effective_from),
                                earlier=earlier.summary))


def assess_apt(profile: CandidateProfile) -> AptAssessment:
    """The Achievement-based Points Test: the achievements recorded and their evidence."""
    listed = tuple(Text("%(title)s — %(evidence)s", title=a.title,
                        evidence=a.evidence or Text("no evidence recorded"))
                   for a in profile.achievements)
    proven = [a for a in profile.achievements if a.kind in APT_KINDS and a.evidence.strip()]
    if proven:
        return AptAssessment(listed, "pass", Text("%(title)s, evidence: %(evidence)s.",
                                                  title=proven[0].title,
                                                  evidence=proven[0].evidence))
    if profile.achievements:
        return AptAssessment(listed, "unknown", Text("Achievement recorded without evidence, or "
                                                     "of a kind ImmD must judge exceptional."))
    return AptAssessment(listed, "fail", Text("No outstanding achievement recorded."))


AGE = Rule("qmas_age", Text("Aged 18 or above"), True, GUIDEBOOK, QMAS_LAUNCH)
EDUCATION = Rule("qmas_education", Text("Good education (normally a first degree)"), True,
                 GUIDEBOOK, QMAS_LAUNCH)
FINANCIAL = Rule("qmas_financial", Text("Able to support and accommodate oneself and "
                                        "dependants without public assistance"), True, GUIDEBOOK,
                 QMAS_LAUNCH)
CHARACTER = Rule("qmas_good_character", Text("Good character (no criminal record or adverse "
                                             "immigration record)"), True, GUIDEBOOK,
                 QMAS_LAUNCH)
LANGUAGE = Rule("qmas_language", Text("Written and spoken Chinese or English"), True, GUIDEBOOK,
                QMAS_LAUNCH)
# Whether language stayed a prerequisite after the 1 Nov 2024 reform is unresolved
# (secondary sources disagree): the rule is kept, unconfirmed, and never answers "no".
LANGUAGE_2024 = Rule("qmas_language", Text("Written and spoken Chinese or English (a "
                                           "prerequisite after 1 Nov 2024? unresolved)"), True,
                     f"{GUIDEBOOK}; secondary sources disagree whether it still applies",
                     QMAS_REFORM_2024, confirmed=False)
POINTS_TEST = Rule("qmas_points_test", Text("General Points Test or Achievement-based Points "
                                             "Test"), True, IMMD_QMAS, QMAS_LAUNCH)
NO_OFFER = Rule("qmas_no_offer", Text("No job offer needed"), False, IMMD_QMAS, QMAS_LAUNCH)


def language(profile: CandidateProfile, on: date) -> RuleResult:
    """The language prerequisite; from 1 Nov 2024 a "no" becomes "unknown" (unresolved)."""
    if on < QMAS_REFORM_2024:
        return chinese_or_english(LANGUAGE, profile)
    found = chinese_or_english(LANGUAGE_2024, profile)
    if found.outcome != "fail":
        return found
    return LANGUAGE_2024.result("unknown", Text("%(reason)s Whether language is still a "
                                                "prerequisite after 1 Nov 2024 is not "
                                                "resolved.", reason=found.reason))


def prerequisites(profile: CandidateProfile, on: date) -> tuple[RuleResult, ...]:
    """Age, education, financial means, good character and language (ImmD's guidebook)."""
    return (
        age_between(AGE, profile, on, 18, None),
        good_education(EDUCATION, profile),
        FINANCIAL.check(profile.financial_means,
                        yes=Text("Can support and accommodate themselves and dependants."),
                        no=Text("Cannot show the means to live without public assistance."),
                        missing=Text("Financial means not recorded.")),
        CHARACTER.check(profile.good_character, yes=Text("Good character."),
                        no=Text("A criminal record or adverse immigration record."),
                        missing=Text("Good character (criminal and immigration record) not "
                                     "recorded.")),
        language(profile, on),
    )


def qmas_verdict(profile: CandidateProfile, on: date) -> RouteVerdict:
    """QMAS for this candidate on application date *on*, rule by rule."""
    gpt, apt = assess_gpt(profile, on), assess_apt(profile)
    outcomes = {gpt.outcome, apt.outcome}
    test: Outcome = "pass" if "pass" in outcomes else "unknown" if "unknown" in outcomes else "fail"
    reason = Text("GPT (%(version)s): %(gpt)s APT: %(apt)s (%(note)s)", version=gpt.version,
                  gpt=gpt.summary, apt=apt.reason, note=INDICATIVE)
    test_result = POINTS_TEST.result(test, reason)
    if not gpt.confirmed and apt.outcome != "pass":
        # The answer rests on a test whose values or wording come from secondary copies.
        test_result = replace(test_result, confirmed=False)
    return make_verdict("QMAS", (
        *prerequisites(profile, on),
        test_result,
        NO_OFFER.result("pass", Text("Applicants need no job offer in Hong Kong.")),
    ))

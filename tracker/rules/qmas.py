"""QMAS: an indicative General Points Test, the Achievement-based Points Test, the route verdict.

`assess_gpt(profile, on)` picks the test in force on the application date
(the points table until 31 Oct 2024, the 12-criteria questionnaire from
1 Nov 2024; see qmas_tables.py) and explains every factor. Everything here is
labelled `INDICATIVE`: the Immigration Department decides.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from tracker.rules import qmas_points as pts
from tracker.rules.common import age_between, chinese_or_english, good_education
from tracker.rules.dates import age_on
from tracker.rules.logic import all_of, at_least
from tracker.rules.profile import CandidateProfile
from tracker.rules.qmas_tables import GPT_VERSIONS, CriteriaTest, Criterion, PointsTable
from tracker.rules.results import INDICATIVE, Outcome, RouteVerdict, Rule, make_verdict
from tracker.rules.sources import IMMD_QMAS, SEED_AS_OF
from tracker.rules.versions import in_force_or_first


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
    factors = (
        ("age", "Age", pts.age_points(table, p, on)),
        ("academic", "Academic/professional qualifications", pts.academic_points(table, p)),
        ("work", "Work experience", pts.work_points(table, p)),
        ("talent_list", "Talent List", pts.talent_list_points(table, p, on)),
        ("language", "Language proficiency", pts.language_points(table, p)),
        ("family", "Family background", pts.family_points(table, p)),
    )
    items = [GptItem(code, label, label, s.points, s.potential,
                     (s.points > 0) if s.points == s.potential else None, s.reason)
             for code, label, s in factors]
    items += [GptItem(f"bonus_{i}", "Bonus", f"Bonus for {name}", 0, 0, None,
                      "Points value not confirmed: not counted.", confirmed=False)
              for i, name in enumerate(table.unscored_bonuses, 1)]
    score = sum(i.points or 0 for i in items)
    best = sum(i.potential or 0 for i in items)
    outcome = points_outcome(score, best, table.pass_mark)
    summary = f"{score} points (up to {best} if unknown facts are favourable); pass mark " \
              f"{table.pass_mark}; stated maximum {table.stated_max}."
    return GptAssessment("points", table.label, table.effective_from, table.source, tuple(items),
                         score, best, table.pass_mark, table.stated_max, outcome, summary)


def _criterion_fact(c: Criterion, p: CandidateProfile, on: date) -> bool | None:
    """Evaluate one questionnaire criterion (three-valued)."""
    threshold = c.threshold or 0
    if c.fact == "age_at_most":
        dob = p.date_of_birth
        return None if dob is None else 18 <= age_on(dob, on) <= threshold
    if c.fact == "level_at_least":
        return at_least(p.level_rank, threshold)
    if c.fact == "chinese_and_english":
        return all_of([p.languages.chinese, p.languages.english])
    if c.fact == "other_language":
        return p.languages.has_other
    if c.fact in ("years_experience", "years_senior", "years_international"):
        return at_least(getattr(p, c.fact), threshold)
    if c.fact == "annual_income":
        return at_least(p.annual_income_hkd, threshold)
    if c.fact in ("stem_degree", "renowned_institution", "owns_business"):
        return getattr(p, c.fact)
    raise ValueError(f"Unknown QMAS criterion fact {c.fact!r}")


def _criteria(test: CriteriaTest, p: CandidateProfile, on: date) -> GptAssessment:
    items = []
    for c in test.criteria:
        met = _criterion_fact(c, p, on)
        reason = {True: "Met.", False: "Not met.", None: "Not known from the profile."}[met]
        items.append(GptItem(c.code, c.aspect, c.label, None, None, met, reason, c.confirmed))
    score = sum(1 for i in items if i.met)
    best = sum(1 for i in items if i.met is not False)
    outcome = points_outcome(score, best, test.required)
    summary = f"{score} of {len(items)} criteria met (up to {best} if unknown facts are " \
              f"favourable); at least {test.required} needed."
    return GptAssessment("criteria", test.label, test.effective_from, test.source, tuple(items),
                         score, best, test.required, None, outcome, summary)


def assess_gpt(profile: CandidateProfile, on: date) -> GptAssessment:
    """The General Points Test in force on *on*, factor by factor (indicative)."""
    version = gpt_version_on(on)
    if isinstance(version, PointsTable):
        return _points(version, profile, on)
    return _criteria(version, profile, on)


def assess_apt(profile: CandidateProfile) -> AptAssessment:
    """The Achievement-based Points Test: the achievements recorded and their evidence."""
    listed = tuple(f"{a.title} — {a.evidence or 'no evidence recorded'}"
                   for a in profile.achievements)
    proven = [a for a in profile.achievements if a.kind in APT_KINDS and a.evidence.strip()]
    if proven:
        return AptAssessment(listed, "pass", f"{proven[0].title}, evidence: {proven[0].evidence}.")
    if profile.achievements:
        return AptAssessment(listed, "unknown", "Achievement recorded without evidence, or of a "
                                                "kind ImmD must judge exceptional.")
    return AptAssessment(listed, "fail", "No outstanding achievement recorded.")


AGE = Rule("qmas_age", "Aged 18 or above", True, IMMD_QMAS + " (prerequisites)", SEED_AS_OF)
EDUCATION = Rule("qmas_education", "Good education (normally a first degree)", True,
                 IMMD_QMAS + " (prerequisites)", SEED_AS_OF)
LANGUAGE = Rule("qmas_language", "Written and spoken Chinese or English", True,
                IMMD_QMAS + " (prerequisites)", SEED_AS_OF)
POINTS_TEST = Rule("qmas_points_test", "General Points Test or Achievement-based Points Test",
                   True, IMMD_QMAS, SEED_AS_OF)
NO_OFFER = Rule("qmas_no_offer", "No job offer needed", False, IMMD_QMAS, SEED_AS_OF)


def qmas_verdict(profile: CandidateProfile, on: date) -> RouteVerdict:
    """QMAS for this candidate on application date *on*, rule by rule."""
    gpt, apt = assess_gpt(profile, on), assess_apt(profile)
    outcomes = {gpt.outcome, apt.outcome}
    test: Outcome = "pass" if "pass" in outcomes else "unknown" if "unknown" in outcomes else "fail"
    reason = f"GPT ({gpt.version}): {gpt.summary} APT: {apt.reason} ({INDICATIVE})"
    test_result = POINTS_TEST.result(test, reason)
    if gpt.kind == "criteria" and apt.outcome != "pass":
        # The questionnaire's criteria are placeholders until checked against ImmD's text.
        test_result = replace(test_result, confirmed=False)
    return make_verdict("QMAS", (
        age_between(AGE, profile, on, 18, None),
        good_education(EDUCATION, profile),
        chinese_or_english(LANGUAGE, profile),
        test_result,
        NO_OFFER.result("pass", "Applicants need no job offer in Hong Kong."),
    ))

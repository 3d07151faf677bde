"""Checks several schemes share, written once: age range, education, language, job offer,
market pay.

Each function takes the scheme's own `Rule` (its source and date differ per
scheme) and returns that rule's result for the profile.
"""

from __future__ import annotations

from datetime import date

from tracker.rules.dates import age_on, birthday
from tracker.rules.logic import any_of
from tracker.rules.profile import CandidateProfile
from tracker.rules.results import Rule, RuleResult

DEGREE_NAMES = {"bachelor": "a bachelor's degree", "master": "a master's degree",
                "doctorate": "a doctorate"}


def age_between(rule: Rule, profile: CandidateProfile, on: date, low: int,
                high: int | None) -> RuleResult:
    """Aged *low* to *high* inclusive on *on* (high None: no upper limit).

    "Aged 18 to 40" holds from the 18th birthday up to the day before the
    41st birthday; the exact dates are in the reason.
    """
    dob = profile.date_of_birth
    if dob is None:
        return rule.result("unknown", "Date of birth not given.")
    age = age_on(dob, on)
    if age < low:
        return rule.result("fail", f"Aged {age} on {on:%d/%m/%Y}; reaches {low} on "
                                   f"{birthday(dob, low):%d/%m/%Y}.")
    if high is not None and age > high:
        return rule.result("fail", f"Aged {age} on {on:%d/%m/%Y}; turned {high + 1} on "
                                   f"{birthday(dob, high + 1):%d/%m/%Y}.")
    limit = "" if high is None else f"; turns {high + 1} on {birthday(dob, high + 1):%d/%m/%Y}"
    return rule.result("pass", f"Aged {age} on {on:%d/%m/%Y}{limit}.")


def good_education(rule: Rule, profile: CandidateProfile) -> RuleResult:
    """Good education (normally a first degree), technical qualifications or proven experience.

    A degree passes. Without one, ImmD may still accept technical
    qualifications or proven professional experience; the app cannot judge
    that, so it answers "unknown" unless there is neither a qualification nor
    any experience.
    """
    rank, years = profile.level_rank, profile.years_experience
    if rank is not None and rank >= 2:
        return rule.result("pass", f"Holds {DEGREE_NAMES[profile.qualification_level or '']}.")
    if rank == 0 and years == 0:
        return rule.result("fail", "No degree, technical qualification or work experience.")
    if rank is None and years is None:
        return rule.result("unknown", "Qualification and experience not given.")
    held = "a sub-degree qualification" if rank == 1 else "no degree"
    experience = "unknown experience" if years is None else f"{years} years' experience"
    return rule.result("unknown", f"Has {held} and {experience}: ImmD judges whether technical "
                                  "qualifications or proven professional experience suffice.")


def chinese_or_english(rule: Rule, profile: CandidateProfile) -> RuleResult:
    """Proficient in written and spoken Chinese (Putonghua or Cantonese) or English."""
    langs = profile.languages
    fact = any_of([langs.chinese, langs.english])
    held = [name for name, ok in (("Chinese", langs.chinese), ("English", langs.english)) if ok]
    return rule.check(
        fact,
        yes="Proficient in " + " and ".join(held) + ".",
        no="Neither written and spoken Chinese nor English.",
        missing="Language proficiency not given (written Chinese with Putonghua or Cantonese, "
                "or English).",
    )


def job_offer(rule: Rule, profile: CandidateProfile) -> RuleResult:
    """The candidate holds a job offer in Hong Kong."""
    offer = profile.job_offer
    title = f": {offer.title}" if offer is not None and offer.title else ""
    return rule.check(profile.offer_known, yes=f"Holds a job offer{title}.",
                      no="No job offer in Hong Kong.", missing="Job offer not recorded.")


def market_pay(rule: Rule, profile: CandidateProfile) -> RuleResult:
    """Pay at market level: HR's judgement, never passed or failed by the app.

    No official figure exists (ImmD compares the package with the prevailing
    market rate for the post), so the answer stays "unknown" and the rule is
    not blocking: it is shown for HR to review.
    """
    offer = profile.job_offer
    pay = None if offer is None else offer.monthly_hkd
    offered = "" if pay is None else f"HK${pay:,} a month is offered. "
    return rule.result("unknown", f"{offered}HR's judgement: ImmD compares the package with "
                                  "the prevailing market rate for the post; no official "
                                  "figure exists.")

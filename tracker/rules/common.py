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
from tracker.rules.text import Text

DEGREE_NAMES = {"bachelor": Text("a bachelor's degree"), "master": Text("a master's degree"),
                "doctorate": Text("a doctorate")}


# Month names for "January 2020" in a reason (Chinese writes 2020年1月).
MONTHS = (Text("January"), Text("February"), Text("March"), Text("April"), Text("May"),
          Text("June"), Text("July"), Text("August"), Text("September"), Text("October"),
          Text("November"), Text("December"))


def _day(on: date) -> str:
    return f"{on:%d/%m/%Y}"


def month_of(day: date) -> Text:
    """*day*'s month and year in words ("January 2020")."""
    return Text("%(month)s %(year)s", month=MONTHS[day.month - 1], year=day.year)


def age_between(rule: Rule, profile: CandidateProfile, on: date, low: int,
                high: int | None) -> RuleResult:
    """Aged *low* to *high* inclusive on *on* (high None: no upper limit).

    "Aged 18 to 40" holds from the 18th birthday up to the day before the
    41st birthday; the exact dates are in the reason.
    """
    dob = profile.date_of_birth
    if dob is None:
        return rule.result("unknown", Text("Date of birth not given."))
    age = age_on(dob, on)
    if age < low:
        return rule.result("fail", Text("Aged %(age)s on %(on)s; reaches %(low)s on %(day)s.",
                                        age=age, on=_day(on), low=low,
                                        day=_day(birthday(dob, low))))
    if high is not None and age > high:
        return rule.result("fail", Text("Aged %(age)s on %(on)s; turned %(limit)s on %(day)s.",
                                        age=age, on=_day(on), limit=high + 1,
                                        day=_day(birthday(dob, high + 1))))
    if high is None:
        return rule.result("pass", Text("Aged %(age)s on %(on)s.", age=age, on=_day(on)))
    return rule.result("pass", Text("Aged %(age)s on %(on)s; turns %(limit)s on %(day)s.",
                                    age=age, on=_day(on), limit=high + 1,
                                    day=_day(birthday(dob, high + 1))))


def good_education(rule: Rule, profile: CandidateProfile) -> RuleResult:
    """Good education (normally a first degree), technical qualifications or proven experience.

    A degree passes. Without one, ImmD may still accept technical
    qualifications or proven professional experience; the app cannot judge
    that, so it answers "unknown" unless there is neither a qualification nor
    any experience.
    """
    rank, years = profile.level_rank, profile.years_experience
    if rank is not None and rank >= 2:
        return rule.result("pass", Text("Holds %(degree)s.",
                                        degree=DEGREE_NAMES[profile.qualification_level or ""]))
    if rank == 0 and years == 0:
        return rule.result("fail", Text("No degree, technical qualification or work "
                                        "experience."))
    if rank is None and years is None:
        return rule.result("unknown", Text("Qualification and experience not given."))
    held = Text("a sub-degree qualification") if rank == 1 else Text("no degree")
    experience = (Text("unknown experience") if years is None
                  else Text("%(years)s years' experience", years=years))
    return rule.result("unknown", Text("Has %(held)s and %(experience)s: ImmD judges whether "
                                       "technical qualifications or proven professional "
                                       "experience suffice.", held=held, experience=experience))


def chinese_or_english(rule: Rule, profile: CandidateProfile) -> RuleResult:
    """Proficient in written and spoken Chinese (Putonghua or Cantonese) or English."""
    langs = profile.languages
    fact = any_of([langs.chinese, langs.english])
    if langs.chinese and langs.english:
        yes = Text("Proficient in Chinese and English.")
    else:
        yes = Text("Proficient in Chinese.") if langs.chinese else Text("Proficient in English.")
    return rule.check(
        fact,
        yes=yes,
        no=Text("Neither written and spoken Chinese nor English."),
        missing=Text("Language proficiency not given (written Chinese with Putonghua or "
                     "Cantonese, or English)."),
    )


def job_offer(rule: Rule, profile: CandidateProfile) -> RuleResult:
    """The candidate holds a job offer in Hong Kong."""
    offer = profile.job_offer
    yes = (Text("Holds a job offer: %(title)s.", title=offer.title)
           if offer is not None and offer.title else Text("Holds a job offer."))
    return rule.check(profile.offer_known, yes=yes, no=Text("No job offer in Hong Kong."),
                      missing=Text("Job offer not recorded."))


def market_pay(rule: Rule, profile: CandidateProfile) -> RuleResult:
    """Pay at market level: HR's judgement, never passed or failed by the app.

    No official figure exists (ImmD compares the package with the prevailing
    market rate for the post), so the answer stays "unknown" and the rule is
    not blocking: it is shown for HR to review.
    """
    offer = profile.job_offer
    pay = None if offer is None else offer.monthly_hkd
    judgement = Text("HR's judgement: ImmD compares the package with the prevailing market "
                     "rate for the post; no official figure exists.")
    if pay is None:
        return rule.result("unknown", judgement)
    return rule.result("unknown", Text("%(pay)s a month is offered. %(judgement)s",
                                       pay=f"HK${pay:,}", judgement=judgement))

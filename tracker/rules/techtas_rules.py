"""TechTAS: route-level checks for the advisor, quota validity versions, allotment matching.

The company's allotment positions come in as plain `AllotmentPosition`
records (a service builds them from QuotaPosition rows), so these rules
need no database. A candidate fits when the offer is principally R&D in a
technology area on the list in force, the candidate holds a STEM degree from a
university among the top 100 of the STEM ranking tables (a bachelor's holder
also needs a year's work in the technology area; without a degree ITC and ImmD
decide case by case, so the app answers "unknown"), and a valid allotment has
a position matching the offer with a quota left.

Quota validity: 12 months at first; ITC's FAQ says allotments since
28 Dec 2022 are valid for 24 months. QUOTA_VALIDITY holds both versions
(rules/differences.py says which applies on a date, for the advisor page), and
`quota_validity` picks the one in force on an allotment date. The allotment form
keeps its configurable default (TECHTAS_QUOTA_VALIDITY_MONTHS, 12), offers the
validity in force as one click, and the letter's date wins; the allotment page
flags a validity that differs from the one in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.rules.common import job_offer, market_pay, month_of
from tracker.rules.logic import at_least
from tracker.rules.places import normalise
from tracker.rules.profile import CandidateProfile, JobOffer
from tracker.rules.results import RouteVerdict, Rule, RuleResult, make_verdict, semicolons
from tracker.rules.sources import (
    ENHANCEMENTS_2022,
    HKSAR_TECHTAS_2022,
    ITC_TECHTAS,
    ITC_TECHTAS_FAQ,
    SEED,
    SEED_AS_OF,
)
from tracker.rules.techtas import area_key, area_label, area_list, area_outcome
from tracker.rules.text import Text
from tracker.rules.versions import in_force_or_first


@dataclass(frozen=True)
class QuotaValidity:
    effective_from: date  # allotments made on or after this date
    months: int
    source: str


QUOTA_VALIDITY: tuple[QuotaValidity, ...] = (
    QuotaValidity(date(2018, 6, 25), 12, SEED + " ('12-month quota validity period')"),
    QuotaValidity(ENHANCEMENTS_2022, 24, ITC_TECHTAS_FAQ + " (allotments since 28 Dec 2022)"),
)


def quota_validity(allotted: date) -> QuotaValidity:
    """The validity ITC gives a quota allotted on *allotted*: 12 months, 24 from 28 Dec 2022.

    The allotment form's one-click choice and the allotment page's flag read it;
    differences.applying_on picks from the same table the same way (in_force_or_first).
    """
    return in_force_or_first(QUOTA_VALIDITY, allotted)


@dataclass(frozen=True)
class AllotmentPosition:
    """One position of a company's ITC allotment letter, as the rules see it."""

    title: str
    technology_area: str
    monthly_salary_hkd: int  # offered, per the letter
    remaining: int  # quotas not yet used
    valid_until: date
    allotment_ref: str = ""
    position_id: int | None = None
    allotment_id: int | None = None

    @property
    def area_name(self) -> str:
        """The technology area as shown to a reader."""
        return area_label(self.technology_area)

    def describe(self) -> Text:
        if self.allotment_ref:
            return Text("'%(title)s', %(area)s (allotment %(ref)s)", title=self.title,
                        area=self.area_name, ref=self.allotment_ref)
        return Text("'%(title)s', %(area)s", title=self.title, area=self.area_name)


def _why_not(pos: AllotmentPosition, offer: JobOffer, on: date) -> Text | None:
    """Why *pos* cannot take this candidate on *on*, or None if it can."""
    if pos.valid_until < on:
        return Text("%(position)s expired on %(day)s", position=pos.describe(),
                    day=f"{pos.valid_until:%d/%m/%Y}")
    if pos.remaining <= 0:
        return Text("%(position)s has no quota left", position=pos.describe())
    if offer.technology_area is None or area_key(pos.technology_area) != area_key(
            offer.technology_area):
        return Text("%(position)s is in another area", position=pos.describe())
    monthly = offer.monthly_hkd
    if monthly is not None and monthly < pos.monthly_salary_hkd:
        return Text("%(position)s states %(stated)s a month, above the offer's %(offered)s",
                    position=pos.describe(), stated=f"HK${pos.monthly_salary_hkd:,}",
                    offered=f"HK${monthly:,}")
    return None


def fitting_positions(offer: JobOffer, on: date,
                      positions: list[AllotmentPosition]) -> list[AllotmentPosition]:
    """Positions valid on *on*, with a quota left, in the offer's area and not above its pay."""
    return [p for p in positions if _why_not(p, offer, on) is None]


def matching_position(profile: CandidateProfile, on: date,
                      positions: list[AllotmentPosition] | None) -> AllotmentPosition | None:
    """The position a case for this offer would draw on: same title first, else the first fit.

    None without an offer or a fitting position. A fit with another title still
    needs HR to check the letter's particulars (the rule then says "unknown").
    """
    if not positions or profile.job_offer is None:
        return None
    offer = profile.job_offer
    fits = fitting_positions(offer, on, positions)
    same = [p for p in fits if offer.title and normalise(p.title) == normalise(offer.title)]
    best = same or fits
    return best[0] if best else None


OFFER = Rule("techtas_job_offer", Text("Job offer from the quota-holding company"), True,
             ITC_TECHTAS, SEED_AS_OF)
RND_AREA = Rule("techtas_rnd_area", Text("Principally R&D in a TechTAS technology area"), True,
                f"{ITC_TECHTAS}; {HKSAR_TECHTAS_2022}: 14 areas since 28 Dec 2022",
                SEED_AS_OF)
# The applicant rules as announced for the launch (news.gov.hk, 8 May 2018) and as the
# government's TechTAS entry states them today (crossboundaryservices.gov.hk).
TECHTAS_LAUNCH = date(2018, 6, 25)
APPLICANT_SOURCE = (f"{ITC_TECHTAS}; crossboundaryservices.gov.hk, TechTAS entry; news.gov.hk, "
                    "8 May 2018")
STEM = Rule("techtas_stem", Text("STEM degree from a university among the top 100 of the STEM "
                                 "ranking tables (QS, THE or ARWU)"), True, APPLICANT_SOURCE,
            TECHTAS_LAUNCH)
AREA_EXPERIENCE = Rule("techtas_area_experience", Text("A bachelor's degree holder has at least "
                                                       "a year's work in the technology area"),
                       True, APPLICANT_SOURCE, TECHTAS_LAUNCH)
ALLOTMENT = Rule("techtas_allotment", Text("Valid allotment with a matching position and a free "
                                           "quota"),
                 True, f"{ITC_TECHTAS}; {ITC_TECHTAS_FAQ}", SEED_AS_OF)
MARKET_PAY = Rule("techtas_market_pay", Text("Pay not below the market level"), False,
                  ITC_TECHTAS, SEED_AS_OF)


def allotment_check(profile: CandidateProfile, on: date,
                    positions: list[AllotmentPosition] | None) -> RuleResult:
    """Which allotment position (if any) can take this candidate on *on*."""
    if positions is None:
        return ALLOTMENT.result("unknown", Text("The company's allotments were not checked."))
    if not positions:
        return ALLOTMENT.result("fail", Text("The company holds no TechTAS allotment."))
    offer = profile.job_offer
    if offer is None:
        return ALLOTMENT.result("unknown", Text("No job offer to match against the positions."))
    fits = fitting_positions(offer, on, positions)
    same_title = [p for p in fits if offer.title and normalise(p.title) == normalise(offer.title)]
    if same_title:
        best = same_title[0]
        return ALLOTMENT.result("pass", Text("Position %(position)s is valid until %(day)s with "
                                             "%(remaining)s quota(s) left.",
                                             position=best.describe(),
                                             day=f"{best.valid_until:%d/%m/%Y}",
                                             remaining=best.remaining))
    if fits:
        return ALLOTMENT.result("unknown", Text("Position %(position)s matches the area and "
                                                "pay, but not the job title: check the "
                                                "particulars in the allotment letter.",
                                                position=fits[0].describe()))
    reasons = semicolons([why for p in positions if (why := _why_not(p, offer, on))])
    return ALLOTMENT.result("fail", Text("No position can take this offer: %(reasons)s.",
                                         reasons=reasons))


def letter_position(offer: JobOffer,
                    positions: list[AllotmentPosition] | None) -> AllotmentPosition | None:
    """The allotment letter's position with the offer's title and area, if any (whether or
    not it can still take a candidate: allotment_check says that)."""
    if not positions or not offer.title or offer.technology_area is None:
        return None
    return next((p for p in positions if normalise(p.title) == normalise(offer.title)
                 and area_key(p.technology_area) == area_key(offer.technology_area)), None)


def principally_rnd(offer: JobOffer, positions: list[AllotmentPosition] | None) -> bool | None:
    """Whether the job is principally R&D: as recorded, else True when it is a position
    of an allotment letter (ITC allots TechTAS quotas for R&D posts, and the job must
    meet the particulars the letter sets out), else not known."""
    if offer.principally_rnd is not None:
        return offer.principally_rnd
    return True if letter_position(offer, positions) is not None else None


def rnd_area_check(profile: CandidateProfile, on: date,
                   positions: list[AllotmentPosition] | None = None) -> RuleResult:
    """Principally R&D, in an area on the list in force on *on* (techtas.area_outcome)."""
    offer = profile.job_offer
    if offer is None:
        return RND_AREA.result("unknown", Text("No job offer recorded."))
    listed = area_list(on)
    area = offer.technology_area
    outcome = None if area is None else area_outcome(area, on)
    shown = "" if area is None else area_label(area)
    rnd = principally_rnd(offer, positions)
    if rnd is False:
        return RND_AREA.result("fail", Text("The job is not principally R&D."))
    if outcome == "fail":
        return RND_AREA.result("fail", Text("'%(area)s' is not on the %(count)s technology areas "
                                            "in force on %(day)s.", area=shown,
                                            count=len(listed.areas), day=f"{on:%d/%m/%Y}"))
    if outcome == "unknown":
        return RND_AREA.result("unknown", Text("'%(area)s' is on the list of %(count)s areas of "
                                               "%(month)s, whose first day is not known: on "
                                               "%(day)s the earlier list may still apply.",
                                               area=shown, count=len(listed.areas),
                                               month=month_of(listed.effective_from),
                                               day=f"{on:%d/%m/%Y}"))
    if rnd and outcome == "pass":
        since = f"{listed.effective_from:%d/%m/%Y}"
        if offer.principally_rnd:
            return RND_AREA.result("pass", Text("R&D in %(area)s, on the list in force since "
                                                "%(day)s.", area=shown, day=since))
        return RND_AREA.result("pass", Text("R&D in %(area)s (the R&D post '%(title)s' of the "
                                            "allotment letter), on the list in force since "
                                            "%(day)s.", area=shown, title=offer.title,
                                            day=since))
    return RND_AREA.result("unknown", Text("R&D role or technology area not given."))


def stem_check(profile: CandidateProfile) -> RuleResult:
    """A STEM degree from a top-100 university; without a degree, case by case ("unknown")."""
    rank = profile.level_rank
    if rank is None:
        return STEM.result("unknown", Text("Qualification not given."))
    if rank < 2:
        return STEM.result("unknown", Text("No degree: people with good technical skills are "
                                           "considered case by case."))
    if profile.stem_degree is False:
        return STEM.result("fail", Text("The degree is not in a STEM subject."))
    if profile.top100_stem_university is False:
        return STEM.result("fail", Text("The university is not among the top 100 of the STEM "
                                        "ranking tables."))
    if profile.stem_degree and profile.top100_stem_university:
        return STEM.result("pass", Text("Holds a STEM degree from a top-100 university."))
    return STEM.result("unknown", Text("Whether the degree is in a STEM subject and from a "
                                       "university among the top 100 of the STEM ranking "
                                       "tables is not recorded."))


def area_experience_check(profile: CandidateProfile) -> RuleResult:
    """A bachelor's holder needs a year's work in the area; a master's or doctorate none."""
    rank = profile.level_rank
    if rank is None:
        return AREA_EXPERIENCE.result("unknown", Text("Qualification not given."))
    if rank >= 3:
        return AREA_EXPERIENCE.result("pass", Text("No work experience needed with a master's "
                                                   "degree or doctorate."))
    if rank < 2:
        return AREA_EXPERIENCE.result("unknown", Text("No degree: considered case by case."))
    years = profile.years_in_technology_area
    return AREA_EXPERIENCE.check(
        at_least(years, 1),
        yes=Text("Bachelor's degree and %(years)s year(s) in the technology area.", years=years),
        no=Text("Bachelor's degree with less than a year's work in the technology area."),
        missing=Text("Years of work in the technology area not recorded."))


def techtas_verdict(profile: CandidateProfile, on: date,
                    positions: list[AllotmentPosition] | None = None) -> RouteVerdict:
    """TechTAS for this candidate on application date *on*, rule by rule."""
    return make_verdict("TechTAS", (
        job_offer(OFFER, profile),
        rnd_area_check(profile, on, positions),
        stem_check(profile),
        area_experience_check(profile),
        allotment_check(profile, on, positions),
        market_pay(MARKET_PAY, profile),
    ))

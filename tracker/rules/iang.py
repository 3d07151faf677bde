"""Immigration Arrangements for Non-local Graduates (IANG; ImmD IANG page).

For non-local graduates of a full-time, locally accredited degree programme (or above)
in Hong Kong:
* fresh graduates apply within 6 months of graduating and need no job offer;
* returning graduates (applying later, from outside or inside Hong Kong) need an offer
  of degree-level employment at market pay.
Holders may take up and change employment freely (rules/employer_change.py). A fact
the profile lacks makes a track "unknown", never "no".
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from tracker.rules.alternatives import one_of
from tracker.rules.common import job_offer, market_pay
from tracker.rules.profile import CandidateProfile
from tracker.rules.results import RouteVerdict, Rule, RuleResult, make_verdict
from tracker.rules.sources import SEED_AS_OF
from tracker.rules.sources_after_arrival import IMMD_IANG
from tracker.rules.text import Text

FRESH_MONTHS = 6

LOCAL_DEGREE = Rule("iang_local_degree", Text("A non-local graduate of a full-time, locally "
                                              "accredited degree programme in Hong Kong"),
                    True, IMMD_IANG, SEED_AS_OF)
TRACK = Rule("iang_track", Text("A fresh graduate, or a returning graduate with a job offer"),
             True, IMMD_IANG, SEED_AS_OF)
FRESH = Rule("iang_fresh", Text("Fresh graduate: applies within 6 months of graduating (no job "
                                "offer needed)"), False, IMMD_IANG, SEED_AS_OF)
RETURNING = Rule("iang_returning", Text("Returning graduate: an offer of degree-level "
                                        "employment"), False, IMMD_IANG, SEED_AS_OF)
MARKET_PAY = Rule("iang_market_pay", Text("Remuneration at market level (returning "
                                          "graduates)"), False, IMMD_IANG, SEED_AS_OF)


def fresh(profile: CandidateProfile, on: date) -> RuleResult:
    """Applying within 6 months of graduating (the degree's award date)."""
    awarded = profile.degree_awarded_on
    if awarded is None:
        return FRESH.result("unknown", Text("When the degree was awarded is not given."))
    last_day = awarded + relativedelta(months=FRESH_MONTHS)
    day = f"{last_day:%d/%m/%Y}"
    if on <= last_day:
        return FRESH.result("pass", Text("Within 6 months of graduating (until %(day)s).",
                                         day=day))
    return FRESH.result("fail", Text("More than 6 months since graduating (the fresh-graduate "
                                     "track ended on %(day)s).", day=day))


def returning(profile: CandidateProfile) -> RuleResult:
    """A returning graduate holds a job offer (whether it is degree-level ImmD judges)."""
    offer = job_offer(RETURNING, profile)
    if offer.outcome == "pass":
        return RETURNING.result("pass", Text("%(offer)s ImmD judges whether the post is at "
                                             "degree level.", offer=offer.reason))
    return offer


def local_degree(profile: CandidateProfile) -> RuleResult:
    """A full-time, locally accredited degree from Hong Kong (no degree at all: fail)."""
    if profile.level_rank is not None and profile.level_rank < 2:
        return LOCAL_DEGREE.result("fail", Text("No degree."))
    return LOCAL_DEGREE.check(
        profile.hk_full_time_degree,
        yes=Text("Graduated from a full-time, locally accredited degree programme in Hong "
                 "Kong."),
        no=Text("No full-time, locally accredited degree from Hong Kong."),
        missing=Text("Whether the candidate holds a full-time degree from Hong Kong is not "
                     "given."))


def iang_verdict(profile: CandidateProfile, on: date) -> RouteVerdict:
    """IANG for this candidate on application date *on*: the fresh or the returning track."""
    tracks = [(Text("the fresh-graduate track"), fresh(profile, on)),
              (Text("the returning-graduate track"), returning(profile))]
    return make_verdict("IANG", (
        local_degree(profile),
        one_of(TRACK, tracks),
        *(result for _, result in tracks),
        market_pay(MARKET_PAY, profile),
    ))

"""GEP – Professionals: route-level checks for the advisor, and the local-recruitment waiver.

Requirements (seed; ImmD GEP page): a job offer relevant to the applicant's
qualifications or experience that cannot readily be taken up locally; pay at
market level; good education (normally a first degree), technical
qualifications or proven professional experience. Mainland residents use
ASMTP instead. Since 28 Dec 2022 the employer need not justify local
recruitment when the post is on the Talent List or pays HK$2M+ a year.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from tracker.rules.common import good_education, job_offer, market_pay
from tracker.rules.profile import CandidateProfile
from tracker.rules.results import RouteVerdict, Rule, RuleResult, make_verdict
from tracker.rules.sources import (
    ENHANCEMENTS_2022,
    IMMD_ENHANCEMENTS_FAQ,
    IMMD_GEP,
    SEED_AS_OF,
)
from tracker.rules.talent_list_versions import lookup
from tracker.rules.text import Text, joined
from tracker.rules.versions import in_force


@dataclass(frozen=True)
class WaiverRule:
    """When an employer need not prove local recruitment difficulty."""

    effective_from: date
    pay_threshold_hkd: int  # annual pay at or above this waives the justification
    talent_list: bool  # a post on the Talent List waives it
    source: str


WAIVER_RULES: tuple[WaiverRule, ...] = (
    WaiverRule(ENHANCEMENTS_2022, 2_000_000, True, IMMD_ENHANCEMENTS_FAQ),
)
SOURCE = IMMD_GEP

NOT_MAINLAND = Rule("gep_not_mainland", Text("Not a Mainland resident (they apply under ASMTP)"),
                    True, IMMD_GEP, SEED_AS_OF)
OFFER = Rule("gep_job_offer", Text("Job offer relevant to qualifications or experience"), True,
             SOURCE, SEED_AS_OF)
EDUCATION = Rule("gep_education", Text("Good education, technical qualifications or proven "
                                       "professional experience"), True, SOURCE, SEED_AS_OF)
MARKET_PAY = Rule("gep_market_pay", Text("Remuneration at market level"), False, SOURCE,
                  SEED_AS_OF)
LOCAL_RECRUITMENT = Rule("gep_local_recruitment", Text("The post cannot readily be filled "
                                                       "locally (justification given, or "
                                                       "waived)"), True,
                         f"{SOURCE}; {IMMD_ENHANCEMENTS_FAQ}", SEED_AS_OF)
# The waiver alone, as the advisor's GEP section explains it (not a rule of the verdict:
# LOCAL_RECRUITMENT reads it).
WAIVER = Rule("gep_local_recruitment_waiver", Text("Local-recruitment justification waived"),
              False, IMMD_ENHANCEMENTS_FAQ, ENHANCEMENTS_2022)


def local_recruitment_waiver(profile: CandidateProfile, on: date) -> RuleResult:
    """Whether the employer can skip justifying local recruitment difficulty, and why.

    Pass: waived (Talent List on *on*, or pay at/above the threshold). Fail:
    the employer must justify it. Unknown: pay or profession not known.
    """
    rule = in_force(WAIVER_RULES, on)
    if rule is None:
        return WAIVER.result("fail", Text("Before 28/12/2022 every GEP employer had to show the "
                                          "post could not readily be filled locally."))
    reasons: list[str] = []
    unknown: list[str] = []
    match = lookup(profile.talent_list_profession, on)
    if rule.talent_list and match.outcome == "pass":
        reasons.append(match.reason)
    elif match.outcome == "unknown":
        unknown.append(match.reason)
    offer = profile.job_offer
    pay = offer.annual_hkd if offer is not None else None
    by_pay = pay is not None and pay >= rule.pay_threshold_hkd
    if by_pay:
        reasons.append(Text("Pay %(pay)s a year is at least %(threshold)s.", pay=f"HK${pay:,}",
                            threshold=f"HK${rule.pay_threshold_hkd:,}"))
    elif pay is None:
        unknown.append(Text("Annual pay not given."))
    if reasons:
        # Waived only through a Talent List entry taken from a secondary source: indicative.
        firm = by_pay or match.profession is None or match.profession.confirmed
        return replace(WAIVER.result("pass", joined(reasons)), confirmed=firm)
    if unknown:
        return WAIVER.result("unknown", joined(unknown))
    return WAIVER.result("fail", Text("Not on the Talent List and pay %(pay)s is below "
                                      "%(threshold)s: the employer must justify local "
                                      "recruitment difficulty.", pay=f"HK${pay:,}",
                                      threshold=f"HK${rule.pay_threshold_hkd:,}"))


def local_recruitment(profile: CandidateProfile, on: date) -> RuleResult:
    """The employer shows the post cannot readily be filled locally, unless that is waived.

    Waived or justified: pass. A justification known to be missing without a
    waiver: fail. Otherwise unknown: whether a justification convinces ImmD
    is ImmD's call, and an empty field only means nothing was recorded yet.
    """
    waiver = local_recruitment_waiver(profile, on)
    if waiver.outcome == "pass":
        return replace(LOCAL_RECRUITMENT.result(
            "pass", Text("Justification waived: %(reason)s", reason=waiver.reason)),
            confirmed=waiver.confirmed)
    offer = profile.job_offer
    justified = None if offer is None else offer.local_recruitment_justified
    if justified:
        return LOCAL_RECRUITMENT.result("pass", Text("The employer's justification of local "
                                                     "recruitment is recorded; ImmD judges it."))
    if justified is False and waiver.outcome == "fail":
        return LOCAL_RECRUITMENT.result("fail", Text("%(reason)s No justification exists.",
                                                     reason=waiver.reason))
    return LOCAL_RECRUITMENT.result("unknown", Text("%(reason)s Enter the employer's "
                                                    "justification of local recruitment.",
                                                    reason=waiver.reason))


def gep_verdict(profile: CandidateProfile, on: date) -> RouteVerdict:
    """GEP for this candidate on application date *on*, rule by rule."""
    return make_verdict("GEP", (
        NOT_MAINLAND.check(None if profile.mainland_resident is None
                           else not profile.mainland_resident,
                           yes=Text("Not a Mainland resident."),
                           no=Text("Mainland residents apply under ASMTP, not GEP."),
                           missing=Text("Whether the candidate is a Mainland resident is not "
                                        "given.")),
        job_offer(OFFER, profile),
        good_education(EDUCATION, profile),
        market_pay(MARKET_PAY, profile),
        local_recruitment(profile, on),
    ))

"""ASSG: eligibility of second-generation Chinese HK permanent residents born overseas.

Rules (seed document; ImmD ASSG page), each with its reason:
aged 18 to 40 on the application date; born overseas (not the Mainland,
Hong Kong, Macao or Taiwan); a parent who holds a valid HK permanent identity
card and was a Chinese national settled overseas at the applicant's birth;
good education, technical qualifications or proven professional experience;
written and spoken Chinese (Putonghua or Cantonese) or English; sufficient
financial means without recourse to public funds (ImmD's ASSG page; "financial
standing" is a mandatory upload of the online application, checked 1 Dec 2026).
No job offer.
"""

from __future__ import annotations

from datetime import date

from tracker.rules.common import age_between, chinese_or_english, good_education
from tracker.rules.logic import all_of
from tracker.rules.places import REGION_LABELS, birth_place
from tracker.rules.profile import CandidateProfile
from tracker.rules.results import RouteVerdict, Rule, RuleResult, make_verdict
from tracker.rules.sources import IMMD_ASSG, SEED
from tracker.rules.text import Text

# ASSG opened in 2015 (seed: "a new visa scheme launched in 2015"); the exact
# launch day is not recorded here, so rules count from the start of that year.
ASSG_LAUNCH = date(2015, 1, 1)
SOURCE = f"{SEED}; {IMMD_ASSG}"
MIN_AGE, MAX_AGE = 18, 40

AGE = Rule("assg_age", Text("Aged %(low)s to %(high)s on the application date", low=MIN_AGE,
                            high=MAX_AGE), True, SOURCE, ASSG_LAUNCH)
BORN_OVERSEAS = Rule("assg_born_overseas",
                     Text("Born overseas (not the Mainland, Hong Kong, Macao or Taiwan)"), True,
                     SOURCE, ASSG_LAUNCH)
PARENT = Rule("assg_parent", Text("A parent holds a HK permanent ID card and was a Chinese "
                                  "national settled overseas at the birth"), True, SOURCE,
              ASSG_LAUNCH)
EDUCATION = Rule("assg_education", Text("Good education, technical qualifications or proven "
                                        "professional experience"), True, SOURCE, ASSG_LAUNCH)
LANGUAGE = Rule("assg_language", Text("Written and spoken Chinese (Putonghua or Cantonese) or "
                                      "English"), True, SOURCE, ASSG_LAUNCH)
FINANCIAL = Rule("assg_financial_means", Text("Sufficient financial means without recourse to "
                                              "public funds"), True,
                 f"{IMMD_ASSG}; GovHK online application ('financial standing' upload)",
                 ASSG_LAUNCH)
NO_OFFER = Rule("assg_no_offer", Text("No job offer needed"), False, SOURCE, ASSG_LAUNCH)


def born_overseas(profile: CandidateProfile) -> RuleResult:
    """Born outside the Mainland, Hong Kong, Macao and Taiwan (spellings normalised)."""
    place = profile.place_of_birth
    if not place:
        return BORN_OVERSEAS.result("unknown", Text("Place of birth not given."))
    found = birth_place(place)
    if found.region == "unknown":
        return BORN_OVERSEAS.result("unknown", Text("Could not tell where '%(place)s' is: write "
                                                    "it as 'City, Country'.", place=place))
    if found.region == "overseas":
        return BORN_OVERSEAS.result("pass", Text("Born in %(place)s (%(country)s).", place=place,
                                                 country=str(found.country)))
    return BORN_OVERSEAS.result("fail", Text("Born in %(place)s: %(region)s does not count as "
                                             "overseas.", place=place,
                                             region=REGION_LABELS[found.region]))


def parent_link(profile: CandidateProfile) -> RuleResult:
    """Both parent facts must hold (three-valued AND)."""
    holds = profile.parent_hk_permanent_id
    settled = profile.parent_chinese_national_settled_overseas
    fact = all_of([holds, settled])
    if fact is False:
        return PARENT.result("fail", _parent_failure(holds is False, settled is False))
    if fact is None:
        return PARENT.result("unknown", Text("Parent's HK permanent identity card and Chinese "
                                             "nationality/settlement overseas at the birth not "
                                             "both given."))
    return PARENT.result("pass", Text("A parent holds a HK permanent identity card and was a "
                                      "Chinese national settled overseas at the birth."))


def _parent_failure(no_card: bool, not_settled: bool) -> Text:
    """Which of the two parent facts fail (at least one does)."""
    if no_card and not_settled:
        return Text("No parent holds a valid HK permanent identity card; the parent was not a "
                    "Chinese national settled overseas at the birth.")
    if no_card:
        return Text("No parent holds a valid HK permanent identity card.")
    return Text("The parent was not a Chinese national settled overseas at the birth.")


def assg_verdict(profile: CandidateProfile, on: date) -> RouteVerdict:
    """ASSG for this candidate, with *on* as the application date."""
    return make_verdict("ASSG", (
        age_between(AGE, profile, on, MIN_AGE, MAX_AGE),
        born_overseas(profile),
        parent_link(profile),
        good_education(EDUCATION, profile),
        chinese_or_english(LANGUAGE, profile),
        FINANCIAL.check(profile.financial_means,
                        yes=Text("Can live in Hong Kong without recourse to public funds."),
                        no=Text("Cannot show the means to live without recourse to public "
                                "funds."),
                        missing=Text("Financial means not recorded (bank statements, tax, "
                                     "payslips).")),
        NO_OFFER.result("pass", Text("No job offer is needed on entry.")),
    ))

"""Admission Scheme for Mainland Talents and Professionals (ASMTP; ImmD ASMTP page).

For Mainland residents: GEP's criteria and waivers (job offer, education, market pay,
local recruitment or its waiver — read from rules/gep.py, never copied), plus, after
ImmD approves, an Exit-entry Permit for Travelling to and from Hong Kong and Macao with
the relevant endorsement from the Mainland authorities before the person can come.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tracker.rules.gep import NOT_MAINLAND, gep_verdict
from tracker.rules.profile import CandidateProfile
from tracker.rules.results import RouteVerdict, Rule, RuleResult, make_verdict
from tracker.rules.sources import SEED_AS_OF
from tracker.rules.sources_after_arrival import IMMD_ASMTP
from tracker.rules.text import Text

MAINLAND = Rule("asmtp_mainland", Text("A Mainland resident (others apply under GEP)"), True,
                IMMD_ASMTP, SEED_AS_OF)
EXIT_ENTRY_PERMIT = Rule("asmtp_exit_entry_permit", Text("After approval: an Exit-entry Permit "
                                                         "with the relevant endorsement"),
                         False, IMMD_ASMTP, SEED_AS_OF)


def gep_criteria(profile: CandidateProfile, on: date) -> tuple[RuleResult, ...]:
    """GEP's rules as ASMTP applies them (all but GEP's not-a-Mainland-resident rule)."""
    return tuple(replace(result, source=f"{result.source}; {IMMD_ASMTP}")
                 for result in gep_verdict(profile, on).results
                 if result.code != NOT_MAINLAND.code)


def asmtp_verdict(profile: CandidateProfile, on: date) -> RouteVerdict:
    """ASMTP for this candidate on application date *on*."""
    return make_verdict("ASMTP", (
        MAINLAND.check(profile.mainland_resident,
                       yes=Text("A Mainland resident."),
                       no=Text("Not a Mainland resident: GEP applies instead."),
                       missing=Text("Whether the candidate is a Mainland resident is not "
                                    "given.")),
        *gep_criteria(profile, on),
        EXIT_ENTRY_PERMIT.result("unknown", Text("Once ImmD approves, the candidate applies "
                                                 "to the Mainland authorities for the permit "
                                                 "and endorsement to come to Hong Kong.")),
    ))

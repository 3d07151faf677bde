"""The route advisor: every admission route's verdict for one candidate, rule by rule.

`advise(profile, on, positions=...)` answers "Which routes fit?" for GEP,
TechTAS, QMAS, ASSG, NET, TTPS, IANG and ASMTP in that order; `verdict_for` answers for one route,
and is what the case page and the submission gate read too (tracker/cases/
eligibility.py gives it a case's facts). *on* is the intended application
date (usually today); *positions* are the company's TechTAS allotment
positions (None when not looked up, which leaves TechTAS "possible" at best).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tracker.rules.asmtp import asmtp_verdict
from tracker.rules.assg import assg_verdict
from tracker.rules.gep import gep_verdict
from tracker.rules.iang import iang_verdict
from tracker.rules.net import net_verdict
from tracker.rules.profile import CandidateProfile
from tracker.rules.qmas import qmas_verdict
from tracker.rules.results import RouteVerdict
from tracker.rules.techtas_rules import AllotmentPosition, techtas_verdict
from tracker.rules.ttps import ttps_verdict

ROUTES: tuple[str, ...] = ("GEP", "TechTAS", "QMAS", "ASSG", "NET", "TTPS", "IANG", "ASMTP")
_SIMPLE: dict[str, Callable[[CandidateProfile, date], RouteVerdict]] = {
    "GEP": gep_verdict, "QMAS": qmas_verdict, "ASSG": assg_verdict, "NET": net_verdict,
    "TTPS": ttps_verdict, "IANG": iang_verdict, "ASMTP": asmtp_verdict,
}


def advise(profile: CandidateProfile, on: date,
           positions: list[AllotmentPosition] | None = None) -> list[RouteVerdict]:
    """One verdict per route, in `ROUTES` order."""
    return [verdict_for(scheme, profile, on, positions) for scheme in ROUTES]


def assesses(scheme: str) -> bool:
    """Whether the engine has rules for *scheme* (a scheme added to rules/schemes.py has
    none until its rules are added here)."""
    return scheme in ROUTES


def verdict_for(scheme: str, profile: CandidateProfile, on: date,
                positions: list[AllotmentPosition] | None = None) -> RouteVerdict:
    """One route's verdict, rule by rule: the one answer the advisor, the case page and
    the submission gate read (KeyError for a scheme the engine does not assess)."""
    if scheme == "TechTAS":
        return techtas_verdict(profile, on, positions)
    return _SIMPLE[scheme](profile, on)

"""The advisor page's content: every route's verdict for a candidate, plus the details
each route needs explained (QMAS points, GEP waiver, TechTAS position, stay pattern,
and which version of a changed rule applies). Views only render what this returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.candidates.models import Candidate
from tracker.candidates.profile import candidate_profile
from tracker.quotas.queries import allotment_positions
from tracker.rules import differences, stay
from tracker.rules.advisor import advise
from tracker.rules.gep import local_recruitment_waiver
from tracker.rules.profile import CandidateProfile, JobOffer
from tracker.rules.qmas import AptAssessment, GptAssessment, assess_apt, assess_gpt
from tracker.rules.results import INDICATIVE, RouteVerdict, RuleResult, semicolons
from tracker.rules.schemes import SCHEMES, Scheme
from tracker.rules.talent_list_versions import lookup
from tracker.rules.techtas_rules import AllotmentPosition, matching_position
from tracker.rules.text import Text
from tracker.text import hkdate


@dataclass(frozen=True)
class OfferInput:
    """A job offer typed on the advisor page (all optional: nothing typed = not known)."""

    job_title: str = ""
    monthly_salary: int | None = None
    technology_area: str | None = None
    principally_rnd: bool | None = None

    def offer(self) -> JobOffer | None:
        if not self.job_title.strip() and self.monthly_salary is None:
            return None
        return JobOffer(title=self.job_title.strip(), monthly_salary_hkd=self.monthly_salary,
                        technology_area=self.technology_area or None,
                        principally_rnd=self.principally_rnd)


@dataclass(frozen=True)
class RouteAdvice:
    """One route on the page: its verdict and how to open a case on it."""

    scheme: Scheme
    verdict: RouteVerdict
    stay: Text  # the limit-of-stay pattern for an application on the date
    case_args: dict[str, Any] | None  # query of the pre-filled case form; None: not offered


@dataclass(frozen=True)
class Advice:
    on: date
    profile: CandidateProfile
    routes: list[RouteAdvice]
    gpt: GptAssessment
    apt: AptAssessment
    waiver: RuleResult
    position: AllotmentPosition | None  # TechTAS: the position a case would draw on
    free_positions: list[AllotmentPosition]  # valid on the date with a quota left
    versions: list[tuple[differences.Difference, differences.Version]]
    note: str = INDICATIVE
    unknown_facts: list[str] = field(default_factory=list)

    @property
    def still_needed(self) -> Text:
        """The unknown facts as one list, in the reader's language."""
        return semicolons(self.unknown_facts)


def _stay_text(code: str, on: date) -> Text:
    pattern = stay.pattern_for(code, on)
    if pattern is None:
        return Text("Follows the teaching contract.")
    return Text("%(pattern)s years for applications made on %(on)s (since %(since)s; "
                "%(source)s).", pattern=pattern.label, on=hkdate(on),
                since=hkdate(pattern.effective_from), source=pattern.source)


def case_args(candidate: Candidate, verdict: RouteVerdict, offer: JobOffer | None,
              position: AllotmentPosition | None, on: date) -> dict[str, Any] | None:
    """The case form's pre-filled values for this route (None when the route is closed)."""
    if verdict.status == "not_eligible":
        return None
    entry = SCHEMES[verdict.scheme]
    args: dict[str, Any] = {"candidate_id": candidate.id, "scheme": entry.code}
    if entry.needs_job_offer and offer is not None:
        args["job_title"] = offer.title
        if offer.monthly_salary_hkd is not None:
            args["monthly_salary"] = offer.monthly_salary_hkd
    if entry.needs_quota and position is not None:
        args |= {"allotment_id": position.allotment_id, "position_id": position.position_id}
    listed = lookup(candidate.talent_list_profession, on).profession
    if entry.code == "GEP" and listed is not None:
        args["talent_list_profession"] = listed.name  # as the case form's list names it
    return {k: v for k, v in args.items() if v not in (None, "")}


def advise_candidate(candidate: Candidate, offer_input: OfferInput, on: date) -> Advice:
    """Everything the advisor page shows for *candidate* applying on *on*."""
    offer = offer_input.offer()
    profile = candidate_profile(candidate, offer)
    positions = allotment_positions(candidate.company_id)
    verdicts = advise(profile, on, positions)
    position = matching_position(profile, on, positions)
    routes = [RouteAdvice(SCHEMES[v.scheme], v, _stay_text(v.scheme, on),
                          case_args(candidate, v, offer, position, on)) for v in verdicts]
    free = [p for p in positions if p.valid_until >= on and p.remaining > 0]
    unknown = sorted({r.label for v in verdicts for r in v.results
                      if r.blocking and r.outcome == "unknown"})
    return Advice(on, profile, routes, assess_gpt(profile, on), assess_apt(profile),
                  local_recruitment_waiver(profile, on), position, free,
                  differences.applying_on(on), unknown_facts=unknown)

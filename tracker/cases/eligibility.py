"""A case's eligibility: the rule engine's verdict on the case's facts.

There is one engine, `verdict_for` in tracker/rules/advisor.py: the route
advisor, the case page and the submission gate all read it, so they cannot
disagree. This module only says what a case tells the rules:

* the candidate's facts (candidates/profile.py, as on the advisor page);
* the case's job offer, whenever one is recorded: title, monthly salary, for TechTAS
  the technology area of the position it draws on, and whether a justification of
  local recruitment is recorded (an empty field means "not recorded", never "none");
* the post's Talent List profession: the case's, else the candidate's (the
  advisor, which has no case, reads the candidate's);
* for TechTAS, the one allotment position the case draws on, counting the
  quota the case already holds as its own.

The application date is the submission date being recorded, else the one
recorded, else today. Load the case's candidate, allotment and position
before calling these on many cases.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tracker.candidates.profile import candidate_profile
from tracker.cases.models import Case
from tracker.rules.advisor import assesses, verdict_for
from tracker.rules.profile import CandidateProfile, JobOffer
from tracker.rules.results import RouteVerdict, RuleResult
from tracker.rules.techtas_rules import AllotmentPosition
from tracker.rules.text import Text, joined


def case_offer(case: Case) -> JobOffer | None:
    """The job the case offers, as the rules read it (None: no job title recorded).

    Passed for every scheme, not only those that need an offer: a rule that reads an
    offer where the scheme does not require one (IANG's returning-graduate track) sees
    the one recorded, and the others ignore it.
    """
    if not case.job_title:
        return None
    justified = True if case.local_recruitment_justification.strip() else None
    return JobOffer(title=case.job_title, monthly_salary_hkd=case.monthly_salary,
                    technology_area=case.position.technology_area if case.position else None,
                    local_recruitment_justified=justified)


def case_profile(case: Case) -> CandidateProfile:
    """The candidate's facts with the case's offer and the post's Talent List profession."""
    profile = candidate_profile(case.candidate, case_offer(case), has_job_offer=None)
    if case.talent_list_profession:
        profile = replace(profile, talent_list_profession=case.talent_list_profession)
    return profile


def case_positions(case: Case) -> list[AllotmentPosition] | None:
    """The allotment position the case draws on (None: the case has none to check)."""
    position, allotment = case.position, case.allotment
    if position is None or allotment is None:
        return None
    # A quota this case holds is its own, not one taken from it.
    remaining = position.quotas - position.used + (1 if case.quota_held else 0)
    return [AllotmentPosition(
        title=position.job_title, technology_area=position.technology_area,
        monthly_salary_hkd=position.monthly_salary, remaining=remaining,
        valid_until=allotment.valid_until, allotment_ref=allotment.itc_reference,
        position_id=position.id, allotment_id=allotment.id)]


def application_date(case: Case, today: date, applied_on: date | None = None) -> date:
    """The date the rules apply on: the submission date (being recorded, or recorded), else
    today."""
    return applied_on or case.submitted_on or today


def case_verdict(case: Case, today: date,
                 applied_on: date | None = None) -> RouteVerdict | None:
    """The engine's verdict on the case, rule by rule, on its application date (None for a
    scheme the engine has no rules for)."""
    if not assesses(case.scheme):
        return None
    return verdict_for(case.scheme, case_profile(case),
                       application_date(case, today, applied_on), case_positions(case))


def blocking_failures(case: Case, today: date,
                      applied_on: date | None = None) -> tuple[RuleResult, ...]:
    """The rules that refuse the submission to ImmD (see RuleResult.refuses)."""
    verdict = case_verdict(case, today, applied_on)
    return () if verdict is None else verdict.refusals


def refusal_message(failures: tuple[RuleResult, ...]) -> Text:
    """One line naming each refusing rule and why (a Text: shown in the reader's language)."""
    return Text("Cannot submit to ImmD: %(rules)s", rules=joined(
        Text("%(rule)s: %(reason)s", rule=r.label, reason=r.reason) for r in failures))

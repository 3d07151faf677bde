"""The eligibility checklist of a case, evaluated from rules/eligibility.py.

Each requirement's `code` names one small check below that returns
(status, reason). Statuses: "passed", "failed" or "unknown" (not enough data).
Only a failed requirement marked `blocks_submission` refuses the move to
"submitted to ImmD". The checks read the case's candidate, allotment and
positions: load them eagerly before calling `evaluate` on a list page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tracker.candidates.models import QUALIFICATION_LEVELS
from tracker.candidates.profile import candidate_profile
from tracker.cases.models import Case
from tracker.rules import eligibility as rules
from tracker.rules import talent_list
from tracker.rules.advisor import ROUTES, verdict_for
from tracker.rules.profile import CandidateProfile, JobOffer
from tracker.rules.schemes import scheme
from tracker.rules.techtas import area_list
from tracker.text import hkd, hkdate

PASSED, FAILED, UNKNOWN = "passed", "failed", "unknown"
Outcome = tuple[str, str]


@dataclass(frozen=True)
class Item:
    requirement: rules.Requirement
    status: str
    reason: str

    @property
    def blocks(self) -> bool:
        """True when this item refuses submission."""
        return self.status == FAILED and self.requirement.blocks_submission


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


# --- TechTAS -------------------------------------------------------------------------------

def techtas_area(case: Case, today: date) -> Outcome:
    if case.position is None or case.allotment is None:
        return UNKNOWN, "No allotment position chosen yet."
    area = case.position.technology_area
    # The letter's area counts if it was on the list when allotted or is on today's list.
    lists = (area_list(case.allotment.allotment_date), area_list(today))
    if any(_same(area, known) for lst in lists for known in lst.areas):
        return PASSED, f"'{area}' is a TechTAS technology area."
    return FAILED, f"'{area}' is not on the list of TechTAS technology areas."


def stem_degree(case: Case, today: date) -> Outcome:
    subject = case.candidate.qualification_subject or "the degree"
    if case.candidate.stem_degree:
        return PASSED, f"STEM degree recorded ({subject})."
    return FAILED, "The candidate has no STEM degree recorded."


def salary_not_below_position(case: Case, today: date) -> Outcome:
    if case.position is None:
        return UNKNOWN, "No allotment position chosen yet."
    offered, salary = case.position.monthly_salary, case.monthly_salary
    if salary is None:
        return UNKNOWN, "No monthly salary entered yet."
    if salary >= offered:
        return PASSED, f"{hkd(salary)} a month ≥ {hkd(offered)} in the letter."
    return FAILED, f"{hkd(salary)} a month is below the {hkd(offered)} offered."


def job_matches_position(case: Case, today: date) -> Outcome:
    if case.allotment is None:
        return UNKNOWN, "No allotment chosen yet."
    titles = [p.job_title for p in case.allotment.positions]
    if case.position is not None and _same(case.job_title, case.position.job_title):
        return PASSED, f"Matches position '{case.position.job_title}'."
    if any(_same(case.job_title, t) for t in titles):
        return PASSED, "Matches a position of the allotment (not the one chosen)."
    return FAILED, (f"'{case.job_title}' is not a position of allotment "
                    f"{case.allotment.itc_reference}: {', '.join(titles) or 'none'}.")


def allotment_valid(case: Case, today: date) -> Outcome:
    if case.allotment is None:
        return UNKNOWN, "No allotment chosen yet."
    if case.quota_held:
        return PASSED, "The case already holds a quota (taken while the allotment was valid)."
    until = case.allotment.valid_until
    if until >= today:
        return PASSED, f"Allotment {case.allotment.itc_reference} is valid until {hkdate(until)}."
    return FAILED, (f"Allotment {case.allotment.itc_reference} expired on {hkdate(until)}: "
                    "no new submissions can use it.")


# --- GEP -----------------------------------------------------------------------------------

def _level_label(case: Case) -> str:
    return dict(QUALIFICATION_LEVELS).get(case.candidate.qualification_level, "qualification")


def relevant_job(case: Case, today: date) -> Outcome:
    candidate = case.candidate
    years = candidate.years_experience
    if candidate.qualification_level in rules.DEGREE_LEVELS:
        subject = f" in {candidate.qualification_subject}" if candidate.qualification_subject \
            else ""
        return PASSED, f"{_level_label(case)}{subject}: check the job uses it."
    if years >= rules.GEP_RELEVANT_EXPERIENCE_YEARS:
        return PASSED, f"{years} years of relevant experience: check the job uses it."
    return FAILED, "No degree and no relevant experience recorded for the candidate."


def waiver_reason(case: Case, today: date) -> str | None:
    """Why no local-recruitment justification is needed, or None."""
    waiver = rules.LOCAL_RECRUITMENT_WAIVER
    if today < waiver.effective_from:
        return None
    if case.talent_list_profession and talent_list.is_listed(case.talent_list_profession,
                                                              today):
        return f"the post is on the Talent List ({case.talent_list_profession})"
    salary = case.monthly_salary
    if salary is not None and salary * 12 >= waiver.pay_threshold_hkd:
        return f"it pays {hkd(salary * 12)} a year (≥ {hkd(waiver.pay_threshold_hkd)})"
    return None


def local_recruitment(case: Case, today: date) -> Outcome:
    waived = waiver_reason(case, today)
    if waived:
        return PASSED, f"Justification waived: {waived}."
    if case.local_recruitment_justification.strip():
        return PASSED, "Justification of local recruitment entered."
    return FAILED, ("Enter the justification of local recruitment (not needed for Talent List "
                    f"posts or pay of {hkd(rules.LOCAL_RECRUITMENT_WAIVER.pay_threshold_hkd)}"
                    " or more a year).")


def market_pay(case: Case, today: date) -> Outcome:
    floor, salary = rules.GEP_MARKET_PAY_FLOOR_MONTHLY, case.monthly_salary
    if salary is None or salary <= 0:
        return FAILED, "Enter the monthly salary."
    if salary < floor:
        return FAILED, f"{hkd(salary)} a month is below the {hkd(floor)} floor."
    return PASSED, f"{hkd(salary)} a month: confirm it matches the market rate for the post."


def good_education(case: Case, today: date) -> Outcome:
    candidate = case.candidate
    if candidate.qualification_level in rules.DEGREE_LEVELS:
        return PASSED, f"{_level_label(case)} (a first degree or higher)."
    if candidate.qualification_level in rules.TECHNICAL_LEVELS:
        return PASSED, f"{_level_label(case)}: a technical qualification."
    if candidate.years_experience >= rules.GEP_PROVEN_EXPERIENCE_YEARS:
        return PASSED, f"{candidate.years_experience} years of proven professional experience."
    return FAILED, ("No degree, technical qualification or "
                    f"{rules.GEP_PROVEN_EXPERIENCE_YEARS}+ years of experience recorded: "
                    "ImmD considers exceptions only with strong evidence.")


def local_recruitment_waiver(case: Case, today: date) -> Outcome:
    waived = waiver_reason(case, today)
    if waived:
        return PASSED, f"Applies: {waived}."
    return FAILED, "Does not apply: a justification of local recruitment is needed."


CHECKS: dict[str, Callable[[Case, date], Outcome]] = {
    "techtas_area": techtas_area, "stem_degree": stem_degree,
    "salary_not_below_position": salary_not_below_position,
    "job_matches_position": job_matches_position, "allotment_valid": allotment_valid,
    "relevant_job": relevant_job, "local_recruitment": local_recruitment,
    "market_pay": market_pay, "good_education": good_education,
    "local_recruitment_waiver": local_recruitment_waiver,
}


# --- Schemes assessed by the rule engine (tracker/rules/: QMAS, ASSG, NET) -------------------

ENGINE_STATUS = {"pass": PASSED, "fail": FAILED, "unknown": UNKNOWN}


def case_profile(case: Case) -> CandidateProfile:
    """The candidate's facts plus, for schemes with a job offer, the case's offer."""
    offer = None
    if scheme(case.scheme).needs_job_offer and case.job_title:
        offer = JobOffer(title=case.job_title, monthly_salary_hkd=case.monthly_salary,
                         technology_area=case.position.technology_area if case.position
                         else None)
    return candidate_profile(case.candidate, offer, has_job_offer=None)


def engine_items(case: Case, today: date, applied_on: date | None = None) -> list[Item]:
    """The rule engine's results for the case, as checklist items.

    The application date (ages count on it) is *applied_on* (the submission
    date being recorded), else the recorded submission date, else today. Only a
    blocking rule whose source was confirmed can refuse submission:
    unconfirmed ones (e.g. the NET degree rule) are shown only.
    """
    on = applied_on or case.submitted_on or today
    verdict = verdict_for(case.scheme, case_profile(case), on)
    items = []
    for result in verdict.results:
        source = f"{result.source} (since {hkdate(result.effective_from)})"
        if not result.confirmed:
            source += "; not confirmed against an official text"
        requirement = rules.Requirement(result.code, result.label, source,
                                        result.blocking and result.confirmed)
        items.append(Item(requirement, ENGINE_STATUS[result.outcome], result.reason))
    return items


def evaluate(case: Case, today: date, applied_on: date | None = None) -> list[Item]:
    """Every requirement of the case's scheme, with its status and reason.

    GEP and TechTAS use the case-level checklist above (it reads the case's
    allotment and salary); the other schemes use the rule engine, on the
    application date *applied_on* when given.
    """
    requirements = rules.requirements(case.scheme)
    if not requirements and case.scheme in ROUTES:
        return engine_items(case, today, applied_on)
    return [Item(req, *CHECKS[req.code](case, today)) for req in requirements]


def blocking_failures(case: Case, today: date, applied_on: date | None = None) -> list[Item]:
    """The failed requirements that refuse submission (on *applied_on*, if given)."""
    return [item for item in evaluate(case, today, applied_on) if item.blocks]

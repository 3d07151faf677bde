"""A case's eligibility is the rule engine's verdict on the case's facts (no database:
in-memory cases through tracker/cases/eligibility.py into rules/advisor.verdict_for)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.candidates.models import Candidate
from tracker.cases import eligibility
from tracker.cases.models import Case
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.rules.results import RuleResult

TODAY = date(2025, 6, 2)


def _apply(case: Case, changes: dict) -> Case:
    for path, value in changes.items():
        target, _, name = path.rpartition("__")
        setattr(getattr(case, target) if target else case, name, value)
    return case


def techtas(**changes) -> Case:
    candidate = Candidate(full_name="A", date_of_birth=date(1990, 1, 1), stem_degree=True,
                          top100_stem_university=True, qualification_level="master",
                          years_experience=3)
    position = QuotaPosition(job_title="Research Engineer", technology_area="Robotics",
                             monthly_salary=40_000, quotas=2, used=0)
    allotment = QuotaAllotment(itc_reference="ITC/1", allotment_date=date(2025, 1, 1),
                               valid_until=date(2026, 1, 1), positions=[position])
    case = Case(scheme="TechTAS", candidate=candidate, allotment=allotment, position=position,
                job_title="Research Engineer", monthly_salary=40_000, quota_held=False,
                local_recruitment_justification="", talent_list_profession="")
    return _apply(case, changes)


def gep(**changes) -> Case:
    candidate = Candidate(full_name="B", date_of_birth=date(1990, 1, 1), stem_degree=False,
                          qualification_level="bachelor", years_experience=0,
                          mainland_resident=False, talent_list_profession="")
    case = Case(scheme="GEP", candidate=candidate, job_title="Analyst", monthly_salary=30_000,
                local_recruitment_justification="", talent_list_profession="",
                quota_held=False)
    return _apply(case, changes)


def rule(case: Case, code: str, on: date = TODAY) -> RuleResult:
    return eligibility.case_verdict(case, on).result(code)


# --- TechTAS -------------------------------------------------------------------------------

def test_a_valid_techtas_case_meets_every_blocking_rule():
    verdict = eligibility.case_verdict(techtas(), TODAY)
    assert verdict.status == "eligible"
    assert [r.outcome for r in verdict.results if r.blocking] == ["pass"] * 5
    assert eligibility.blocking_failures(techtas(), TODAY) == ()


@pytest.mark.parametrize("code,changes,fragment", [
    ("techtas_rnd_area", {"position__technology_area": "Blockchain"}, "not on the 14"),
    ("techtas_stem", {"candidate__stem_degree": False}, "not in a STEM subject"),
    ("techtas_stem", {"candidate__top100_stem_university": False}, "not among the top 100"),
    ("techtas_area_experience", {"candidate__qualification_level": "bachelor",
                                 "candidate__years_in_technology_area": 0}, "less than a year"),
    ("techtas_allotment", {"monthly_salary": 39_999}, "HK$40,000 a month, above the offer's"),
    ("techtas_allotment", {"allotment__valid_until": date(2025, 6, 1)}, "expired on 01/06/2025"),
    ("techtas_allotment", {"position__used": 2}, "no quota left"),
])
def test_each_techtas_failure_refuses_submission(code, changes, fragment):
    failed = rule(techtas(**changes), code)
    assert failed.outcome == "fail" and failed.refuses
    assert fragment in failed.reason
    assert failed in eligibility.blocking_failures(techtas(**changes), TODAY)
    assert rule(techtas(), code).outcome == "pass"


def test_techtas_boundaries_pass():
    assert rule(techtas(monthly_salary=40_000), "techtas_allotment").outcome == "pass"
    assert rule(techtas(allotment__valid_until=TODAY), "techtas_allotment").outcome == "pass"
    assert rule(techtas(job_title="  research   ENGINEER "), "techtas_allotment"
                ).outcome == "pass"
    # 5G communications became "advanced communication technologies" on 28 Dec 2022.
    old = techtas(position__technology_area="5G communications")
    assert rule(old, "techtas_rnd_area").outcome == "pass"
    assert rule(techtas(position__technology_area="Quantum technology"), "techtas_rnd_area"
                ).outcome == "pass"


def test_a_job_title_other_than_the_position_is_unknown_never_a_refusal():
    case = techtas(job_title="Sales Manager")
    assert rule(case, "techtas_allotment").outcome == "unknown"
    # Only a post of the letter is known to be R&D; another title must say so itself.
    assert rule(case, "techtas_rnd_area").outcome == "unknown"
    assert eligibility.blocking_failures(case, TODAY) == ()


def test_a_held_quota_counts_as_the_cases_own_after_expiry():
    case = techtas(allotment__valid_until=date(2025, 5, 31), position__used=2, quota_held=True,
                   submitted_on=date(2025, 5, 1))
    result = rule(case, "techtas_allotment")
    assert result.outcome == "pass" and "1 quota(s) left" in result.reason
    assert eligibility.application_date(case, TODAY) == date(2025, 5, 1)


def test_the_submission_date_being_recorded_is_the_application_date():
    case = techtas(allotment__valid_until=date(2025, 6, 1))
    assert eligibility.blocking_failures(case, TODAY, applied_on=date(2025, 6, 1)) == ()
    assert eligibility.blocking_failures(case, TODAY, applied_on=date(2025, 6, 2))


# --- GEP -----------------------------------------------------------------------------------

def test_the_issue_example_passes_local_recruitment_and_has_no_pay_floor():
    case = gep(candidate__qualification_level="sub_degree", candidate__years_experience=6,
               candidate__talent_list_profession="Actuaries", monthly_salary=18_000)
    verdict = eligibility.case_verdict(case, TODAY)
    assert verdict.result("gep_local_recruitment").outcome == "pass"
    assert "Actuaries" in verdict.result("gep_local_recruitment").reason
    assert verdict.result("gep_education").outcome == "unknown"
    pay = verdict.result("gep_market_pay")
    assert pay.outcome == "unknown" and not pay.blocking and "HR's judgement" in pay.reason
    assert "20,000" not in pay.reason
    assert verdict.refusals == ()


@pytest.mark.parametrize("changes,outcome", [
    ({"monthly_salary": 166_667}, "pass"),  # 2,000,004 a year
    ({"monthly_salary": 166_666}, "unknown"),  # 1,999,992 a year: a justification is needed
    ({"talent_list_profession": "Naval architects"}, "pass"),  # the case's own profession
    ({"candidate__talent_list_profession": "Accountants"}, "pass"),  # added 1 Mar 2025
    ({"local_recruitment_justification": "Advertised 8 weeks; no local hire."}, "pass"),
    ({"local_recruitment_justification": "   "}, "unknown"),  # blank is "not recorded"
])
def test_local_recruitment_waived_or_justified(changes, outcome):
    assert rule(gep(**changes), "gep_local_recruitment").outcome == outcome
    assert eligibility.blocking_failures(gep(**changes), TODAY) == ()


def test_the_case_profession_wins_over_the_candidates():
    case = gep(talent_list_profession="Actuaries", candidate__talent_list_profession="")
    assert rule(case, "gep_local_recruitment").outcome == "pass"


def test_a_later_edition_applies_from_its_date():
    case = gep(candidate__talent_list_profession="Accountants")
    assert rule(case, "gep_local_recruitment", date(2025, 3, 1)).outcome == "pass"
    # On 28 Feb 2025 the 2023 list (only partly named) is in force: unknown, not no.
    before = rule(case, "gep_local_recruitment", date(2025, 2, 28))
    assert before.outcome == "unknown" and "talentlist.gov.hk" in before.reason


def test_the_waiver_did_not_exist_before_28_december_2022():
    case = gep(monthly_salary=200_000)
    assert rule(case, "gep_local_recruitment", date(2022, 12, 27)).outcome == "unknown"
    assert rule(case, "gep_local_recruitment", date(2022, 12, 28)).outcome == "pass"


@pytest.mark.parametrize("level,years,outcome", [
    ("bachelor", 0, "pass"), ("sub_degree", 6, "unknown"), ("none", 5, "unknown"),
    ("none", 0, "fail"),
])
def test_gep_education(level, years, outcome):
    case = gep(candidate__qualification_level=level, candidate__years_experience=years)
    result = rule(case, "gep_education")
    assert result.outcome == outcome
    assert result.refuses is (outcome == "fail")


def test_self_applied_routes_have_no_offer_and_no_positions():
    case = gep(scheme="QMAS", job_title="", monthly_salary=None)
    assert eligibility.case_offer(case) is None
    assert eligibility.case_positions(case) is None
    assert eligibility.case_verdict(case, TODAY).scheme == "QMAS"

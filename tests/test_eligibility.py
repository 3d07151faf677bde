"""Eligibility checklist items, each way, on in-memory cases (no database needed)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.candidates.models import Candidate
from tracker.cases import eligibility
from tracker.cases.models import Case
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.rules import eligibility as rules
from tracker.rules.schemes import SCHEMES

TODAY = date(2025, 6, 2)


def techtas(**changes) -> Case:
    candidate = Candidate(full_name="A", stem_degree=True, qualification_level="master",
                          qualification_subject="Physics", years_experience=3)
    position = QuotaPosition(job_title="Research Engineer", technology_area="Robotics",
                             monthly_salary=40_000, quotas=2, used=0)
    other = QuotaPosition(job_title="Data Scientist", technology_area="Data analytics",
                          monthly_salary=45_000, quotas=1, used=0)
    allotment = QuotaAllotment(itc_reference="ITC/1", allotment_date=date(2025, 1, 1),
                               valid_until=date(2026, 1, 1), positions=[position, other])
    case = Case(scheme="TechTAS", candidate=candidate, allotment=allotment, position=position,
                job_title="Research Engineer", monthly_salary=40_000, quota_held=False,
                local_recruitment_justification="", talent_list_profession="")
    for path, value in changes.items():
        target, _, name = path.rpartition("__")
        setattr(getattr(case, target) if target else case, name, value)
    return case


def gep(**changes) -> Case:
    candidate = Candidate(full_name="B", stem_degree=False, qualification_level="bachelor",
                          qualification_subject="Economics", years_experience=0)
    case = Case(scheme="GEP", candidate=candidate, job_title="Analyst", monthly_salary=30_000,
                local_recruitment_justification="Advertised 8 weeks; no suitable local hire.",
                talent_list_profession="", quota_held=False)
    for path, value in changes.items():
        target, _, name = path.rpartition("__")
        setattr(getattr(case, target) if target else case, name, value)
    return case


def item(case: Case, code: str) -> eligibility.Item:
    return next(i for i in eligibility.evaluate(case, TODAY) if i.requirement.code == code)


def test_every_requirement_has_a_check_and_every_scheme_is_covered_or_empty():
    for scheme in SCHEMES:
        for requirement in rules.requirements(scheme):
            assert requirement.code in eligibility.CHECKS
            assert requirement.source
    assert rules.requirements("QMAS") == ()  # an unknown scheme has no checklist


def test_a_valid_techtas_case_passes_everything():
    items = eligibility.evaluate(techtas(), TODAY)
    assert [i.status for i in items] == ["passed"] * 5
    assert eligibility.blocking_failures(techtas(), TODAY) == []


@pytest.mark.parametrize("code,changes,fragment", [
    ("techtas_area", {"position__technology_area": "Blockchain"}, "not on the list"),
    ("stem_degree", {"candidate__stem_degree": False}, "no STEM degree"),
    ("salary_not_below_position", {"monthly_salary": 39_999}, "below the HK$40,000 offered"),
    ("job_matches_position", {"job_title": "Sales Manager"}, "not a position of allotment"),
    ("allotment_valid", {"allotment__valid_until": date(2025, 6, 1)}, "expired on 01/06/2025"),
])
def test_each_techtas_item_fails_and_blocks(code, changes, fragment):
    failed = item(techtas(**changes), code)
    assert failed.status == "failed" and failed.blocks
    assert fragment in failed.reason
    assert item(techtas(), code).status == "passed"


def test_techtas_boundaries_pass():
    assert item(techtas(monthly_salary=40_000), "salary_not_below_position").status == "passed"
    assert item(techtas(allotment__valid_until=TODAY), "allotment_valid").status == "passed"
    assert item(techtas(job_title="  research   ENGINEER "), "job_matches_position"
                ).status == "passed"
    other = item(techtas(job_title="Data Scientist"), "job_matches_position")
    assert other.status == "passed" and "not the one chosen" in other.reason
    # An area of the list in force when allotted still counts (5G before 28 Dec 2022).
    old = techtas(position__technology_area="5G communications",
                  allotment__allotment_date=date(2022, 6, 1))
    assert item(old, "techtas_area").status == "passed"
    assert item(techtas(position__technology_area="Quantum technology"), "techtas_area"
                ).status == "passed"


def test_a_held_quota_keeps_the_allotment_item_passed_after_expiry():
    case = techtas(allotment__valid_until=date(2025, 1, 1), quota_held=True)
    assert item(case, "allotment_valid").status == "passed"


def test_techtas_without_position_is_unknown_not_blocking():
    case = techtas()
    case.position = None
    unknown = item(case, "salary_not_below_position")
    assert unknown.status == "unknown" and not unknown.blocks


def test_a_valid_gep_case_passes_the_four_requirements():
    items = {i.requirement.code: i for i in eligibility.evaluate(gep(), TODAY)}
    for code in ("relevant_job", "local_recruitment", "market_pay", "good_education"):
        assert items[code].status == "passed", code
    assert items["local_recruitment_waiver"].status == "failed"
    assert not items["local_recruitment_waiver"].blocks


def test_gep_relevant_job_needs_a_degree_or_experience():
    none = gep(candidate__qualification_level="none", candidate__years_experience=0)
    assert item(none, "relevant_job").status == "failed" and item(none, "relevant_job").blocks
    experienced = gep(candidate__qualification_level="none", candidate__years_experience=1)
    assert item(experienced, "relevant_job").status == "passed"


def test_gep_local_recruitment_needs_a_justification_unless_waived():
    missing = item(gep(local_recruitment_justification="  "), "local_recruitment")
    assert missing.status == "failed" and missing.blocks


@pytest.mark.parametrize("changes,passes", [
    ({"monthly_salary": 166_667}, True),  # 2,000,004 a year
    ({"monthly_salary": 166_666}, False),  # 1,999,992 a year
    ({"talent_list_profession": "Naval architects"}, False),  # not (yet) in the data file
    ({"talent_list_profession": "Ship finance professionals"}, True),
    ({"talent_list_profession": " ship   FINANCE professionals"}, True),
])
def test_the_talent_list_and_2m_waiver(changes, passes):
    case = gep(local_recruitment_justification="", **changes)
    assert (item(case, "local_recruitment").status == "passed") is passes
    assert (item(case, "local_recruitment_waiver").status == "passed") is passes


def test_the_waiver_did_not_exist_before_28_december_2022():
    case = gep(local_recruitment_justification="", monthly_salary=200_000)
    before = next(i for i in eligibility.evaluate(case, date(2022, 12, 27))
                  if i.requirement.code == "local_recruitment")
    assert before.status == "failed"


@pytest.mark.parametrize("salary,status", [
    (0, "failed"), (rules.GEP_MARKET_PAY_FLOOR_MONTHLY - 1, "failed"),
    (rules.GEP_MARKET_PAY_FLOOR_MONTHLY, "passed"),
])
def test_gep_market_pay_floor(salary, status):
    result = item(gep(monthly_salary=salary), "market_pay")
    assert result.status == status
    assert result.blocks is (status == "failed")


@pytest.mark.parametrize("level,years,status", [
    ("bachelor", 0, "passed"), ("sub_degree", 0, "passed"), ("none", 5, "passed"),
    ("none", 4, "failed"),
])
def test_gep_good_education(level, years, status):
    result = item(gep(candidate__qualification_level=level, candidate__years_experience=years),
                  "good_education")
    assert result.status == status
    assert not result.blocks  # ImmD may accept exceptions: a warning, not a refusal

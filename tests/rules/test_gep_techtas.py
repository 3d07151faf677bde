"""GEP's local-recruitment waiver and TechTAS's allotment matching, area lists and validity."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tracker.rules.differences import applying_on
from tracker.rules.gep import gep_verdict, local_recruitment_waiver
from tracker.rules.profile import CandidateProfile, JobOffer
from tracker.rules.techtas_rules import (
    AllotmentPosition,
    allotment_check,
    rnd_area_check,
    techtas_verdict,
)

ON = date(2025, 6, 2)
ENGINEER = CandidateProfile(
    mainland_resident=False, qualification_level="master", talent_list_profession="",
    job_offer=JobOffer("Senior engineer", annual_salary_hkd=900_000),
)


def waiver(profile: CandidateProfile, on: date = ON) -> str:
    return local_recruitment_waiver(profile, on).outcome


@pytest.mark.parametrize(("pay", "outcome"), [
    (1_999_999, "fail"), (2_000_000, "pass"), (2_400_000, "pass"), (None, "unknown"),
])
def test_waiver_pay_threshold(pay, outcome):
    assert waiver(replace(ENGINEER, job_offer=JobOffer("x", annual_salary_hkd=pay))) == outcome


def test_waiver_monthly_pay_counts_twelve_months():
    offer = JobOffer("x", monthly_salary_hkd=170_000)  # HK$2.04M a year
    assert waiver(replace(ENGINEER, job_offer=offer)) == "pass"


def test_waiver_by_talent_list_and_only_since_28_december_2022():
    listed = replace(ENGINEER, talent_list_profession="Naval architects")
    assert waiver(listed, date(2022, 12, 28)) == "pass"
    assert waiver(listed, date(2022, 12, 27)) == "fail"
    rich = replace(ENGINEER, job_offer=JobOffer("x", annual_salary_hkd=3_000_000))
    assert waiver(rich, date(2022, 12, 27)) == "fail"
    # Pay below the threshold and a profession the app cannot place: cannot tell.
    assert waiver(replace(ENGINEER, talent_list_profession="Plumbers")) == "unknown"


def test_gep_verdict_rules():
    # Not waived, and no justification recorded: possible until the employer gives one.
    assert gep_verdict(ENGINEER, ON).status == "possible"
    justified = replace(ENGINEER, job_offer=replace(ENGINEER.job_offer,
                                                   local_recruitment_justified=True))
    assert gep_verdict(justified, ON).status == "eligible"
    assert gep_verdict(replace(ENGINEER, mainland_resident=True), ON).status == "not_eligible"
    no_offer = replace(ENGINEER, job_offer=None, has_job_offer=False)
    assert gep_verdict(no_offer, ON).result("gep_job_offer").outcome == "fail"
    local = gep_verdict(ENGINEER, ON).result("gep_local_recruitment")
    assert local.outcome == "unknown" and local.blocking and not local.refuses
    refused = replace(ENGINEER, job_offer=replace(ENGINEER.job_offer,
                                                 local_recruitment_justified=False))
    assert gep_verdict(refused, ON).result("gep_local_recruitment").refuses


def test_a_waiver_resting_on_a_secondary_talent_list_entry_is_indicative():
    doctors = gep_verdict(replace(ENGINEER, talent_list_profession="Doctors"), ON)
    assert doctors.result("gep_local_recruitment").outcome == "pass"
    assert doctors.indicative and "filled locally" in doctors.why_indicative
    # The 2018 list is official: a waiver through it on its date is firm.
    actuaries = gep_verdict(replace(ENGINEER, talent_list_profession="Actuaries"),
                            date(2023, 1, 2))
    assert actuaries.result("gep_local_recruitment").confirmed


OFFER = JobOffer("AI research scientist", monthly_salary_hkd=80_000,
                 technology_area="Artificial intelligence", principally_rnd=True)
RESEARCHER = CandidateProfile(qualification_level="doctorate", stem_degree=True,
                              top100_stem_university=True, job_offer=OFFER)
POSITION = AllotmentPosition("AI research scientist", "Artificial intelligence", 75_000, 2,
                             date(2025, 6, 30), "ITC/2024/001", 7)


def allotment(positions, profile=RESEARCHER, on=ON):
    return allotment_check(profile, on, positions)


def test_allotment_match_names_the_position():
    result = allotment([POSITION])
    assert result.outcome == "pass" and "ITC/2024/001" in result.reason
    assert "2 quota(s) left" in result.reason


@pytest.mark.parametrize(("position", "on", "outcome", "words"), [
    (POSITION, date(2025, 6, 30), "pass", "valid until 30/06/2025"),  # last valid day
    (POSITION, date(2025, 7, 1), "fail", "expired"),
    (replace(POSITION, remaining=0), ON, "fail", "no quota left"),
    (replace(POSITION, technology_area="Robotics"), ON, "fail", "another area"),
    (replace(POSITION, monthly_salary_hkd=90_000), ON, "fail", "above the offer"),
    (replace(POSITION, title="Data engineer"), ON, "unknown", "not the job title"),
])
def test_allotment_boundaries(position, on, outcome, words):
    result = allotment([position], on=on)
    assert result.outcome == outcome and words in result.reason


def test_allotment_picks_a_free_position_among_several():
    full = replace(POSITION, remaining=0, allotment_ref="OLD")
    result = allotment([full, replace(POSITION, allotment_ref="NEW")])
    assert result.outcome == "pass" and "NEW" in result.reason
    assert allotment([]).outcome == "fail" and allotment(None).outcome == "unknown"


def test_technology_area_list_by_date():
    quantum = replace(RESEARCHER, job_offer=replace(OFFER, technology_area="Quantum technology"))
    assert rnd_area_check(quantum, date(2022, 12, 27)).outcome == "fail"
    assert rnd_area_check(quantum, date(2022, 12, 28)).outcome == "pass"
    five_g = replace(RESEARCHER, job_offer=replace(OFFER, technology_area="5G communications"))
    assert rnd_area_check(five_g, date(2023, 6, 1)).outcome == "pass"  # now "advanced comms"
    not_rnd = replace(RESEARCHER, job_offer=replace(OFFER, principally_rnd=False))
    assert rnd_area_check(not_rnd, ON).outcome == "fail"


def test_techtas_verdict():
    assert techtas_verdict(RESEARCHER, ON, [POSITION]).status == "eligible"
    assert techtas_verdict(RESEARCHER, ON).status == "possible"  # allotments not looked up
    no_stem = replace(RESEARCHER, stem_degree=False)
    assert techtas_verdict(no_stem, ON, [POSITION]).status == "not_eligible"


@pytest.mark.parametrize(("allotted", "months"), [
    (date(2020, 5, 1), 12), (date(2022, 12, 27), 12), (date(2022, 12, 28), 24),
])
def test_quota_validity_by_allotment_date(allotted, months):
    says = {d.topic: v.says for d, v in applying_on(allotted)}
    assert says["TechTAS quota validity"] == f"{months} months"

"""TTPS: categories A, B and C; a missing fact answers unknown, never no."""

from __future__ import annotations

from datetime import date

from tracker.rules.profile import CandidateProfile
from tracker.rules.sources import checkable
from tracker.rules.ttps import initial_stay_months, ttps_verdict

ON = date(2026, 12, 1)


def test_category_a_by_income():
    verdict = ttps_verdict(CandidateProfile(annual_income_hkd=2_500_000), ON)
    assert verdict.status == "eligible" and verdict.result("ttps_a").outcome == "pass"
    assert verdict.result("ttps_category").reason == "Meets category A."
    low = ttps_verdict(CandidateProfile(annual_income_hkd=2_499_999, qualification_level="none"),
                       ON)
    assert low.status == "not_eligible"
    assert "HK$2,499,999 is below HK$2,500,000" in low.result("ttps_a").reason


def test_category_b_needs_the_degree_and_3_of_the_last_5_years():
    b = CandidateProfile(qualification_level="bachelor", eligible_university_degree=True,
                         years_experience=8, years_experience_last_5=4)
    assert ttps_verdict(b, ON).result("ttps_b").outcome == "pass"
    assert ttps_verdict(b, ON).status == "eligible"
    # Years in total but not when: unknown, never no.
    vague = CandidateProfile(qualification_level="bachelor", eligible_university_degree=True,
                             years_experience=8)
    assert ttps_verdict(vague, ON).result("ttps_b").outcome == "unknown"
    # A master's from the QMAS/TTPS list counts as an eligible degree.
    listed = CandidateProfile(qualification_level="master", eligible_university=True,
                              years_experience_last_5=3)
    assert ttps_verdict(listed, ON).result("ttps_b").outcome == "pass"


def test_category_c_recent_degree_and_little_work():
    c = CandidateProfile(qualification_level="bachelor", eligible_university_degree=True,
                         degree_awarded_on=date(2022, 12, 2), years_experience=1)
    verdict = ttps_verdict(c, ON)
    assert verdict.result("ttps_c").outcome == "pass" and verdict.status == "eligible"
    old = CandidateProfile(qualification_level="bachelor", eligible_university_degree=True,
                           degree_awarded_on=date(2021, 12, 1), years_experience=1)
    assert ttps_verdict(old, ON).result("ttps_c").outcome == "fail"
    # B fails too (1 year's work); A is unknown without an income: "possible", not "no".
    assert ttps_verdict(old, ON).result("ttps_b").outcome == "fail"
    assert ttps_verdict(old, ON).status == "possible"
    known = CandidateProfile(qualification_level="bachelor", eligible_university_degree=True,
                             degree_awarded_on=date(2021, 12, 1), years_experience=1,
                             annual_income_hkd=400_000)
    assert ttps_verdict(known, ON).status == "not_eligible"


def test_an_empty_profile_is_possible_and_every_source_is_checkable():
    verdict = ttps_verdict(CandidateProfile(), ON)
    assert verdict.status == "possible"
    assert verdict.result("ttps_category").reason == \
        "Not known yet: category A, category B, category C."
    assert all(checkable(r.source) for r in verdict.results)


def test_initial_stay_of_category_a_is_36_months_from_16_october_2024():
    assert initial_stay_months("A", date(2024, 10, 16)) == 36
    assert initial_stay_months("A", date(2024, 10, 15)) == 24
    assert initial_stay_months("B", ON) == 24

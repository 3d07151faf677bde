"""TechTAS today's facts: the technology areas by date (7, 13, 14) and the applicant's STEM
rule (top-100 STEM university; a bachelor's needs a year in the area; no degree: case by
case, so "unknown", never "no")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tracker.rules.profile import CandidateProfile, JobOffer
from tracker.rules.techtas import area_outcome, technology_areas
from tracker.rules.techtas_rules import (
    AllotmentPosition,
    area_experience_check,
    rnd_area_check,
    stem_check,
    techtas_verdict,
)

ON = date(2025, 6, 2)


@pytest.mark.parametrize(("area", "on", "outcome"), [
    ("Robotics", date(2018, 6, 25), "pass"),  # one of the 7 at launch
    ("Microelectronics", date(2019, 12, 31), "fail"),  # only the 7 before January 2020
    ("Microelectronics", date(2020, 1, 1), "unknown"),  # 13 from a day in January 2020
    ("Microelectronics", date(2020, 1, 31), "unknown"),
    ("Microelectronics", date(2020, 2, 1), "pass"),
    ("Robotics", date(2020, 1, 15), "pass"),  # on both lists: no doubt
    ("Quantum technology", date(2020, 1, 15), "fail"),  # on neither
    ("Quantum technology", date(2022, 12, 27), "fail"),
    ("Quantum technology", date(2022, 12, 28), "pass"),  # 14 from 28 Dec 2022
    ("5G communications", date(2022, 12, 28), "pass"),  # = advanced communication
])
def test_technology_areas_by_date(area, on, outcome):
    assert area_outcome(area, on) == outcome


def test_the_forms_offer_7_13_or_14_areas_and_every_possible_one_in_january_2020():
    assert len(technology_areas(date(2019, 12, 31))) == 7
    assert len(technology_areas(date(2020, 1, 15))) == 13
    assert len(technology_areas(date(2020, 2, 1))) == 13
    assert len(technology_areas(date(2022, 12, 28))) == 14


def test_the_rnd_rule_answers_unknown_in_january_2020():
    offer = JobOffer("IC designer", technology_area="Integrated circuit design",
                     principally_rnd=True)
    profile = CandidateProfile(job_offer=offer)
    assert rnd_area_check(profile, date(2019, 12, 31)).outcome == "fail"
    january = rnd_area_check(profile, date(2020, 1, 20))
    assert january.outcome == "unknown" and "first day is not known" in january.reason
    assert rnd_area_check(profile, date(2020, 2, 1)).outcome == "pass"


STEM = CandidateProfile(qualification_level="bachelor", stem_degree=True,
                        top100_stem_university=True, years_in_technology_area=1)


@pytest.mark.parametrize(("change", "outcome", "reason"), [
    ({}, "pass", "STEM degree from a top-100 university"),
    ({"top100_stem_university": False}, "fail", "not among the top 100"),
    ({"top100_stem_university": None}, "unknown", "not recorded"),
    ({"stem_degree": False}, "fail", "not in a STEM subject"),
    ({"qualification_level": "sub_degree"}, "unknown", "case by case"),  # never "no"
    ({"qualification_level": "none", "top100_stem_university": False}, "unknown",
     "case by case"),
    ({"qualification_level": None}, "unknown", "Qualification not given"),
])
def test_stem_degree_from_a_top_100_university(change, outcome, reason):
    found = stem_check(replace(STEM, **change))
    assert found.outcome == outcome and reason in found.reason


@pytest.mark.parametrize(("level", "years", "outcome"), [
    ("bachelor", 1, "pass"), ("bachelor", 0, "fail"), ("bachelor", None, "unknown"),
    ("master", 0, "pass"), ("doctorate", None, "pass"), ("none", 5, "unknown"),
])
def test_a_bachelor_needs_a_year_in_the_technology_area(level, years, outcome):
    profile = replace(STEM, qualification_level=level, years_in_technology_area=years)
    assert area_experience_check(profile).outcome == outcome


def test_the_verdict_reads_both_rules():
    offer = JobOffer("AI engineer", monthly_salary_hkd=60_000,
                     technology_area="Artificial intelligence", principally_rnd=True)
    position = AllotmentPosition("AI engineer", "Artificial intelligence", 50_000, 1,
                                 date(2026, 1, 31), "ITC/1")
    bachelor = replace(STEM, job_offer=offer)
    assert techtas_verdict(bachelor, ON, [position]).status == "eligible"
    assert techtas_verdict(replace(bachelor, years_in_technology_area=0), ON,
                           [position]).status == "not_eligible"
    assert techtas_verdict(replace(bachelor, qualification_level="sub_degree"), ON,
                           [position]).status == "possible"

"""QMAS: the points table, the Nov-2024 criteria, the switch between them, APT, the verdict."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tracker.rules.profile import Achievement, CandidateProfile, Languages
from tracker.rules.qmas import (
    assess_apt,
    assess_gpt,
    gpt_version_on,
    points_outcome,
    qmas_verdict,
)
from tracker.rules.qmas_tables import CRITERIA_2024, POINTS_TABLE
from tracker.rules.results import INDICATIVE

BEFORE, AFTER = date(2024, 10, 31), date(2024, 11, 1)

# Exactly 80 points on the old table: age 30 + bachelor 30 + 2 years 10 + English 10.
EIGHTY = CandidateProfile(
    date_of_birth=date(1994, 1, 1), qualification_level="bachelor", degrees_at_top_level=1,
    years_experience=2, years_senior=0,
    languages=Languages(english=True, written_chinese=False, putonghua=False, cantonese=False,
                        other=()),
    marital_status="single", unmarried_children_under_18=0,
    immediate_family_hk_permanent_resident=False, talent_list_profession="",
)


def points(profile: CandidateProfile, on: date = BEFORE) -> dict[str, int | None]:
    return {i.code: i.points for i in assess_gpt(profile, on).items}


def test_pass_mark_boundary():
    assert points_outcome(80, 80, 80) == "pass"
    assert points_outcome(79, 79, 80) == "fail"
    assert points_outcome(79, 84, 80) == "unknown"
    exact = assess_gpt(EIGHTY, BEFORE)
    assert (exact.score, exact.best_case, exact.outcome) == (80, 80, "pass")
    assert exact.threshold == POINTS_TABLE.pass_mark == 80
    below = assess_gpt(replace(EIGHTY, years_experience=1), BEFORE)
    assert (below.score, below.outcome) == (70, "fail")
    # 75 (a spouse with a degree instead of the 2 years' experience) still fails.
    spouse = replace(EIGHTY, years_experience=1, marital_status="married", spouse_has_degree=True)
    assert (assess_gpt(spouse, BEFORE).score, assess_gpt(spouse, BEFORE).outcome) == (75, "fail")


def test_version_switches_on_1_november_2024():
    assert gpt_version_on(BEFORE) is POINTS_TABLE
    assert gpt_version_on(AFTER) is CRITERIA_2024
    assert assess_gpt(EIGHTY, BEFORE).kind == "points"
    after = assess_gpt(EIGHTY, AFTER)
    assert after.kind == "criteria" and after.threshold == 6 and len(after.items) == 12


@pytest.mark.parametrize(("dob", "expected"), [
    (date(1985, 11, 1), 30), (date(1984, 10, 31), 20), (date(1979, 10, 31), 15),
    (date(1973, 10, 31), 0),
])
def test_age_points(dob, expected):
    assert points(replace(EIGHTY, date_of_birth=dob))["age"] == expected


@pytest.mark.parametrize(("level", "count", "expected"), [
    ("bachelor", 1, 30), ("bachelor", 2, 35), ("master", 1, 35), ("master", 2, 40),
    ("doctorate", 1, 40), ("doctorate", 2, 45), ("sub_degree", 1, 0), ("none", 0, 0),
])
def test_academic_points(level, count, expected):
    profile = replace(EIGHTY, qualification_level=level, degrees_at_top_level=count)
    assert points(profile)["academic"] == expected


@pytest.mark.parametrize(("years", "senior", "expected"), [
    (1, 0, 0), (2, 0, 10), (5, 0, 30), (5, 2, 40), (10, 4, 40), (10, 5, 50),
])
def test_work_points(years, senior, expected):
    assert points(replace(EIGHTY, years_experience=years, years_senior=senior))["work"] == expected


@pytest.mark.parametrize(("langs", "expected"), [
    (Languages(english=True, written_chinese=True, cantonese=True, other=()), 20),
    (Languages(english=True, written_chinese=False, other=("French",)), 15),
    (Languages(english=True, written_chinese=False, other=()), 10),
    (Languages(english=False, written_chinese=False, other=("French",)), 0),
])
def test_language_points(langs, expected):
    assert points(replace(EIGHTY, languages=langs))["language"] == expected


def test_family_points_cap_children_at_ten():
    family = replace(EIGHTY, marital_status="married", spouse_has_degree=True,
                     unmarried_children_under_18=3, immediate_family_hk_permanent_resident=True)
    assert points(family)["family"] == 5 + 10 + 5


def test_talent_list_bonus_depends_on_the_date():
    actuary = replace(EIGHTY, talent_list_profession="Actuaries")
    assert points(actuary, date(2018, 8, 27))["talent_list"] == 0
    assert points(actuary, date(2018, 8, 28))["talent_list"] == 30


def test_unknown_facts_give_a_range_not_a_guess():
    blank = assess_gpt(CandidateProfile(), BEFORE)
    assert blank.score == 0 and blank.outcome == "unknown"
    assert blank.best_case == 30 + 45 + 50 + 30 + 20 + 20
    assert blank.stated_max == 245 and blank.note == INDICATIVE
    bonuses = [i for i in blank.items if i.code.startswith("bonus_")]
    assert len(bonuses) == 2 and all(not b.confirmed and b.points == 0 for b in bonuses)


SIX = CandidateProfile(  # meets exactly six of the twelve placeholder criteria
    date_of_birth=date(1990, 1, 1), qualification_level="master", stem_degree=True,
    renowned_institution=False,
    languages=Languages(english=True, written_chinese=True, putonghua=True, other=()),
    years_experience=6, years_senior=2, years_international=0, annual_income_hkd=900_000,
    owns_business=False,
)


def test_criteria_need_six():
    six = assess_gpt(SIX, AFTER)
    assert (six.score, six.outcome) == (6, "pass")
    assert {i.code for i in six.items if i.met} == {
        "age_18_39", "postgraduate", "stem_degree", "chinese_and_english", "experience_5",
        "senior_2"}
    five = assess_gpt(replace(SIX, years_senior=1), AFTER)
    assert (five.score, five.best_case, five.outcome) == (5, 5, "fail")
    maybe = assess_gpt(replace(SIX, years_senior=1, owns_business=None), AFTER)
    assert maybe.outcome == "unknown"
    assert all(not i.confirmed for i in six.items)


def test_income_threshold_is_inclusive():
    rich = assess_gpt(replace(SIX, annual_income_hkd=1_000_000), AFTER)
    assert next(i for i in rich.items if i.code == "income_1m").met is True


def test_achievement_based_points_test():
    assert assess_apt(CandidateProfile()).outcome == "fail"
    medal = Achievement("olympic_medal", "Olympic silver medal, rowing, 2020",
                        "IOC results page and medal certificate")
    apt = assess_apt(CandidateProfile(achievements=(medal,)))
    assert apt.outcome == "pass" and "IOC results page" in apt.reason
    assert assess_apt(CandidateProfile(achievements=(replace(medal, evidence=""),))
                      ).outcome == "unknown"
    assert assess_apt(CandidateProfile(achievements=(replace(medal, kind="other"),))
                      ).outcome == "unknown"


def test_verdict_uses_gpt_or_apt():
    assert qmas_verdict(EIGHTY, BEFORE).status == "eligible"
    weak = replace(EIGHTY, years_experience=0)
    assert qmas_verdict(weak, BEFORE).status == "not_eligible"
    nobel = Achievement("nobel_prize", "Nobel Prize in Chemistry", "Nobel Foundation citation")
    assert qmas_verdict(replace(weak, achievements=(nobel,)), BEFORE).status == "eligible"
    minor = replace(EIGHTY, date_of_birth=date(2007, 1, 1))
    assert qmas_verdict(minor, BEFORE).result("qmas_age").outcome == "fail"
    test = qmas_verdict(SIX, AFTER).result("qmas_points_test")
    assert test.outcome == "pass" and not test.confirmed and INDICATIVE in test.reason

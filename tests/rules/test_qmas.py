"""QMAS: the 2008 and May 2015 points tables, the Nov-2024 criteria, the switches between
them, the prerequisites, APT and the verdict."""

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
from tracker.rules.qmas_tables import CRITERIA_2024, TABLE_2008, TABLE_2015
from tracker.rules.results import INDICATIVE

OLD = date(2015, 4, 30)  # the last day surely on the 2008 table
MAY_2015 = date(2015, 5, 15)  # the 2015 table started this month, on a day not known
NEW = date(2015, 6, 1)  # the first day surely on the 2015 table
BEFORE, AFTER = date(2024, 10, 31), date(2024, 11, 1)

ENGLISH_ONLY = Languages(english=True, written_chinese=False, putonghua=False, cantonese=False,
                         other=())
# Exactly 80 on the 2008 table: age 30 + bachelor 30 + 2 years 10 + English 10.
EIGHTY = CandidateProfile(
    date_of_birth=date(1994, 1, 1), qualification_level="bachelor", degrees_at_top_level=1,
    renowned_institution=False, years_experience=2, years_senior=0, years_international=0,
    languages=ENGLISH_ONLY, marital_status="single", unmarried_children_under_18=0,
    immediate_family_hk_permanent_resident=False, talent_list_profession="",
)
# Exactly 80 on the 2015 table: age 30 + bachelor 10 + renowned institution 30 + English 10
# (+ 0 for no work experience); 70 on the 2008 table.
RENOWNED = replace(EIGHTY, renowned_institution=True, years_experience=0)


def points(profile: CandidateProfile, on: date = BEFORE) -> dict[str, int | None]:
    return {i.code: i.points for i in assess_gpt(profile, on).items}


@pytest.mark.parametrize(("on", "version"), [
    (date(2006, 6, 28), TABLE_2008), (OLD, TABLE_2008), (date(2015, 5, 1), TABLE_2015),
    (NEW, TABLE_2015), (BEFORE, TABLE_2015), (AFTER, CRITERIA_2024),
])
def test_the_application_date_picks_the_test(on, version):
    assert gpt_version_on(on) is version


def test_pass_mark_boundary():
    assert points_outcome(80, 80, 80) == "pass"
    assert points_outcome(79, 79, 80) == "fail"
    assert points_outcome(79, 84, 80) == "unknown"
    exact = assess_gpt(EIGHTY, OLD)
    assert (exact.score, exact.best_case, exact.outcome) == (80, 80, "pass")
    assert exact.threshold == TABLE_2008.pass_mark == TABLE_2015.pass_mark == 80
    below = assess_gpt(replace(EIGHTY, years_experience=1), OLD)
    assert (below.score, below.outcome) == (70, "fail")
    assert (assess_gpt(RENOWNED, NEW).score, assess_gpt(RENOWNED, NEW).outcome) == (80, "pass")
    plain = assess_gpt(replace(RENOWNED, renowned_institution=False), NEW)
    assert (plain.score, plain.outcome) == (50, "fail")


def test_the_2015_table_replaces_the_2008_one_in_may_2015():
    assert (assess_gpt(RENOWNED, OLD).score, assess_gpt(RENOWNED, OLD).outcome) == (70, "fail")
    may = assess_gpt(RENOWNED, MAY_2015)  # the tables disagree: never a "no"
    assert may.outcome == "unknown" and not may.confirmed
    assert "not known; on the earlier test: 70 points" in may.summary
    assert assess_gpt(RENOWNED, NEW).outcome == "pass"
    # Where both tables agree, May 2015 keeps the answer.
    assert assess_gpt(replace(RENOWNED, date_of_birth=date(1950, 1, 1),
                              renowned_institution=False), MAY_2015).outcome == "fail"


@pytest.mark.parametrize(("dob", "expected"), [
    (date(1985, 11, 1), 30), (date(1984, 10, 31), 20), (date(1979, 11, 1), 20),
    (date(1979, 10, 31), 15), (date(1974, 10, 31), 15), (date(1973, 10, 31), 0),
])
def test_age_points_at_39_40_44_45_50_51(dob, expected):
    assert points(replace(EIGHTY, date_of_birth=dob))["age"] == expected


@pytest.mark.parametrize(("level", "count", "old", "new"), [
    ("bachelor", 1, 30, 10), ("bachelor", 2, 35, 20), ("master", 1, 35, 20),
    ("master", 2, 40, 40), ("doctorate", 1, 40, 40), ("doctorate", 2, 45, 40),
    ("sub_degree", 1, 0, 0), ("none", 0, 0, 0),
])
def test_academic_points(level, count, old, new):
    profile = replace(EIGHTY, qualification_level=level, degrees_at_top_level=count)
    assert (points(profile, OLD)["academic"], points(profile, NEW)["academic"]) == (old, new)


@pytest.mark.parametrize(("years", "senior", "old", "new"), [
    (1, 0, 0, 0), (2, 0, 10, 5), (4, 0, 10, 5), (5, 0, 30, 15), (5, 1, 30, 15),
    (5, 2, 40, 30), (10, 4, 40, 30), (10, 5, 50, 40),
])
def test_work_points(years, senior, old, new):
    profile = replace(EIGHTY, years_experience=years, years_senior=senior)
    assert (points(profile, OLD)["work"], points(profile, NEW)["work"]) == (old, new)


@pytest.mark.parametrize(("years", "bonus"), [(None, 0), (0, 0), (1, 0), (2, 15), (9, 15)])
def test_international_bonus_from_two_years(years, bonus):
    assert points(replace(EIGHTY, years_international=years))["international"] == bonus
    assert "international" not in points(replace(EIGHTY, years_international=years), OLD)


def test_renowned_bonus_needs_a_degree():
    assert points(RENOWNED)["renowned"] == 30
    assert points(replace(RENOWNED, qualification_level="sub_degree"))["renowned"] == 0
    assert "renowned" not in points(RENOWNED, OLD)


@pytest.mark.parametrize(("langs", "expected"), [
    (Languages(english=True, written_chinese=True, cantonese=True, other=()), 20),
    (Languages(english=True, written_chinese=False, other=("French",)), 15),
    (ENGLISH_ONLY, 10),
    (Languages(english=False, written_chinese=False, other=("French",)), 0),
])
def test_language_points(langs, expected):
    assert points(replace(EIGHTY, languages=langs))["language"] == expected


def test_family_points_cap_children_at_ten():
    family = replace(EIGHTY, marital_status="married", spouse_has_degree=True,
                     unmarried_children_under_18=3, immediate_family_hk_permanent_resident=True)
    assert points(family)["family"] == points(family, OLD)["family"] == 5 + 10 + 5


def test_talent_list_bonus_from_28_august_2018_on_the_2015_table_only():
    actuary = replace(EIGHTY, talent_list_profession="Actuaries")
    assert points(actuary, date(2018, 8, 27))["talent_list"] == 0
    assert points(actuary, date(2018, 8, 28))["talent_list"] == 30
    assert "talent_list" not in points(actuary, OLD)
    item = next(i for i in assess_gpt(actuary, BEFORE).items if i.code == "talent_list")
    assert item.confirmed  # official, unlike the table's other values


def test_unknown_facts_give_a_range_not_a_guess():
    blank = assess_gpt(CandidateProfile(), BEFORE)
    assert blank.score == 0 and blank.outcome == "unknown"
    assert blank.best_case == blank.stated_max == 30 + 40 + 30 + 40 + 15 + 20 + 20 + 30 == 225
    assert assess_gpt(CandidateProfile(), OLD).best_case == TABLE_2008.stated_max == 165
    assert blank.note == INDICATIVE and not blank.confirmed


# Meets exactly six of the twelve criteria of 1 Nov 2024.
SIX = CandidateProfile(
    date_of_birth=date(1974, 11, 1), qualification_level="master", stem_degree=True,
    eligible_university=True,
    languages=Languages(english=True, written_chinese=True, putonghua=True, other=()),
    years_experience=5, years_multinational=2, years_innovation_finance_trade=2,
    years_international=1, annual_income_hkd=999_999, owns_business=True,
    business_profit_hkd=4_999_999, owns_listed_company=False,
)


def met(profile: CandidateProfile, code: str) -> bool | None:
    return next(i for i in assess_gpt(profile, AFTER).items if i.code == code).met


def test_criteria_need_six():
    six = assess_gpt(SIX, AFTER)
    assert (six.score, six.outcome, six.threshold, len(six.items)) == (6, "pass", 6, 12)
    assert {i.code for i in six.items if i.met} == {
        "age_50", "postgraduate_eligible", "postgraduate_stem", "two_languages", "english",
        "experience_5"}
    five = assess_gpt(replace(SIX, years_experience=4), AFTER)
    assert (five.score, five.best_case, five.outcome) == (5, 5, "fail")
    maybe = assess_gpt(replace(SIX, years_experience=4, owns_listed_company=None), AFTER)
    assert maybe.outcome == "unknown"
    assert all(not i.confirmed for i in six.items) and not six.confirmed


@pytest.mark.parametrize(("change", "code", "expected"), [
    ({"date_of_birth": date(1973, 11, 1)}, "age_50", False),  # 51 on 1 Nov 2024
    ({"date_of_birth": date(1974, 11, 2)}, "age_50", True),
    ({"years_multinational": 3}, "multinational_3", True),
    ({"years_innovation_finance_trade": 3}, "priority_sectors_3", True),
    ({"years_international": 2}, "abroad_2", True),
    ({"annual_income_hkd": 1_000_000}, "income_1m", True),
    ({"business_profit_hkd": 5_000_000}, "business_profit_5m", True),
    ({"owns_business": False, "business_profit_hkd": None}, "business_profit_5m", False),
    ({"business_profit_hkd": None}, "business_profit_5m", None),
    ({"owns_listed_company": True}, "listed_company", True),
    ({"qualification_level": "bachelor"}, "postgraduate_eligible", False),
    ({"qualification_level": "doctorate", "stem_degree": False}, "postgraduate_stem", False),
    ({"eligible_university": None}, "postgraduate_eligible", None),
])
def test_each_criterion_at_its_threshold(change, code, expected):
    assert met(replace(SIX, **change), code) is expected


@pytest.mark.parametrize(("langs", "expected"), [
    (Languages(english=True, written_chinese=False, other=("French",)), True),
    (Languages(english=False, written_chinese=False, other=("French", "German")), True),
    (ENGLISH_ONLY, False),
    (Languages(english=True, written_chinese=False), None),  # other languages not given
])
def test_two_languages_any_two(langs, expected):
    assert met(replace(SIX, languages=langs), "two_languages") is expected


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


KNOWN = {"financial_means": True, "good_character": True}


def test_verdict_uses_gpt_or_apt():
    assert qmas_verdict(replace(EIGHTY, **KNOWN), OLD).status == "eligible"
    weak = replace(EIGHTY, years_experience=0, **KNOWN)
    assert qmas_verdict(weak, OLD).status == "not_eligible"
    nobel = Achievement("nobel_prize", "Nobel Prize in Chemistry", "Nobel Foundation citation")
    assert qmas_verdict(replace(weak, achievements=(nobel,)), OLD).status == "eligible"
    minor = replace(EIGHTY, date_of_birth=date(2007, 1, 1))
    assert qmas_verdict(minor, OLD).result("qmas_age").outcome == "fail"
    test = qmas_verdict(SIX, AFTER).result("qmas_points_test")
    assert test.outcome == "pass" and not test.confirmed and INDICATIVE in test.reason


@pytest.mark.parametrize(("code", "fact"), [("qmas_financial", "financial_means"),
                                            ("qmas_good_character", "good_character")])
def test_financial_requirement_and_good_character_are_prerequisites(code, fact):
    known = replace(SIX, **KNOWN)
    assert qmas_verdict(known, AFTER).result(code).outcome == "pass"
    assert qmas_verdict(replace(known, **{fact: None}), AFTER).status == "possible"
    refused = qmas_verdict(replace(known, **{fact: False}), AFTER)
    assert refused.status == "not_eligible" and refused.result(code).outcome == "fail"


def test_language_prerequisite_after_november_2024_is_unresolved_never_no():
    no_language = replace(SIX, languages=Languages(english=False, written_chinese=False,
                                                   other=("French",)), **KNOWN)
    before = qmas_verdict(no_language, BEFORE).result("qmas_language")
    assert before.outcome == "fail" and before.confirmed
    after = qmas_verdict(no_language, AFTER).result("qmas_language")
    assert after.outcome == "unknown" and not after.confirmed
    assert "not resolved" in after.reason
    assert qmas_verdict(SIX, AFTER).result("qmas_language").outcome == "pass"

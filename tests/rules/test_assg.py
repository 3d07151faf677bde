"""ASSG eligibility at its boundaries: age days, birthplace, parent, education, language."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tracker.rules.assg import assg_verdict
from tracker.rules.profile import CandidateProfile, Languages

ELIGIBLE = CandidateProfile(
    date_of_birth=date(1995, 6, 15), place_of_birth="Toronto, Canada",
    parent_hk_permanent_id=True, parent_chinese_national_settled_overseas=True,
    qualification_level="bachelor", years_experience=3, languages=Languages(english=True),
    financial_means=True,
)


def age_outcome(dob: date, on: date) -> str:
    return assg_verdict(replace(ELIGIBLE, date_of_birth=dob), on).result("assg_age").outcome


@pytest.mark.parametrize(("dob", "on", "outcome"), [
    (date(1985, 6, 15), date(2026, 6, 14), "pass"),  # day before the 41st birthday
    (date(1985, 6, 15), date(2026, 6, 15), "fail"),  # 41st birthday
    (date(2008, 6, 15), date(2026, 6, 15), "pass"),  # 18th birthday
    (date(2008, 6, 15), date(2026, 6, 14), "fail"),  # day before the 18th birthday
    # 29 Feb birthdays: the birthday falls on 1 Mar in common years.
    (date(1984, 2, 29), date(2025, 2, 28), "pass"),
    (date(1984, 2, 29), date(2025, 3, 1), "fail"),
    (date(2008, 2, 29), date(2026, 2, 28), "fail"),
    (date(2008, 2, 29), date(2026, 3, 1), "pass"),
    (date(1984, 2, 29), date(2024, 2, 28), "pass"),  # 40th birthday on a real 29 Feb…
    (date(1984, 2, 29), date(2024, 2, 29), "pass"),
])
def test_age_boundaries_are_exact(dob, on, outcome):
    assert age_outcome(dob, on) == outcome


def test_age_reason_gives_the_dates():
    reason = assg_verdict(replace(ELIGIBLE, date_of_birth=date(1985, 6, 15)),
                          date(2026, 6, 15)).result("assg_age").reason
    assert reason == "Aged 41 on 15/06/2026; turned 41 on 15/06/2026."
    unknown = assg_verdict(replace(ELIGIBLE, date_of_birth=None), date(2026, 1, 1))
    assert unknown.result("assg_age").outcome == "unknown" and unknown.status == "possible"


@pytest.mark.parametrize(("place", "outcome"), [
    ("Toronto, Canada", "pass"), ("Sydney, Australia", "pass"), ("Hong Kong", "fail"),
    ("Macau", "fail"), ("Taipei", "fail"), ("Shenzhen, PRC", "fail"), ("Narnia", "unknown"),
    (None, "unknown"),
])
def test_born_overseas(place, outcome):
    verdict = assg_verdict(replace(ELIGIBLE, place_of_birth=place), date(2026, 1, 1))
    assert verdict.result("assg_born_overseas").outcome == outcome


@pytest.mark.parametrize(("holds", "settled", "outcome"), [
    (True, True, "pass"), (True, False, "fail"), (False, True, "fail"), (False, None, "fail"),
    (True, None, "unknown"), (None, None, "unknown"),
])
def test_parent_needs_both_facts(holds, settled, outcome):
    profile = replace(ELIGIBLE, parent_hk_permanent_id=holds,
                      parent_chinese_national_settled_overseas=settled)
    assert assg_verdict(profile, date(2026, 1, 1)).result("assg_parent").outcome == outcome


def test_parent_reason_says_which_fact_fails():
    profile = replace(ELIGIBLE, parent_hk_permanent_id=True,
                      parent_chinese_national_settled_overseas=False)
    reason = assg_verdict(profile, date(2026, 1, 1)).result("assg_parent").reason
    assert reason == "The parent was not a Chinese national settled overseas at the birth."


@pytest.mark.parametrize(("languages", "outcome"), [
    (Languages(english=True), "pass"),
    (Languages(english=False, written_chinese=True, putonghua=True), "pass"),
    (Languages(english=False, written_chinese=True, cantonese=True), "pass"),
    (Languages(english=False, written_chinese=False, cantonese=True), "fail"),  # spoken only
    (Languages(english=False, written_chinese=True, putonghua=False, cantonese=False), "fail"),
    (Languages(english=None, written_chinese=False), "unknown"),
])
def test_language_chinese_or_english(languages, outcome):
    profile = replace(ELIGIBLE, languages=languages)
    assert assg_verdict(profile, date(2026, 1, 1)).result("assg_language").outcome == outcome


@pytest.mark.parametrize(("level", "years", "outcome"), [
    ("bachelor", 0, "pass"), ("doctorate", None, "pass"), ("sub_degree", 5, "unknown"),
    ("none", 8, "unknown"), ("none", 0, "fail"), (None, None, "unknown"),
])
def test_education_or_experience(level, years, outcome):
    profile = replace(ELIGIBLE, qualification_level=level, years_experience=years)
    assert assg_verdict(profile, date(2026, 1, 1)).result("assg_education").outcome == outcome


def test_eligible_profile_and_no_job_offer_needed():
    verdict = assg_verdict(ELIGIBLE, date(2026, 1, 1))
    assert verdict.status == "eligible"
    assert verdict.result("assg_no_offer").blocking is False
    assert all(r.source and r.effective_from for r in verdict.results)


@pytest.mark.parametrize(("means", "outcome", "status"), [
    (True, "pass", "eligible"), (False, "fail", "not_eligible"), (None, "unknown", "possible"),
])
def test_sufficient_financial_means_is_required(means, outcome, status):
    verdict = assg_verdict(replace(ELIGIBLE, financial_means=means), date(2026, 1, 1))
    assert verdict.result("assg_financial_means").outcome == outcome
    assert verdict.status == status and verdict.result("assg_financial_means").blocking

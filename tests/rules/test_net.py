"""NET: contract dates (incl. 29 Feb), renewal, gratuity, reminders, eligibility."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tracker.rules.net import (
    CONTRACT_END_REMINDERS,
    GRATUITY,
    GratuityRate,
    contract_for,
    gratuity_amount,
    net_verdict,
    reminder_dates,
    renewal,
)
from tracker.rules.profile import CandidateProfile


@pytest.mark.parametrize(("start", "end"), [
    (date(2024, 8, 1), date(2026, 7, 31)),
    (date(2024, 2, 29), date(2026, 2, 28)),
    (date(2022, 3, 1), date(2024, 2, 29)),
    (date(2023, 3, 1), date(2025, 2, 28)),
    (date(2025, 1, 1), date(2026, 12, 31)),
])
def test_two_year_contract_ends_the_day_before_the_anniversary(start, end):
    contract = contract_for(start)
    assert contract.end == end and contract.gratuity_due == end


def test_renewal_follows_without_gap():
    first = contract_for(date(2024, 2, 29))
    second = renewal(first)
    assert second.start == date(2026, 3, 1) and second.end == date(2028, 2, 29)


def test_gratuity_is_a_configurable_rate_of_basic_salary():
    assert GRATUITY.rate == Decimal("0.15") and not GRATUITY.confirmed and GRATUITY.source
    assert gratuity_amount(960_000) == Decimal("144000.00")
    assert gratuity_amount(1000, GratuityRate(Decimal("0.125"), "contract", True)) == \
        Decimal("125.00")


def test_reminders_six_and_three_months_before_the_end():
    assert [o.months for o in CONTRACT_END_REMINDERS] == [6, 3]
    assert [d for d, _ in reminder_dates(date(2026, 7, 31))] == [date(2026, 1, 31),
                                                                   date(2026, 4, 30)]
    # Month ends clamp earlier, never later: 31 Aug − 6 months = 28 Feb.
    assert reminder_dates(date(2026, 8, 31))[0][0] == date(2026, 2, 28)


TEACHER = CandidateProfile(native_english=True, qualification_level="bachelor",
                           tesl_tefl_experience=True, special_education=False)
OLD_RULES = date(2024, 8, 31)  # the last day before the 2025/26 NETs are recruited
RECRUITING = date(2024, 9, 1)  # 2025/26 rules; a "no" may not apply to this appointment
FIRM = date(2025, 8, 1)  # 2025/26 contracts start: the three requirements in full
QUALIFIED = CandidateProfile(native_english=True, qualification_level="bachelor",
                             english_major=True, pgde_english=True, tefl_tesl_certificate=True)
NEW_RULES = ("net_english_degree", "net_pgde_english", "net_tefl_tesl_certificate")


def test_native_english_blocks_preferences_do_not():
    verdict = net_verdict(TEACHER, OLD_RULES)
    assert verdict.status == "eligible"
    special = verdict.result("net_special_education")
    assert special.outcome == "fail" and special.blocking is False
    assert verdict.result("net_tesl_tefl").blocking is False
    non_native = net_verdict(CandidateProfile(native_english=False, qualification_level="master",
                                              tesl_tefl_experience=True), OLD_RULES)
    assert non_native.status == "not_eligible"
    assert net_verdict(CandidateProfile(qualification_level="master"),
                       OLD_RULES).status == "possible"


def test_degree_rule_is_marked_unconfirmed():
    verdict = net_verdict(CandidateProfile(native_english=True, qualification_level="none"),
                          OLD_RULES)
    degree = verdict.result("net_degree")
    assert degree.outcome == "fail" and not degree.confirmed


def test_from_2025_26_english_degree_pgde_and_tefl_certificate_are_all_required():
    assert [r.code for r in net_verdict(TEACHER, OLD_RULES).results if r.blocking] == [
        "net_native_english", "net_degree"]
    verdict = net_verdict(QUALIFIED, FIRM)
    assert verdict.status == "eligible"
    assert [r.code for r in verdict.results if r.blocking] == ["net_native_english", *NEW_RULES]
    assert all(verdict.result(code).confirmed for code in NEW_RULES)
    for fact, code in (("english_major", "net_english_degree"), ("pgde_english",
                       "net_pgde_english"), ("tefl_tesl_certificate", "net_tefl_tesl_certificate")):
        lacking = net_verdict(replace(QUALIFIED, **{fact: False}), FIRM)
        assert lacking.status == "not_eligible" and lacking.result(code).outcome == "fail"
        assert net_verdict(replace(QUALIFIED, **{fact: None}), FIRM).status == "possible"
    # The TESL/TEFL teaching experience stays a preference.
    assert verdict.result("net_tesl_tefl").outcome == "unknown"


def test_an_english_major_needs_a_degree():
    no_degree = net_verdict(replace(QUALIFIED, qualification_level="sub_degree"), FIRM)
    assert no_degree.result("net_english_degree").outcome == "fail"


def test_before_august_2025_a_missing_requirement_is_unknown_never_no():
    """Filed in the recruiting year, the appointment may start in 2025/26 or before."""
    lacking = replace(QUALIFIED, pgde_english=False)
    before = net_verdict(lacking, date(2025, 7, 31))
    assert before.status == "possible"
    assert before.result("net_pgde_english").outcome == "unknown"
    assert "depends on when this appointment starts" in before.result("net_pgde_english").reason
    assert net_verdict(lacking, RECRUITING).status == "possible"
    assert net_verdict(QUALIFIED, RECRUITING).status == "eligible"
    assert net_verdict(lacking, FIRM).status == "not_eligible"
    # Either school year needs a degree: without one the answer stays "no".
    no_degree = net_verdict(replace(QUALIFIED, qualification_level="none"), RECRUITING)
    assert no_degree.result("net_degree").outcome == "fail"
    assert "net_degree" not in [r.code for r in net_verdict(QUALIFIED, FIRM).results]

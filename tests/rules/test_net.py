"""NET: contract dates (incl. 29 Feb), renewal, gratuity, reminders, eligibility."""

from __future__ import annotations

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


def test_native_english_blocks_preferences_do_not():
    verdict = net_verdict(TEACHER, date(2025, 1, 1))
    assert verdict.status == "eligible"
    special = verdict.result("net_special_education")
    assert special.outcome == "fail" and special.blocking is False
    assert verdict.result("net_tesl_tefl").blocking is False
    non_native = net_verdict(CandidateProfile(native_english=False, qualification_level="master",
                                              tesl_tefl_experience=True), date(2025, 1, 1))
    assert non_native.status == "not_eligible"
    assert net_verdict(CandidateProfile(qualification_level="master"),
                       date(2025, 1, 1)).status == "possible"


def test_degree_rule_is_marked_unconfirmed():
    verdict = net_verdict(CandidateProfile(native_english=True, qualification_level="none"),
                          date(2025, 1, 1))
    degree = verdict.result("net_degree")
    assert degree.outcome == "fail" and not degree.confirmed

"""The TechTAS quota validity in force on an allotment date, and what the quota pages derive
from it (issue 13: a year of quota not lost to a pre-fill)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.quotas.models import QuotaAllotment
from tracker.quotas.status import (
    basis_of,
    derived_valid_until,
    offered_rule,
    validity_flag,
    validity_table,
)
from tracker.rules.differences import applying_on
from tracker.rules.techtas_rules import quota_validity

pytestmark = pytest.mark.sqlite

CHANGE = date(2022, 12, 28)  # HKSAR press release P2022122800250; ITC TechTAS FAQ


@pytest.mark.parametrize(("allotted", "months"), [
    (date(2017, 1, 1), 12),  # before the scheme: the first version
    (date(2018, 6, 25), 12), (CHANGE - timedelta(days=1), 12), (CHANGE, 24),
    (date(2026, 12, 1), 24),
])
def test_validity_in_force_on_the_allotment_date(allotted, months):
    rule = quota_validity(allotted)
    assert rule.months == months
    assert rule.source  # every version names where it comes from
    # The advisor's table of differences says the same on every date.
    says = {d.topic: v.says for d, v in applying_on(allotted)}
    assert says["TechTAS quota validity"] == f"{months} months"


def test_validity_table_for_the_script_is_the_rule_data():
    assert validity_table() == [("2018-06-25", 12), ("2022-12-28", 24)]


@pytest.mark.parametrize(("allotted", "offered"), [
    (CHANGE - timedelta(days=1), None), (CHANGE, 24)])
def test_the_form_offers_the_rule_from_28_december_2022(allotted, offered):
    rule = offered_rule(allotted, configured=12)
    assert (rule.months if rule else None) == offered


def test_with_24_configured_the_rule_is_offered_before_the_change_instead():
    assert offered_rule(CHANGE, configured=24) is None
    rule = offered_rule(CHANGE - timedelta(days=1), configured=24)
    assert rule is not None and rule.months == 12


@pytest.mark.parametrize(("allotted", "basis", "until"), [
    (date(2025, 3, 3), "configured", date(2026, 3, 3)),
    (date(2025, 3, 3), "rule", date(2027, 3, 3)),
    (CHANGE - timedelta(days=1), "rule", date(2023, 12, 27)),
    (CHANGE, "rule", date(2024, 12, 28)),
    (date(2024, 2, 29), "rule", date(2026, 2, 28)),  # relativedelta, as the script does
])
def test_derived_valid_until(allotted, basis, until):
    assert derived_valid_until(allotted, basis, 12) == until


def test_an_edit_follows_the_basis_a_stored_date_matches():
    assert basis_of(date(2025, 3, 3), date(2026, 3, 3), 12) == "configured"
    assert basis_of(date(2025, 3, 3), date(2027, 3, 3), 12) == "rule"
    assert basis_of(date(2025, 3, 3), date(2027, 3, 2), 12) == "typed"


@pytest.mark.parametrize(("allotted", "until", "flagged"), [
    (date(2025, 3, 3), date(2026, 3, 3), (24, date(2027, 3, 3))),  # the 12-month pre-fill
    (date(2025, 3, 3), date(2027, 3, 3), None),
    (CHANGE, date(2023, 12, 28), (24, date(2024, 12, 28))),
    (CHANGE - timedelta(days=1), date(2023, 12, 27), None),
    (CHANGE - timedelta(days=1), date(2024, 12, 27), (12, date(2023, 12, 27))),
])
def test_the_allotment_page_flags_a_validity_other_than_the_rule(allotted, until, flagged):
    flag = validity_flag(QuotaAllotment(allotment_date=allotted, valid_until=until))
    assert (flag and (flag.rule.months, flag.valid_until)) == flagged

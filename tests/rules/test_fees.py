"""Government fees by the day an application was submitted: 26 Feb 2025 and 25 Mar 2019."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.rules.fees import fees_for, stay_length_days, total_paid
from tracker.rules.sources import checkable

NEW, OLD = date(2025, 2, 26), date(2025, 2, 25)


@pytest.mark.parametrize("kind", ["entry", "extension", "change_of_employment", "dependant"])
def test_from_26_feb_2025_each_person_pays_600_then_the_visa_fee(kind):
    refused = fees_for(kind, NEW, approved=False)
    assert [i.amount_hkd for i in refused.items] == [600] and refused.total_hkd == 600
    assert refused.items[0].due == "submission"
    long_stay = fees_for(kind, NEW, approved=True, stay_days=181)
    assert long_stay.total_hkd == 1900 and long_stay.complete
    assert fees_for(kind, NEW, approved=True, stay_days=180).total_hkd == 1200
    assert "P2025022600221" in long_stay.source and long_stay.confirmed


def test_the_day_before_pays_one_flat_fee_on_approval_only():
    assert fees_for("extension", OLD, approved=False).total_hkd == 0
    old = fees_for("extension", OLD, approved=True, stay_days=1000)
    assert [(i.amount_hkd, i.due) for i in old.items] == [(230, "approval")]
    assert old.effective_from == date(2019, 3, 25)
    earlier = fees_for("entry", date(2019, 3, 24), approved=True)
    assert earlier.total_hkd == 190 and not earlier.confirmed


def test_an_unknown_stay_leaves_the_visa_fee_open_and_names_both_amounts():
    open_fee = fees_for("entry", NEW, approved=True)
    assert not open_fee.complete and open_fee.total_hkd == 600
    assert "HK$1,300" in open_fee.items[1].label and "HK$600" in open_fee.items[1].label


def test_a_record_pays_nothing_and_totals_add_up():
    assert fees_for("record", NEW, approved=True, stay_days=900).items == ()
    paid = [fees_for("entry", NEW, True, 1095), fees_for("dependant", NEW, True, 1095),
            fees_for("extension", OLD, True, 1095)]
    assert total_paid(paid) == 1900 + 1900 + 230


def test_stay_length_counts_both_ends_and_sources_are_checkable():
    assert stay_length_days(date(2025, 1, 1), date(2025, 6, 29)) == 180
    for day in (date(2010, 1, 1), OLD, NEW):
        assert checkable(fees_for("entry", day, True, 10).source)

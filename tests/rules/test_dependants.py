"""Dependants: who qualifies (partners since 19 Sep 2018, children under 18), the tied stay,
HKID at 11, and a child who ages out before the next extension."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.rules.dependants import (
    HKID_SOURCE,
    RELATIONS,
    age_out_warning,
    hkid_due,
    needs_hkid,
    prefill_limit_of_stay,
    qualifies,
    turns_18_before,
)
from tracker.rules.sources import names_authority

ON = date(2026, 12, 1)


def test_spouse_and_partner_qualify_partners_from_19_september_2018():
    assert qualifies("spouse", date(2010, 1, 1)).outcome == "pass"
    assert qualifies("partner", date(2018, 9, 19)).outcome == "pass"
    early = qualifies("partner", date(2018, 9, 18))
    assert early.outcome == "fail" and "19/09/2018" in early.reason
    assert qualifies("parent", ON).outcome == "fail"


@pytest.mark.parametrize(("dob", "unmarried", "outcome"), [
    (date(2010, 6, 1), True, "pass"), (date(2008, 12, 1), True, "fail"),  # 18 today
    (date(2008, 12, 2), True, "pass"), (date(2010, 6, 1), False, "fail"),
    (date(2010, 6, 1), None, "unknown"), (None, True, "unknown"),
])
def test_children_under_18_and_unmarried(dob, unmarried, outcome):
    assert qualifies("child", ON, dob, unmarried).outcome == outcome


def test_the_stay_is_the_sponsors_and_a_child_ageing_out_is_flagged():
    assert prefill_limit_of_stay(date(2028, 3, 31)) == date(2028, 3, 31)
    assert prefill_limit_of_stay(None) is None
    assert turns_18_before(date(2010, 3, 31), date(2028, 3, 31))
    assert not turns_18_before(date(2010, 4, 1), date(2028, 3, 31))
    flag = age_out_warning(date(2010, 3, 31), date(2028, 3, 31))
    assert "31/03/2028" in flag and "no longer a dependant" in flag
    assert age_out_warning(date(2012, 1, 1), date(2028, 3, 31)) is None


def test_hkid_from_age_11_within_30_days():
    assert needs_hkid(date(2015, 12, 1), ON) and not needs_hkid(date(2015, 12, 2), ON)
    assert hkid_due(date(1990, 1, 1), date(2026, 1, 10)) == date(2026, 2, 9)
    # Arrived at 9: due 30 days after the 11th birthday.
    assert hkid_due(date(2017, 5, 1), date(2026, 1, 10)) == date(2028, 5, 31)
    assert "Cap. 177" in HKID_SOURCE and names_authority(HKID_SOURCE)
    assert all(names_authority(r.source) for r in RELATIONS.values())

"""Extension of stay: checklist by date, channels, ImmD's 6-week advice, the passport check,
and the next stay from the scheme's pattern (window: rules/stay.extension_window)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.rules.extension import (
    CHECKLIST,
    DEPENDANT_ITEMS,
    channels,
    checklist,
    next_stay,
    passport_warning,
    plan,
)
from tracker.rules.sources import checkable
from tracker.rules.stay import STAY_PATTERNS, TOP_TIER_PATTERNS

LIMIT = date(2027, 6, 30)


def test_the_in_hong_kong_item_applies_from_1_january_2024():
    codes = [item.code for item in checklist(date(2024, 1, 1))]
    assert codes == ["id91", "id481", "employer_letter", "payslips_tax", "passport",
                     "in_hong_kong"]
    assert "in_hong_kong" not in [item.code for item in checklist(date(2023, 12, 31))]
    assert all(checkable(entry.source) for entry in (*CHECKLIST, *DEPENDANT_ITEMS))


def test_every_stay_pattern_cites_a_checkable_source():
    assert all(checkable(p.source) for p in (*STAY_PATTERNS, *TOP_TIER_PATTERNS))
    assert not any(p.confirmed for p in TOP_TIER_PATTERNS)


def test_a_dependants_extension_asks_for_the_sponsors_papers():
    codes = [item.code for item in checklist(date(2026, 1, 1), "DEP")]
    assert codes == ["id91", "sponsor_permission", "sponsor_support", "passport",
                     "in_hong_kong"]


def test_online_only_schemes():
    assert channels("QMAS") == ("online",) and channels("IANG") == ("online",)
    assert channels("GEP") == ("online", "paper")


def test_passport_within_3_months_is_warned():
    on = date(2027, 4, 1)
    assert passport_warning(date(2027, 7, 1), on) is None
    warned = passport_warning(date(2027, 6, 30), on)
    assert "30/06/2027" in warned and "within 3 months" in warned
    assert "not recorded" in passport_warning(None, on)


def test_the_plan_reads_the_window_and_the_advice():
    shown = plan("GEP", LIMIT, date(2027, 4, 1), 1, date(2035, 1, 1))
    assert shown.window.opens == date(2027, 3, 30)  # 3 months before, from 1 Mar 2026
    assert shown.advised_by == date(2027, 5, 19)
    assert shown.advice == "ImmD advises filing at least 6 weeks ahead: by 19/05/2027."
    assert shown.passport_warning is None


@pytest.mark.parametrize(("scheme", "filed", "number", "until"), [
    ("GEP", date(2027, 4, 1), 1, date(2030, 6, 30)),  # 3+3+2: 3 years
    ("GEP", date(2027, 4, 1), 2, date(2029, 6, 30)),  # then 2
    ("GEP", date(2022, 12, 1), 2, date(2030, 6, 30)),  # 2+3+3 before 28 Dec 2022: 3
])
def test_the_next_stay_starts_the_day_after_the_limit(scheme, filed, number, until):
    assert next_stay(scheme, filed, LIMIT, number).until == until


@pytest.mark.parametrize(("scheme", "top_tier", "pattern", "until"), [
    ("IANG", False, "2+3+3", date(2030, 6, 30)), ("TTPS", False, "2+3+3", date(2030, 6, 30)),
    ("ASMTP", False, "3+3+2", date(2030, 6, 30)),
    ("GEP", True, "3+5", date(2032, 6, 30)), ("ASMTP", True, "3+5", date(2032, 6, 30)),
    ("QMAS", True, "3+5", date(2032, 6, 30)), ("TechTAS", True, "3+5", date(2032, 6, 30)),
    ("ASSG", True, "2+6", date(2033, 6, 30)), ("IANG", True, "2+6", date(2033, 6, 30)),
    ("TTPS", True, "2+6", date(2033, 6, 30)),
])
def test_the_first_extension_by_pattern_and_top_tier(scheme, top_tier, pattern, until):
    stay = next_stay(scheme, date(2027, 4, 1), LIMIT, 1, top_tier)
    assert (stay.pattern, stay.until) == (pattern, until)
    assert ("top-tier" in stay.reason) is top_tier
    assert not stay.confirmed or scheme == "ASMTP"  # only GEP's own pattern is confirmed


def test_top_tier_before_december_2022_and_after_its_last_period():
    # Before the enhancements there was no top tier: the general pattern (2+3+3).
    assert next_stay("GEP", date(2022, 12, 1), LIMIT, 1, top_tier=True).pattern == "2+3+3"
    beyond = next_stay("GEP", date(2027, 4, 1), LIMIT, 2, top_tier=True)
    assert beyond.until is None and "ImmD decides" in beyond.reason
    # IANG before 28 Dec 2022: 1+2+2+3.
    assert next_stay("IANG", date(2022, 12, 1), LIMIT, 1).until == date(2029, 6, 30)


def test_a_dependants_stay_follows_the_sponsor():
    stay = next_stay("DEP", date(2027, 4, 1), LIMIT, 1)
    assert stay.until is None and "sponsor" in stay.reason

"""Limit-of-stay suggestions on both sides of 28 Dec 2022, contract caps and extensions;
the extension-of-stay window on both sides of 1 Mar 2026."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.rules.stay import (
    EXTENSION_WINDOWS,
    describe_window,
    extension_window,
    governed_limits,
    pattern_for,
    suggest_limit_of_stay,
)

BEFORE, FROM = date(2022, 12, 27), date(2022, 12, 28)
VISA = date(2023, 2, 1)


@pytest.mark.parametrize(("scheme", "applied", "pattern"), [
    ("GEP", BEFORE, "2+3+3"), ("GEP", FROM, "3+3+2"),
    ("TechTAS", BEFORE, "2+3+3"), ("TechTAS", FROM, "3+3+2"),
    ("QMAS", BEFORE, "2+3+3"), ("QMAS", FROM, "3+3+2"),
    ("ASSG", BEFORE, "1+2+2+3"), ("ASSG", FROM, "2+3+3"),
    ("GEP", date(2010, 1, 1), "2+3+3"),  # older than any recorded version: the oldest
])
def test_pattern_by_application_date(scheme, applied, pattern):
    assert pattern_for(scheme, applied).label == pattern


@pytest.mark.parametrize(("scheme", "applied", "until"), [
    ("GEP", BEFORE, date(2025, 1, 31)), ("GEP", FROM, date(2026, 1, 31)),
    ("QMAS", FROM, date(2026, 1, 31)), ("ASSG", BEFORE, date(2024, 1, 31)),
    ("ASSG", FROM, date(2025, 1, 31)),
])
def test_initial_stay(scheme, applied, until):
    assert suggest_limit_of_stay(scheme, applied, VISA).until == until


def test_initial_stay_capped_at_a_shorter_contract_for_employment_routes():
    short = date(2024, 7, 31)
    capped = suggest_limit_of_stay("GEP", FROM, VISA, contract_end=short)
    assert capped.until == short and "contract ends" in capped.reason
    longer = suggest_limit_of_stay("TechTAS", FROM, VISA, contract_end=date(2030, 1, 1))
    assert longer.until == date(2026, 1, 31)
    # QMAS has no employer contract: no cap.
    assert suggest_limit_of_stay("QMAS", FROM, VISA, contract_end=short).until == date(2026, 1, 31)
    assert "contract end not given" in suggest_limit_of_stay("GEP", FROM, VISA).reason


def test_extensions_follow_the_pattern():
    start = date(2026, 2, 1)
    assert suggest_limit_of_stay("GEP", FROM, start, extension_number=1).until == \
        date(2029, 1, 31)
    assert suggest_limit_of_stay("GEP", FROM, start, extension_number=2).until == \
        date(2028, 1, 31)
    assert suggest_limit_of_stay("ASSG", BEFORE, start, extension_number=3).until == \
        date(2029, 1, 31)
    beyond = suggest_limit_of_stay("GEP", FROM, start, extension_number=3)
    assert beyond.until is None and "ImmD decides" in beyond.reason
    # Extensions are not capped by the contract (only the initial stay is).
    assert suggest_limit_of_stay("GEP", FROM, start, contract_end=date(2026, 6, 30),
                                 extension_number=1).until == date(2029, 1, 31)


def test_net_stay_is_contract_based():
    assert pattern_for("NET", FROM) is None
    net = suggest_limit_of_stay("NET", FROM, VISA, contract_end=date(2025, 7, 31))
    assert net.until == date(2025, 7, 31) and net.pattern == "contract-based"
    assert suggest_limit_of_stay("NET", FROM, VISA).until is None


def test_suggestions_carry_source_and_confirmation():
    assg = suggest_limit_of_stay("ASSG", FROM, VISA)
    assert not assg.confirmed and assg.source and assg.effective_from == FROM
    assert "applications before 28/12/2022" in suggest_limit_of_stay("GEP", BEFORE, VISA).reason


def test_unknown_scheme_is_refused():
    with pytest.raises(ValueError, match="XYZ"):
        suggest_limit_of_stay("XYZ", FROM, VISA)


# --- the extension-of-stay window, by the day the extension is filed -------------------------

@pytest.mark.parametrize(("limit", "opens", "label"), [
    (date(2026, 3, 1), date(2026, 2, 1), "4 weeks"),  # long before the change
    (date(2026, 3, 28), date(2026, 2, 28), "4 weeks"),  # opens the last day of the old rule
    (date(2026, 3, 29), date(2026, 3, 1), "3 months"),  # its 4 weeks would start on 1 Mar
    (date(2026, 5, 31), date(2026, 3, 1), "3 months"),  # 3 months back is before the change
    (date(2026, 6, 1), date(2026, 3, 1), "3 months"),
    (date(2026, 6, 2), date(2026, 3, 2), "3 months"),
    (date(2030, 9, 1), date(2030, 6, 1), "3 months"),
])
def test_extension_window_opens_by_the_rule_in_force_on_the_filing_day(limit, opens, label):
    window = extension_window(limit)
    assert (window.opens, window.window.label) == (opens, label)


def test_the_window_is_open_from_its_first_day_to_the_limit():
    window = extension_window(date(2026, 6, 2))
    assert not window.is_open(date(2026, 3, 1))
    assert window.is_open(date(2026, 3, 2)) and window.is_open(date(2026, 6, 2))
    assert not window.is_open(date(2026, 6, 3))


def test_the_rule_says_which_window_and_whether_it_is_confirmed():
    old, new = extension_window(date(2026, 3, 28)), extension_window(date(2026, 3, 29))
    assert old.rule == ("4 weeks before the limit of stay ends, for extensions filed until "
                        "28/02/2026")
    assert new.rule == ("3 months before the limit of stay ends, for extensions filed from "
                        "01/03/2026; not confirmed by an ImmD page")


def test_the_scan_ranges_agree_with_the_window_of_every_limit():
    """governed_limits (the scan's SQL ranges) picks the same rule as extension_window."""
    day = date(2025, 12, 1)
    while day < date(2026, 8, 1):
        window = extension_window(day).window
        low, high = governed_limits(window)
        assert (low is None or low <= day) and (high is None or day < high), day
        day += timedelta(days=1)
    assert governed_limits(EXTENSION_WINDOWS[1]) == (date(2026, 3, 29), None)


@pytest.mark.parametrize("limit", [date(2026, 3, 28), date(2030, 5, 31), date(2030, 9, 1)])
def test_each_reminder_is_due_exactly_from_its_day(limit):
    """latest_limit (the scan's threshold) is the inverse of due_on."""
    for reminder in extension_window(limit).window.reminders:
        due = reminder.due_on(limit)
        assert limit <= reminder.latest_limit(due)
        assert limit > reminder.latest_limit(due - timedelta(days=1))


def test_the_case_page_sentence():
    window = extension_window(date(2030, 9, 1))
    assert describe_window(window, date(2030, 5, 31)).startswith("Can be filed from 01/06/2030")
    assert describe_window(window, date(2030, 6, 1)).startswith(
        "Open now: file by 01/09/2030; the window opened on 01/06/2030")
    assert describe_window(window, date(2030, 9, 2)) == "The limit of stay ended on 01/09/2030."

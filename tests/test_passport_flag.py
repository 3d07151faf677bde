"""The passport flag rule and its boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.candidates.passport import passport_flag, passport_warning_cutoff
from tracker.rules.attention import PASSPORT_WARNING_MONTHS

TODAY = date(2025, 6, 2)


def test_the_threshold_is_data():
    assert PASSPORT_WARNING_MONTHS == 6
    assert passport_warning_cutoff(TODAY) == date(2025, 12, 2)


@pytest.mark.parametrize("expiry,flagged", [
    (date(2025, 12, 2), True),  # exactly 6 months: within
    (date(2025, 12, 3), False),  # one day later: not flagged
    (date(2025, 6, 1), True),  # expired
    (date(2030, 1, 1), False),
])
def test_six_month_window(expiry, flagged):
    assert (passport_flag(expiry, TODAY) is not None) is flagged


def test_reasons_name_the_dates():
    assert passport_flag(date(2025, 6, 1), TODAY) == "Passport expired on 01/06/2025."
    assert "within 6 months" in passport_flag(date(2025, 12, 2), TODAY)


@pytest.mark.parametrize("start,flagged", [
    (date(2027, 1, 2), True),  # expires the day before the start
    (date(2027, 1, 1), False),  # expires on the start day: not before it
    (None, False),
])
def test_expiry_before_the_intended_start(start, flagged):
    flag = passport_flag(date(2027, 1, 1), TODAY, start)
    assert (flag is not None) is flagged
    if flagged:
        assert "before the intended start date 02/01/2027" in flag

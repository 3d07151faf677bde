"""Seven years' continuous residence, counted from the first arrival."""

from __future__ import annotations

from datetime import date

from tracker.rules.residence import NOT_MODELLED, residence
from tracker.rules.sources import names_authority


def test_counts_completed_years_and_the_day_seven_are_reached():
    count = residence(date(2020, 3, 15), date(2026, 12, 1))
    assert count.years == 6 and count.reaches_on == date(2027, 3, 15)
    assert not count.reached and count.days_to_go == 104
    assert count.summary == "6 of 7 years since 15/03/2020; 7 years on 15/03/2027."


def test_reached_on_the_anniversary_itself():
    assert not residence(date(2019, 12, 1), date(2026, 11, 30)).reached
    done = residence(date(2019, 12, 1), date(2026, 12, 1))
    assert done.reached and done.years == 7 and done.days_to_go == 0
    assert "may apply for permanent residence" in done.summary


def test_29_february_and_a_future_arrival():
    assert residence(date(2020, 2, 29), date(2027, 3, 1)).reaches_on == date(2027, 3, 1)
    later = residence(date(2027, 1, 1), date(2026, 12, 1))
    assert later.years == 0 and "Arrives on 01/01/2027" in later.summary


def test_the_source_is_the_basic_law_and_gaps_are_said_to_be_not_counted():
    assert names_authority(residence(date(2020, 1, 1), date(2026, 1, 1)).source)
    assert "absences are not counted out" in NOT_MODELLED

"""Calendar arithmetic (29 February) and reading places of birth."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.rules.dates import age_on, anniversary, birthday, period_end
from tracker.rules.places import birth_place


def test_leap_day_anniversary_is_first_of_march_in_common_years():
    assert anniversary(date(2000, 2, 29), 1) == date(2001, 3, 1)
    assert anniversary(date(2000, 2, 29), 4) == date(2004, 2, 29)
    assert birthday(date(1984, 2, 29), 41) == date(2025, 3, 1)


def test_age_changes_on_the_birthday():
    assert age_on(date(1990, 6, 15), date(2020, 6, 14)) == 29
    assert age_on(date(1990, 6, 15), date(2020, 6, 15)) == 30
    assert age_on(date(1984, 2, 29), date(2025, 2, 28)) == 40
    assert age_on(date(1984, 2, 29), date(2025, 3, 1)) == 41
    assert age_on(date(1984, 2, 29), date(2024, 2, 29)) == 40


def test_period_end_is_inclusive():
    assert period_end(date(2024, 8, 1), 2) == date(2026, 7, 31)
    assert period_end(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert period_end(date(2022, 3, 1), 2) == date(2024, 2, 29)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
       st.integers(min_value=1, max_value=10))
def test_periods_chain_without_gap_or_overlap(start, years):
    end = period_end(start, years)
    assert end + timedelta(days=1) == anniversary(start, years)
    assert age_on(start, end) == years - 1 and age_on(start, end + timedelta(days=1)) == years


@pytest.mark.parametrize(("place", "region"), [
    ("Toronto, Canada", "overseas"), ("London, UK", "overseas"),
    ("Manchester, England", "overseas"), ("New York, NY, USA", "overseas"),
    ("Moscow, Russia", "overseas"), ("Côte d’Ivoire", "overseas"), ("Singapore", "overseas"),
    ("Hong Kong", "hong_kong"), ("Hongkong", "hong_kong"), ("HKSAR", "hong_kong"),
    ("Hong Kong S.A.R.", "hong_kong"), ("Kowloon", "hong_kong"), ("香港", "hong_kong"),
    ("Hong Kong, China", "hong_kong"),
    ("Macau", "macao"), ("Macao SAR", "macao"), ("澳門", "macao"),
    ("Taiwan", "taiwan"), ("Taipei", "taiwan"), ("Republic of China", "taiwan"),
    ("台灣", "taiwan"), ("Kaohsiung, Taiwan", "taiwan"),
    ("China", "mainland"), ("PRC", "mainland"), ("People's Republic of China", "mainland"),
    ("P.R. China", "mainland"), ("Mainland China", "mainland"), ("Shenzhen", "mainland"),
    ("Guangdong", "mainland"), ("Beijing", "mainland"), ("中国", "mainland"),
    ("Atlantis", "unknown"), ("", "unknown"), (None, "unknown"),
])
def test_birth_place_spellings(place, region):
    assert birth_place(place).region == region


def test_an_overseas_place_names_the_country():
    assert birth_place("Vancouver, BC, Canada").country == "Canada"

"""The versioned Talent List: which list applies on a date, and matching professions."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.rules.talent_list_versions import (
    SEGMENTS_2023,
    TALENT_LISTS,
    lookup,
    talent_list_on,
)


@pytest.mark.parametrize(("on", "declared"), [
    (date(2018, 8, 27), None), (date(2018, 8, 28), 11), (date(2021, 10, 5), 11),
    (date(2021, 10, 6), 13), (date(2023, 5, 15), 13), (date(2023, 5, 16), 51),
    (date(2025, 2, 28), 51), (date(2025, 3, 1), 60),
])
def test_list_in_force_by_date(on, declared):
    found = talent_list_on(on)
    assert (found.declared_count if found else None) == declared


def test_list_contents_and_completeness():
    first, second, third, fourth = TALENT_LISTS
    assert len(first.professions) == 11 and first.complete
    assert len(second.professions) == 13 and second.complete and not second.date_confirmed
    assert len(third.segments) == 9 and third.segments == SEGMENTS_2023
    assert not third.complete and not fourth.complete
    assert {p.segment for p in third.professions} <= set(SEGMENTS_2023)
    assert {p.segment for p in fourth.professions} <= set(fourth.segments)
    for tl in TALENT_LISTS:
        names = [p.name for p in tl.professions]
        assert len(names) == len(set(names)) and tl.source


def test_match_by_date_and_alias():
    def found(name, on):
        return lookup(name, on).profession

    assert found("Doctors", date(2023, 5, 15)) is None
    assert found("doctor", date(2023, 5, 16)).segment == "Healthcare services"
    assert found("ESG professionals", date(2021, 10, 5)) is None
    assert found("ESG professionals", date(2021, 10, 6)) is not None
    assert found("Data scientist", date(2018, 8, 28)) is not None
    assert found("experienced actuaries", date(2019, 1, 1)).name == "Actuaries"
    assert found("Aircraft maintenance engineers", date(2025, 2, 28)) is None
    assert found("Aircraft maintenance engineers", date(2025, 3, 1)) is not None
    assert found("   ", date(2025, 3, 1)) is None


@pytest.mark.parametrize(("name", "on", "outcome"), [
    ("Actuaries", date(2018, 8, 27), "fail"),  # no list yet
    ("Actuaries", date(2018, 8, 28), "pass"),
    ("Plumbers", date(2019, 1, 1), "fail"),  # complete list: a real "no"
    ("Plumbers", date(2024, 1, 1), "unknown"),  # incomplete list: cannot tell
    ("", date(2024, 1, 1), "fail"),  # the candidate has no Talent List profession
    (None, date(2024, 1, 1), "unknown"),
])
def test_lookup_is_three_valued(name, on, outcome):
    assert lookup(name, on).outcome == outcome


def test_lookup_reason_names_the_list():
    match = lookup("Naval architects", date(2024, 1, 1))
    assert "51 professions" in match.reason and "16/05/2023" in match.reason
    assert "32 of 51" in lookup("Plumbers", date(2024, 1, 1)).reason
    assert "not confirmed" in lookup("Doctors", date(2024, 1, 1)).reason
    assert "not confirmed" not in lookup("Actuaries", date(2019, 1, 1)).reason

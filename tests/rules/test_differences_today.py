"""The seed-vs-today registry names the version of each changed rule in force on a date,
on both sides of each edition's first day (rules/differences.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.rules.differences import applying_on


def says(topic: str, day: date) -> str:
    return {d.topic: v.says for d, v in applying_on(day)}[topic]


@pytest.mark.parametrize(("topic", "before", "first_day", "old", "new"), [
    ("TechTAS technology areas", date(2019, 12, 31), date(2020, 1, 1), "7 areas", "13 areas"),
    ("TechTAS technology areas", date(2022, 12, 27), date(2022, 12, 28), "13 areas",
     "14 areas"),
    ("QMAS General Points Test", date(2015, 4, 30), date(2015, 5, 1), "2008 points table",
     "points table of May 2015"),
    ("QMAS General Points Test", date(2024, 10, 31), date(2024, 11, 1), "May 2015",
     "12 criteria"),
    ("QMAS prerequisites", date(2024, 10, 31), date(2024, 11, 1), "financial requirement",
     "unresolved"),
    ("NET requirements", date(2025, 7, 31), date(2025, 8, 1), "TESL/TEFL experience preferred",
     "a PGDE in English and a TEFL/TESL certificate, all required"),
    ("Extension-of-stay window", date(2026, 2, 28), date(2026, 3, 1), "the 4 weeks",
     "the 3 months before the limit of stay (not confirmed)"),
])
def test_each_edition_applies_from_its_first_day(topic, before, first_day, old, new):
    assert old in says(topic, before) and new not in says(topic, before)
    assert new in says(topic, first_day)

"""Expected decision dates from typical processing times; unknown times stay unknown."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.rules.processing import PROCESSING_TIMES, expected_decision, overdue, processing_time
from tracker.rules.sources import checkable

SENT = date(2026, 1, 5)


@pytest.mark.parametrize(("scheme", "kind", "due"), [
    ("GEP", "entry", date(2026, 2, 16)), ("ASMTP", "entry", date(2026, 2, 16)),
    ("NET", "entry", date(2026, 2, 16)), ("GEP", "change_of_employment", date(2026, 2, 16)),
    ("TechTAS", "entry", date(2026, 1, 19)), ("QMAS", "entry", date(2026, 7, 5)),
    ("IANG", "extension", date(2026, 2, 16)), ("QMAS", "extension", date(2026, 2, 16)),
])
def test_the_upper_bound_from_the_submission_date(scheme, kind, due):
    assert expected_decision(scheme, kind, SENT) == due


@pytest.mark.parametrize(("scheme", "kind", "sent"), [
    ("IANG", "entry", SENT), ("TTPS", "entry", SENT), ("ASSG", "entry", SENT),
    ("DEP", "dependant", SENT), ("GEP", "record", SENT), ("NOPE", "entry", SENT),
    ("QMAS", "entry", date(2024, 10, 31)),  # before the reform: no time recorded
])
def test_no_source_no_date(scheme, kind, sent):
    assert expected_decision(scheme, kind, sent) is None
    assert not overdue(scheme, kind, sent, date(2030, 1, 1))


def test_overdue_only_after_the_expected_day():
    assert not overdue("TechTAS", "entry", SENT, date(2026, 1, 19))
    assert overdue("TechTAS", "entry", SENT, date(2026, 1, 20))


def test_times_carry_a_checkable_source_and_the_uncertain_ones_say_so():
    assert all(checkable(t.source) for t in PROCESSING_TIMES)
    assert not processing_time("QMAS", "entry", SENT).confirmed
    assert processing_time("GEP", "entry", SENT).label == \
        "about 4–6 weeks after ImmD has all documents"

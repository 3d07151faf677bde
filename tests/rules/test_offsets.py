"""Reminder offsets: the strict reading (settings form) and the lenient one (stored values)."""

from __future__ import annotations

import pytest

from tracker.companies.models import Company
from tracker.rules.offsets import MAX_DAYS, MIN_DAYS, OffsetsError, parse_offsets, read_offsets

WHOLE_NUMBERS = "whole numbers separated by commas"
IN_RANGE = f"between {MIN_DAYS} and {MAX_DAYS}"


@pytest.mark.parametrize(("text", "days"), [
    ("90,60,30,14,7,1", [90, 60, 30, 14, 7, 1]),
    ("30, 90", [90, 30]),               # sorted, most distant first
    ("7, 7, 30", [30, 7]),              # duplicates merged
    (" 30 ,", [30]),                    # spaces and a trailing comma are fine
    (",,30,,", [30]),
    (f"{MIN_DAYS}", [MIN_DAYS]),        # both ends of the range are allowed
    (f"{MAX_DAYS}", [MAX_DAYS]),
    ("０３０", [30]),                    # full-width digits from a Chinese input method
])
def test_strict_accepts(text, days):
    assert parse_offsets(text) == days


@pytest.mark.parametrize(("text", "message"), [
    ("30, soon", WHOLE_NUMBERS),
    ("30; 7", WHOLE_NUMBERS),
    ("7.5", WHOLE_NUMBERS),
    ("-5", WHOLE_NUMBERS),
    ("+5", WHOLE_NUMBERS),
    ("1_0", WHOLE_NUMBERS),
    ("3 0", WHOLE_NUMBERS),             # a space inside a number is a typo, not 30
    ("²", WHOLE_NUMBERS),               # a digit int() cannot read
    ("", IN_RANGE),
    (" , ", IN_RANGE),
    (f"{MIN_DAYS - 1}", IN_RANGE),      # just outside the range at both ends
    (f"{MAX_DAYS + 1}", IN_RANGE),
    (f"30, {MAX_DAYS + 1}", IN_RANGE),  # one bad value refuses the whole setting
])
def test_strict_refuses_with_a_readable_message(text, message):
    with pytest.raises(OffsetsError, match=message):
        parse_offsets(text)


def test_strict_error_is_a_value_error():
    assert issubclass(OffsetsError, ValueError)


@pytest.mark.parametrize(("text", "days"), [
    ("90,60,30,14,7,1", [90, 60, 30, 14, 7, 1]),
    ("45, 5", [45, 5]),
    ("30, soon, 7", [30, 7]),           # what it cannot read is skipped, not fatal
    ("-5,+5,7.5,²,1_0", []),
    ("3 0", [30]),                      # spaces removed first, as the scan's SQL does
    ("", []),
    (f"0,{MAX_DAYS + 1}", [MAX_DAYS + 1, 0]),  # no range check on stored values
])
def test_lenient_reading(text, days):
    assert read_offsets(text) == days


@pytest.mark.parametrize("text", ["90,60,30,14,7,1", "30, 90", "7, 7, 30", " 30 ,", "０３０"])
def test_lenient_agrees_with_strict_on_every_valid_setting(text):
    assert read_offsets(text) == parse_offsets(text)


def test_company_reads_its_stored_setting_leniently():
    assert Company(quota_reminder_offsets="30, 90, soon").reminder_offsets == [90, 30]

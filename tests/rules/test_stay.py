"""Limit-of-stay suggestions on both sides of 28 Dec 2022, contract caps and extensions."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.rules.stay import pattern_for, suggest_limit_of_stay

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

"""Allotment validity and status: plain functions, tested at their boundaries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.quotas.status import (
    AllotmentStatus,
    allotment_status,
    days_left,
    default_valid_until,
)
from tracker.rules.techtas import EXPIRING_WITHIN_DAYS, technology_areas

VALID_UNTIL = date(2026, 6, 30)


def allotment(used: tuple[int, ...] = (0,), quotas: tuple[int, ...] = (3,)) -> QuotaAllotment:
    """An unsaved allotment valid until VALID_UNTIL with positions used as given."""
    return QuotaAllotment(
        itc_reference="ITC/1", allotment_date=date(2025, 6, 30), valid_until=VALID_UNTIL,
        total_quotas=sum(quotas),
        positions=[QuotaPosition(job_title=f"Job {i}", technology_area="Robotics",
                                 monthly_salary=30000, quotas=q, used=u)
                   for i, (q, u) in enumerate(zip(quotas, used, strict=True))])


@pytest.mark.parametrize("start,months,expected", [
    (date(2025, 3, 15), 12, date(2026, 3, 15)),
    (date(2025, 3, 15), 24, date(2027, 3, 15)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),   # leap day: end of February
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
])
def test_default_valid_until_adds_calendar_months(start, months, expected):
    assert default_valid_until(start, months) == expected


def test_threshold_is_sixty_days():
    assert EXPIRING_WITHIN_DAYS == 60


@pytest.mark.parametrize("days_before_end,status", [
    (61, AllotmentStatus.ACTIVE),
    (60, AllotmentStatus.EXPIRING),
    (1, AllotmentStatus.EXPIRING),
    (0, AllotmentStatus.EXPIRING),     # the valid-until day itself is still valid
    (-1, AllotmentStatus.EXPIRED),     # the day after
])
def test_status_boundaries(days_before_end, status):
    today = VALID_UNTIL - timedelta(days=days_before_end)
    assert allotment_status(allotment(), today) == status
    assert days_left(allotment(), today) == days_before_end


def test_used_up_when_every_quota_is_used():
    today = VALID_UNTIL - timedelta(days=200)
    assert allotment_status(allotment(used=(2, 1), quotas=(2, 2)), today) == \
        AllotmentStatus.ACTIVE
    assert allotment_status(allotment(used=(2, 2), quotas=(2, 2)), today) == \
        AllotmentStatus.USED_UP
    # Near the end a used-up allotment is still "used up", not "expiring" ...
    assert allotment_status(allotment(used=(3,)), VALID_UNTIL) == AllotmentStatus.USED_UP
    # ... and once expired it is "expired".
    assert allotment_status(allotment(used=(3,)), VALID_UNTIL + timedelta(days=1)) == \
        AllotmentStatus.EXPIRED


def test_threshold_is_a_parameter():
    today = VALID_UNTIL - timedelta(days=80)
    assert allotment_status(allotment(), today) == AllotmentStatus.ACTIVE
    assert allotment_status(allotment(), today, expiring_within=90) == AllotmentStatus.EXPIRING


def test_technology_areas_follow_the_allotment_date():
    assert "5G communications" in technology_areas(date(2022, 12, 27))
    assert "Quantum technology" not in technology_areas(date(2022, 12, 27))
    assert "Quantum technology" in technology_areas(date(2022, 12, 28))
    assert "Advanced communication technologies (incl. 5G)" in technology_areas(date(2025, 1, 1))

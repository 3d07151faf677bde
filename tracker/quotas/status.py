"""An allotment's validity and status, derived from its dates and usage (never stored)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from flask import current_app

from tracker.quotas.models import QuotaAllotment
from tracker.rules.techtas import EXPIRING_WITHIN_DAYS


class AllotmentStatus(StrEnum):
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    USED_UP = "used up"

    @property
    def badge(self) -> str:
        """The Bootstrap badge class the status is shown with."""
        return BADGES[self]


BADGES = {
    AllotmentStatus.ACTIVE: "text-bg-success",
    AllotmentStatus.EXPIRING: "text-bg-warning",
    AllotmentStatus.EXPIRED: "text-bg-secondary",
    AllotmentStatus.USED_UP: "text-bg-dark",
}


def default_valid_until(allotment_date: date, months: int) -> date:
    """Allotment date plus *months* calendar months (31 Jan + 1 month = 28/29 Feb)."""
    return allotment_date + relativedelta(months=months)


def validity_months() -> int:
    """The configured default validity (TECHTAS_QUOTA_VALIDITY_MONTHS, 12 unless set)."""
    return int(current_app.config["TECHTAS_QUOTA_VALIDITY_MONTHS"])


def days_left(allotment: QuotaAllotment, today: date) -> int:
    """Days until the validity ends: 0 on the last valid day, negative once expired."""
    return (allotment.valid_until - today).days


def allotment_status(
    allotment: QuotaAllotment, today: date, expiring_within: int = EXPIRING_WITHIN_DAYS
) -> AllotmentStatus:
    """Active, expiring (<= *expiring_within* days left), expired or used up.

    The valid-until day itself is still valid. Expiry wins over "used up": once
    the validity has ended no quota can be taken or returned anyway.
    """
    left = days_left(allotment, today)
    if left < 0:
        return AllotmentStatus.EXPIRED
    if allotment.used_quotas >= allotment.total_quotas:
        return AllotmentStatus.USED_UP
    if left <= expiring_within:
        return AllotmentStatus.EXPIRING
    return AllotmentStatus.ACTIVE

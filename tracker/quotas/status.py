"""An allotment's validity and status, derived from its dates and usage (never stored)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from dateutil.relativedelta import relativedelta
from flask import current_app

from tracker.i18n import N_
from tracker.quotas.models import QuotaAllotment
from tracker.rules.techtas import EXPIRING_WITHIN_DAYS
from tracker.rules.techtas_rules import QUOTA_VALIDITY, QuotaValidity, quota_validity

# What an allotment's "Valid until" follows: the configured months, the validity in
# force on the allotment date (rules/techtas_rules.py), or a date the user typed.
ValidityBasis = Literal["configured", "rule", "typed"]


class AllotmentStatus(StrEnum):
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    USED_UP = "used up"

    @property
    def badge(self) -> str:
        """The Bootstrap badge class the status is shown with."""
        return BADGES[self]

    @property
    def label(self) -> str:
        """The status as shown (N_-marked: the page translates it)."""
        return LABELS[self]


LABELS = {
    AllotmentStatus.ACTIVE: N_("active"),
    AllotmentStatus.EXPIRING: N_("expiring"),
    AllotmentStatus.EXPIRED: N_("expired"),
    AllotmentStatus.USED_UP: N_("used up"),
}
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


def derived_valid_until(allotment_date: date, basis: ValidityBasis, configured: int) -> date:
    """"Valid until" worked out from the allotment date: the validity in force on it for
    *basis* "rule", else the *configured* months."""
    months = quota_validity(allotment_date).months if basis == "rule" else configured
    return default_valid_until(allotment_date, months)


def offered_rule(allotment_date: date, configured: int) -> QuotaValidity | None:
    """The validity in force on *allotment_date* when it is not the configured one (with
    the default of 12: 24 months from 28 Dec 2022), for the form to offer in one click."""
    rule = quota_validity(allotment_date)
    return rule if rule.months != configured else None


def basis_of(allotment_date: date, valid_until: date, configured: int) -> ValidityBasis:
    """Which basis a stored "Valid until" matches (an edit follows it), else "typed"."""
    bases: tuple[ValidityBasis, ...] = ("configured", "rule")
    for basis in bases:
        if derived_valid_until(allotment_date, basis, configured) == valid_until:
            return basis
    return "typed"


def newest_validity() -> QuotaValidity:
    """The latest validity version (for the form's help text)."""
    return max(QUOTA_VALIDITY, key=lambda v: v.effective_from)


def validity_table() -> list[tuple[str, int]]:
    """(ISO date from, months) of each validity version, for the form's script."""
    return [(v.effective_from.isoformat(), v.months) for v in QUOTA_VALIDITY]


@dataclass(frozen=True)
class ValidityFlag:
    """An allotment whose "Valid until" is not what the validity in force gives."""

    rule: QuotaValidity
    valid_until: date  # what the rule gives


def validity_flag(allotment: QuotaAllotment) -> ValidityFlag | None:
    """The validity in force on the allotment date, when the stored date differs from it."""
    rule = quota_validity(allotment.allotment_date)
    expected = default_valid_until(allotment.allotment_date, rule.months)
    return None if allotment.valid_until == expected else ValidityFlag(rule, expected)


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

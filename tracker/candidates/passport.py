"""The passport flag: a plain rule, reused by the candidate and case pages."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from tracker.rules.attention import PASSPORT_WARNING_MONTHS
from tracker.rules.text import Text
from tracker.text import hkdate


def passport_warning_cutoff(today: date) -> date:
    """The last expiry date that still counts as "within the warning window"."""
    return today + relativedelta(months=PASSPORT_WARNING_MONTHS)


def passport_flag(expiry: date, today: date, intended_start: date | None = None) -> Text | None:
    """Why this passport needs attention, or None.

    Flagged when it has expired, expires before the intended start date, or
    expires within PASSPORT_WARNING_MONTHS of today (the cutoff day included).
    """
    if expiry < today:
        return Text("Passport expired on %(date)s.", date=hkdate(expiry))
    if intended_start is not None and expiry < intended_start:
        return Text("Passport expires on %(date)s, before the intended start date %(start)s.",
                    date=hkdate(expiry), start=hkdate(intended_start))
    if expiry <= passport_warning_cutoff(today):
        return Text("Passport expires on %(date)s, within %(months)s months.",
                    date=hkdate(expiry), months=PASSPORT_WARNING_MONTHS)
    return None

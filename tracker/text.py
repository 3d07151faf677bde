"""Formatting values the Hong Kong way: the one definition of each.

The `hkdate` / `hkd` Jinja filters are these functions; services that put
dates and amounts into flash messages, errors and e-mails call them too, so
every place reads the same.
"""

from __future__ import annotations

from datetime import date, datetime

from tracker.clock import to_local


def hkdate(value: date | datetime | None) -> str:
    """DD/MM/YYYY (a timestamp: its day in APP_TIMEZONE), or a dash for no date."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = to_local(value).date()
    return value.strftime("%d/%m/%Y")


def hkd(amount: int | None) -> str:
    """HK$1,234 (no cents: salaries and thresholds are whole dollars)."""
    return f"HK${amount:,.0f}" if amount is not None else "—"

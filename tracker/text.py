"""Formatting values the Hong Kong way inside messages built by services.

Templates use the `hkdate` / `hkd` Jinja filters; services that put dates and
amounts into flash or error messages use these, so both read the same.
"""

from __future__ import annotations

from datetime import date


def hkdate(value: date | None) -> str:
    """DD/MM/YYYY, or a dash for no date."""
    return value.strftime("%d/%m/%Y") if value else "—"


def hkd(amount: int | None) -> str:
    """HK$1,234 (no cents: salaries and thresholds are whole dollars)."""
    return f"HK${amount:,.0f}" if amount is not None else "—"

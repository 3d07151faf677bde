"""Calendar arithmetic the rules share: anniversaries, ages, inclusive periods.

One convention for 29 February everywhere: in a common year the anniversary
of 29 February is **1 March** (the person has not completed the year until
28 February has passed, and a contract starting on 29 February runs through
28 February). `relativedelta` alone would land on 28 February, so
`anniversary()` moves that case one day on. Ages, the ASSG age limits, NET
contracts and limits of stay all go through these functions.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

ONE_DAY = timedelta(days=1)


def anniversary(start: date, years: int = 0, months: int = 0) -> date:
    """*start* moved on by whole years/months; 29 Feb lands on 1 Mar in common years."""
    moved = start + relativedelta(years=years, months=months)
    if start.month == 2 and start.day == 29 and moved.month == 2 and moved.day == 28:
        return moved + ONE_DAY
    return moved


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years of age on *on* (the birthday itself counts as the new age)."""
    years = on.year - date_of_birth.year
    if anniversary(date_of_birth, years) > on:
        years -= 1
    return years


def birthday(date_of_birth: date, age: int) -> date:
    """The date on which someone born on *date_of_birth* reaches *age*."""
    return anniversary(date_of_birth, age)


def period_end(start: date, years: int = 0, months: int = 0) -> date:
    """Last day of a period of whole years/months that begins on *start* (inclusive).

    A two-year contract from 1 Aug 2024 ends on 31 Jul 2026; one from
    29 Feb 2024 ends on 28 Feb 2026, so the next one can start on 1 Mar.
    """
    return anniversary(start, years, months) - ONE_DAY


def latest_due(day: date, months: int) -> date:
    """The latest date D with D − *months* months ≤ *day* (relativedelta's month arithmetic).

    The inverse a set-based scan needs: a reminder *months* before a stored date
    is due by *day* exactly when the date is at most this one, so one threshold
    per offset compares every row. On the last day of a month every date of the
    target month is due (31 Jul − 3 months = 30 Apr).
    """
    threshold = day + relativedelta(months=months)
    if (day + ONE_DAY).month != day.month:  # the last day of its month
        threshold = threshold + relativedelta(day=31)
    return threshold

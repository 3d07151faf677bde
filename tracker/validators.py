"""Limits every form shares: numbers the database can store, dates that make sense.

WTForms reads "1000000000000000000000000000000" as a perfectly good Python int
and "9999-12-31" as a perfectly good date. PostgreSQL's INTEGER refuses the
first (a 500 at commit), and date arithmetic on the second overflows (30 days
after 31/12/9999 does not exist). These validators turn both into a message
next to the field; the fuzzing suite (tests/security) posts such values into
every form.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wtforms.validators import ValidationError

from tracker.rules.text import Text

MAX_INTEGER = 2**31 - 1  # PostgreSQL INTEGER, the type of every count and amount column
# Dates of birth, letters, stays and expiries all fall well inside these years; outside
# them a date is a typing mistake, and far enough out it breaks date arithmetic.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
# ?page= beyond this is refused by nobody but would overflow OFFSET (a BIGINT).
MAX_PAGE = 100_000
# A monthly salary in HK$ above ten million is a typing mistake (an extra zero or two):
# the one limit of every salary field, its max attribute and its message alike.
MAX_MONTHLY_SALARY = 10_000_000


def fits_integer(form: Any, field: Any) -> None:
    """WTForms validator: the number fits an INTEGER column."""
    if field.data is not None and abs(field.data) > MAX_INTEGER:
        raise ValidationError(Text("Enter a number no larger than %(max)s.",
                                   max=f"{MAX_INTEGER:,}"))


class AmountLimit:
    """WTForms validator: an amount in HK$ from 0 to *maximum*.

    Its field_flags give the input the same min and max attributes, so the page and
    the server state one limit, once.
    """

    def __init__(self, maximum: int) -> None:
        if maximum > MAX_INTEGER:
            raise ValueError("The limit must fit an INTEGER column.")
        self.maximum = maximum
        self.field_flags = {"min": 0, "max": maximum}

    def __call__(self, form: Any, field: Any) -> None:
        if field.data is not None and not 0 <= field.data <= self.maximum:
            raise ValidationError(Text("Enter an amount from HK$0 to HK$%(max)s.",
                                       max=f"{self.maximum:,}"))


def monthly_salary_limit() -> AmountLimit:
    """The validator of every monthly salary field (MAX_MONTHLY_SALARY)."""
    return AmountLimit(MAX_MONTHLY_SALARY)


def date_in_range(value: date) -> bool:
    """Whether *value* lies between EARLIEST_DATE and LATEST_DATE."""
    return EARLIEST_DATE <= value <= LATEST_DATE


def date_range_message() -> str:
    """The refusal of a date outside the range (a Text: shown in the reader's language)."""
    return Text("Enter a date between %(earliest)s and %(latest)s.",
                earliest=f"{EARLIEST_DATE:%d/%m/%Y}", latest=f"{LATEST_DATE:%d/%m/%Y}")


def plausible_date(form: Any, field: Any) -> None:
    """WTForms validator: the date lies between EARLIEST_DATE and LATEST_DATE."""
    if field.data is not None and not date_in_range(field.data):
        raise ValidationError(date_range_message())


def page_number(page: int | None) -> int:
    """A list page number from the query string, kept between 1 and MAX_PAGE."""
    return min(max(page or 1, 1), MAX_PAGE)

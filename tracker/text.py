"""Formatting values the Hong Kong way: the one definition of each.

The `hkdate` / `hkd` Jinja filters are these functions; services that put
dates and amounts into flash messages, errors and e-mails call them too, so
every place reads the same.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache

from tracker.clock import to_local

# Names, references and titles go into e-mail subjects, headers and page titles,
# where a line break would start a new header ("Evil\r\nBcc: …").
ONE_LINE = "cannot contain line breaks, tabs or other control characters"


def has_control_characters(value: str) -> bool:
    """True when *value* holds a control character (line break, tab, NUL, ESC …)."""
    return any(unicodedata.category(char) == "Cc" for char in value)


def first_multi_line(values: Mapping[str, object]) -> str | None:
    """The name of the first text value holding a control character, or None.

    The services' own check, behind the forms' (SingleLineField): data from
    commands and imports reaches the services without a form.
    """
    return next((name for name, value in values.items()
                 if isinstance(value, str) and has_control_characters(value)), None)


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


def passport_name(full_name: str, chinese_name: str | None = "") -> str:
    """A person as in the passport, with the Chinese name beside it: "Wong Ka Yan 黃嘉欣".

    The plain-text form (e-mail subjects and bodies, the case form's candidate
    labels); pages use the `passport_name` macro of templates/_names.html, which
    marks the Chinese part with its language.
    """
    return f"{full_name} {chinese_name}" if chinese_name else full_name


@cache
def _to_simplified() -> Callable[[str], str]:
    # OpenCC's Hong Kong table (hk2s) also folds the variants Hong Kong writes
    # (衞, 裏 …); the dictionaries load once per process.
    from opencc import OpenCC

    return OpenCC("hk2s").convert


def search_key(*texts: str | None) -> str:
    """*texts* folded for matching: Simplified characters, lower case.

    Stored names and what a user types are both folded, so 黃 and 黄 find
    黃嘉欣, and "wong" finds "WONG Ka Yan" with a plain LIKE.
    """
    joined = " ".join(" ".join(text.split()) for text in texts if text)
    return _to_simplified()(joined).lower()

"""Reading reminder offsets ("90, 60, 30, 7": days before a date), in one place.

Two readings of the same text:

- `parse_offsets` is strict. It checks what an admin types in the company
  settings and raises `OffsetsError` with a message fit to show them.
- `read_offsets` is lenient. It reads a setting already stored (the model and
  the reminder scan) and skips what it cannot read instead of failing, so one
  bad stored value cannot stop every company's reminders.

Both read each part the same way (`_day_count`). Unicode decimal digits count,
the same digits `int()` reads, so full-width digits typed with a Chinese input
method still work. Signs and underscores do not count.
"""

from __future__ import annotations

from tracker.rules.text import Text

# The range an admin may choose: at least a day ahead, at most two years
# (the range the settings form has accepted since the first release).
MIN_DAYS = 1
MAX_DAYS = 730


class OffsetsError(ValueError):
    """The offsets cannot be used. The message (args[0], a `Text`) can be shown to the
    user: it renders in the reader's language; str(error) is its English."""


def _day_count(part: str) -> int | None:
    """'30' or ' 30 ' -> 30; None when the part is not a whole number."""
    part = part.strip()
    return int(part) if part.isdecimal() else None


def parse_offsets(text: str) -> list[int]:
    """"90, 60, 30" -> [90, 60, 30]. Strict: whole numbers from MIN_DAYS to MAX_DAYS.

    Empty parts (a trailing comma) are ignored and duplicates are merged. The
    result runs from the most distant day to the nearest.
    """
    parts = [part for part in text.split(",") if part.strip()]
    days = [_day_count(part) for part in parts]
    if None in days:
        raise OffsetsError(Text("Reminder days must be whole numbers separated by commas."))
    unique = sorted({d for d in days if d is not None}, reverse=True)
    if not unique or any(d < MIN_DAYS or d > MAX_DAYS for d in unique):
        raise OffsetsError(Text("Reminder days must be between %(low)s and %(high)s.",
                                low=MIN_DAYS, high=MAX_DAYS))
    return unique


def read_offsets(text: str) -> list[int]:
    """A stored setting's offsets, most distant first; parts that are not numbers are skipped.

    Spaces are removed first because the scan's SQL matches the setting with
    replace(…, ' ', ''): this reading and the SQL then agree on what it lists.
    The range is not checked: a value stored under an older, wider range keeps
    working until an admin next saves the settings.
    """
    days = (_day_count(part) for part in text.replace(" ", "").split(","))
    return sorted({d for d in days if d is not None}, reverse=True)

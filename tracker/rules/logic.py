"""Three-valued logic for facts that may be unknown (None).

`all_of` is False as soon as one fact is False, None if any is unknown,
else True; `any_of` is True as soon as one is True, None if any is unknown,
else False. This keeps "not known" apart from "no" in every rule.
"""

from __future__ import annotations

from collections.abc import Iterable


def all_of(facts: Iterable[bool | None]) -> bool | None:
    """Three-valued AND."""
    values = list(facts)
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def any_of(facts: Iterable[bool | None]) -> bool | None:
    """Three-valued OR."""
    values = list(facts)
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def at_least(value: float | None, threshold: float) -> bool | None:
    """value >= threshold, or None when the value is unknown."""
    return None if value is None else value >= threshold

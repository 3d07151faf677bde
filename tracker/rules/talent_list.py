"""The Talent List of Hong Kong, as versioned data.

A GEP employer need not prove local recruitment difficulty when the post is
on the Talent List (since 28 Dec 2022, ImmD FAQ on enhancement measures).

The 2023 list has 51 professions in 9 industry segments (news.gov.hk,
16 May 2023). Only the professions named in the sources below are entered
so far (`complete=False`); a later issue enters the rest from the official
list at talentlist.gov.hk. Until then a post not listed here can still use
the HK$2M-a-year waiver or a written justification.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TalentList:
    """One edition of the Talent List."""

    effective_from: date
    source: str
    segments: tuple[str, ...]
    professions: tuple[str, ...]
    complete: bool


EDITIONS: tuple[TalentList, ...] = (
    TalentList(
        effective_from=date(2023, 5, 16),
        source=("news.gov.hk 'Talent list coverage expanded' (16 May 2023) for the segments; "
                "Hong Kong Shipowners Association circular A(23)103 and China Daily "
                "(secondary, 16 May 2023) for the professions named here"),
        segments=(
            "Business support", "Creative industries, arts and culture, performing arts",
            "Development and construction", "Environmental technology services",
            "Financial services", "Healthcare services", "Innovation and technology",
            "Legal and dispute resolution services", "Maritime services",
        ),
        professions=(
            "Ship finance professionals",
            "Marine engineers and superintendents of ships",
            "Doctors", "Nurses", "Chinese medicine practitioners", "Midwives", "Pharmacists",
            "Architecture professionals", "Land surveying professionals",
            "Town planning professionals",
        ),
        complete=False,
    ),
)


def edition(on: date) -> TalentList:
    """The edition in force on *on* (the earliest one before any took effect)."""
    current = [e for e in EDITIONS if e.effective_from <= on]
    return current[-1] if current else EDITIONS[0]


def professions(on: date) -> tuple[str, ...]:
    return edition(on).professions


def is_listed(profession: str, on: date) -> bool:
    """True when *profession* is on the edition in force on *on* (case-insensitive)."""
    wanted = " ".join(profession.split()).casefold()
    return bool(wanted) and any(p.casefold() == wanted for p in professions(on))

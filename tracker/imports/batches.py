"""Bulk reads for a large import: the company's records for many rows, one statement per
CHUNK rows instead of one per row (a 50,000-row file would otherwise cost 100,000
round trips to the database before anything is written)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

import sqlalchemy as sa

from tracker.candidates.models import Candidate
from tracker.extensions import db

CHUNK = 1000  # keys per IN (...): one index scan each, well under any parameter limit
T = TypeVar("T")


def chunked(items: Sequence[T], size: int | None = None) -> Iterator[Sequence[T]]:
    """*items* in consecutive slices of at most *size* (CHUNK when not given)."""
    size = size or CHUNK
    for start in range(0, len(items), size):
        yield items[start:start + size]


def candidates_by_passport(company_id: int, numbers: Iterable[str]) -> dict[str, Candidate]:
    """The company's candidates holding any of the (normalised) passport *numbers*, by
    number; another company's candidates are never read."""
    wanted = sorted({number for number in numbers if number})
    found: dict[str, Candidate] = {}
    for part in chunked(wanted):
        found.update((c.passport_number, c) for c in db.session.scalars(
            sa.select(Candidate).where(Candidate.company_id == company_id,
                                       Candidate.passport_number.in_(part))))
    return found


def candidates_by_id(company_id: int, ids: Iterable[int]) -> dict[int, Candidate]:
    """The company's candidates of *ids* (one removed meanwhile is simply absent)."""
    wanted = sorted(set(ids))
    found: dict[int, Candidate] = {}
    for part in chunked(wanted):
        found.update((c.id, c) for c in db.session.scalars(
            sa.select(Candidate).where(Candidate.company_id == company_id,
                                       Candidate.id.in_(part))))
    return found

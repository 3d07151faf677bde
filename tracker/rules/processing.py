"""Typical processing times, as dated data with sources, and the expected decision date.

Each time is what ImmD, ITC or reports say a decision usually takes; the expected
decision date uses the upper bound, counted from the submission date (ImmD counts
from the day it has every document, so a case with documents sent later is due later:
the date is a prompt to chase, not a deadline). Where no source gives a time — IANG,
TTPS, ASSG, dependants, QMAS before its Nov 2024 reform — the answer is None:
unknown, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from tracker.rules.sources import QMAS_REFORM_2024
from tracker.rules.sources_after_arrival import (
    EXTENSION_PROCESSING,
    IMMD_GEP_PROCESSING,
    ITC_TECHTAS_PROCESSING,
    QMAS_PROCESSING,
)
from tracker.rules.text import Text
from tracker.rules.versions import in_force

ANY_SCHEME = "*"


@dataclass(frozen=True)
class ProcessingTime:
    """How long a decision usually takes for *schemes* × *kinds*, from *effective_from*."""

    schemes: tuple[str, ...]  # ANY_SCHEME: every scheme
    kinds: tuple[str, ...]
    effective_from: date
    label: Text  # the typical range, as the source says it
    source: str
    weeks: int = 0  # the upper bound
    months: int = 0
    confirmed: bool = True

    def applies_to(self, scheme: str, kind: str) -> bool:
        return kind in self.kinds and (scheme in self.schemes or ANY_SCHEME in self.schemes)

    def decision_by(self, submitted_on: date) -> date:
        return submitted_on + relativedelta(months=self.months, weeks=self.weeks)


# A change of employment under GEP/ASMTP is handled like a new application (ImmD);
# NET teachers hold GEP employment visas. The GEP range has no start date: date.min.
_GEP_LIKE = ("GEP", "ASMTP", "NET")
PROCESSING_TIMES: tuple[ProcessingTime, ...] = (
    ProcessingTime(_GEP_LIKE, ("entry", "change_of_employment"), date.min,
                   Text("about 4–6 weeks after ImmD has all documents"),
                   IMMD_GEP_PROCESSING, weeks=6),
    ProcessingTime(("TechTAS",), ("entry",), date.min, Text("about 2 weeks"),
                   ITC_TECHTAS_PROCESSING, weeks=2),
    ProcessingTime(("QMAS",), ("entry",), QMAS_REFORM_2024,
                   Text("about 6 months since the reform of 1 Nov 2024"), QMAS_PROCESSING,
                   months=6, confirmed=False),
    ProcessingTime((ANY_SCHEME,), ("extension",), date.min, Text("about 4–6 weeks"),
                   EXTENSION_PROCESSING, weeks=6, confirmed=False),
)


def processing_time(scheme: str, kind: str, submitted_on: date) -> ProcessingTime | None:
    """The typical time for *scheme*'s *kind* of application submitted on *submitted_on*."""
    versions = [t for t in PROCESSING_TIMES if t.applies_to(scheme, kind)]
    return in_force(versions, submitted_on)


def expected_decision(scheme: str, kind: str, submitted_on: date) -> date | None:
    """The day a decision is expected by (the typical time's upper bound), or None if unknown."""
    time = processing_time(scheme, kind, submitted_on)
    return None if time is None else time.decision_by(submitted_on)


def overdue(scheme: str, kind: str, submitted_on: date, today: date) -> bool:
    """Whether a case still waiting on *today* is past its expected decision date."""
    expected = expected_decision(scheme, kind, submitted_on)
    return expected is not None and today > expected

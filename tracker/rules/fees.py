"""Government fees of an application, by the date it was submitted, as dated data.

From 11 a.m. on 26 Feb 2025 (P2025022600221) every application under the specified
admission schemes (GEP — NET teachers hold GEP visas —, ASMTP, QMAS, IANG, ASSG,
TechTAS, TTPS) pays a non-refundable HK$600 application fee per person, dependants
included, for entry, a change of conditions of stay (a change of employment) and
every extension; on approval the visa fee is HK$1,300 for a stay over 180 days or
HK$600 for 180 days or less. Before, one flat fee was paid on approval: HK$230 from
25 Mar 2019, HK$190 before that. A "record" (a status recorded without an
application) pays nothing. The hour of the 2025 change is not modelled: an
application submitted on 26 Feb 2025 counts under the new fees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from tracker.rules.case_kinds import kind as case_kind
from tracker.rules.sources_after_arrival import (
    FEES_2019,
    FEES_2019_SOURCE,
    FEES_2025,
    FEES_BEFORE_2019_SOURCE,
    HKSAR_FEES_2025,
)
from tracker.rules.text import Text
from tracker.rules.versions import in_force_or_first

Due = Literal["submission", "approval"]
SHORT_STAY_DAYS = 180  # a stay of this many days or fewer pays the lower visa fee


@dataclass(frozen=True)
class FeeSchedule:
    """The fees in force for applications submitted on or after *effective_from*."""

    effective_from: date
    application_fee: int  # HK$ per person on submission (0: none)
    visa_fee_long: int  # HK$ on approval, stay over SHORT_STAY_DAYS
    visa_fee_short: int  # HK$ on approval, stay of SHORT_STAY_DAYS or less
    source: str
    confirmed: bool = True


FEE_SCHEDULES: tuple[FeeSchedule, ...] = (
    # In force before 25 Mar 2019; when it started is not recorded.
    FeeSchedule(date.min, 0, 190, 190, FEES_BEFORE_2019_SOURCE, confirmed=False),
    # The amount is official (the 2025 release names the flat HK$230 it replaced);
    # its start day is from a secondary report.
    FeeSchedule(FEES_2019, 0, 230, 230, f"{HKSAR_FEES_2025} (the flat HK$230 it replaced); "
                                        f"start: {FEES_2019_SOURCE}"),
    FeeSchedule(FEES_2025, 600, 1300, 600, HKSAR_FEES_2025),
)


@dataclass(frozen=True)
class FeeItem:
    label: Text
    amount_hkd: int | None  # None: depends on a fact not given (the length of the stay)
    due: Due


@dataclass(frozen=True)
class FeeBreakdown:
    """The fees one application has paid (or will pay on approval), with their source."""

    items: tuple[FeeItem, ...]
    source: str
    effective_from: date | None  # the schedule's first day (None: no fee applies)
    confirmed: bool = True

    @property
    def total_hkd(self) -> int:
        """The sum of the items whose amount is known."""
        return sum(item.amount_hkd or 0 for item in self.items)

    @property
    def complete(self) -> bool:
        """False while an item's amount waits for a fact (the length of the stay)."""
        return all(item.amount_hkd is not None for item in self.items)


NO_FEE = FeeBreakdown((), "", None)


def stay_length_days(starts: date, limit_of_stay: date) -> int:
    """Days of a stay from *starts* to *limit_of_stay*, both included."""
    return (limit_of_stay - starts).days + 1


def schedule_on(submitted_on: date) -> FeeSchedule:
    """The fee schedule for an application submitted on *submitted_on*."""
    return in_force_or_first(FEE_SCHEDULES, submitted_on)


def _visa_fee(schedule: FeeSchedule, stay_days: int | None) -> FeeItem:
    if schedule.application_fee == 0:  # one flat fee before 2025
        return FeeItem(Text("Visa or extension fee (one flat fee)"), schedule.visa_fee_long,
                       "approval")
    if stay_days is None:
        return FeeItem(Text("Visa fee: %(long)s for a stay over 180 days, %(short)s for 180 "
                            "days or less (enter the limit of stay)",
                            long=f"HK${schedule.visa_fee_long:,}",
                            short=f"HK${schedule.visa_fee_short:,}"), None, "approval")
    if stay_days > SHORT_STAY_DAYS:
        return FeeItem(Text("Visa fee (stay over 180 days)"), schedule.visa_fee_long, "approval")
    return FeeItem(Text("Visa fee (stay of 180 days or less)"), schedule.visa_fee_short,
                   "approval")


def fees_for(kind: str, submitted_on: date, approved: bool,
             stay_days: int | None = None) -> FeeBreakdown:
    """The government fees of one person's application of *kind* submitted on *submitted_on*.

    *approved*: whether ImmD approved it (the visa fee is paid then; a refused or
    withdrawn application has paid only the application fee). *stay_days*: the
    length of the stay granted (stay_length_days), which picks the visa fee.
    """
    if not case_kind(kind).applies:
        return NO_FEE
    schedule = schedule_on(submitted_on)
    items: list[FeeItem] = []
    if schedule.application_fee:
        items.append(FeeItem(Text("Application fee (per person, non-refundable)"),
                             schedule.application_fee, "submission"))
    if approved:
        items.append(_visa_fee(schedule, stay_days))
    return FeeBreakdown(tuple(items), schedule.source, schedule.effective_from,
                        schedule.confirmed)


def total_paid(breakdowns: Iterable[FeeBreakdown]) -> int:
    """What a company has paid across applications (known amounts only)."""
    return sum(b.total_hkd for b in breakdowns)

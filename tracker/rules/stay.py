"""Limit-of-stay patterns per scheme, as versioned data, and the suggested limit of stay.

The pattern depends on when the visa application was made:
* GEP, TechTAS, QMAS: "3+3+2" years for applications since 28 Dec 2022
  (initial 3 years, or the employment contract if shorter, for GEP/TechTAS),
  "2+3+3" before (secondary: visapro news; ImmD FAQ for the initial 3 years).
* ASSG: "2+3+3" since Dec 2022, "1+2+2+3" before (secondary; day taken as
  28 Dec 2022 with the other enhancements, not confirmed).
* ASMTP: GEP's patterns. IANG: "2+3+3" since 28 Dec 2022, "1+2+2+3" before.
  TTPS: "2+3+3" (since its launch on 28 Dec 2022; category A's first stay is 36
  months for approvals since 16 Oct 2024: rules/ttps.initial_stay_months).
* Top tier — salaries-tax assessable income of HK$2M+ in the previous year of
  assessment — "3+5" (GEP, ASMTP, QMAS, TechTAS) or "2+6" (ASSG, IANG, TTPS)
  instead (secondary: visapro; start day taken as 28 Dec 2022, not confirmed).
* NET: contract-based — the stay follows the teaching contract.
* DEP (dependants): sponsor-based — the stay follows the sponsor's limit of stay.
A suggestion is only a default: the user edits it to what the visa says.
Periods are inclusive: a 3-year stay from 1 Jan 2024 runs to 31 Dec 2026.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from tracker.rules.dates import latest_due, period_end
from tracker.rules.sources import (
    EDB_NET,
    ENHANCEMENTS_2022,
    IMMD_ENHANCEMENTS_FAQ,
    SEED,
    SEED_AS_OF,
)
from tracker.rules.sources_after_arrival import (
    IMMD_DEPENDANTS,
    IMMD_IANG,
    IMMD_TTPS,
    TTPS_LAUNCH,
    VISAPRO_TOP_TIER,
)
from tracker.rules.text import Text, joined
from tracker.rules.versions import in_force, in_force_or_first

CONTRACT_BASED = ("NET",)
NET_STAY_SOURCE = f"{EDB_NET} (two-year contracts)"
SPONSOR_BASED = ("DEP",)


@dataclass(frozen=True)
class StayPattern:
    schemes: tuple[str, ...]
    effective_from: date  # for visa applications made on or after this date
    years: tuple[int, ...]  # initial stay, then each extension
    capped_by_contract: bool  # initial stay no longer than the employment contract
    source: str
    confirmed: bool = True
    top_tier: bool = False  # for assessable income of HK$2M+ (chosen by the person's flag)

    @property
    def label(self) -> str:
        return "+".join(str(y) for y in self.years)


@dataclass(frozen=True)
class StaySuggestion:
    scheme: str
    until: date | None
    pattern: str
    reason: Text
    source: str
    effective_from: date | None
    confirmed: bool = True


_VISAPRO = "visapro news on the Dec 2022 enhancements (secondary)"
_OLD = f"{SEED}; the pattern before the Dec 2022 enhancements ({_VISAPRO})"
STAY_PATTERNS: tuple[StayPattern, ...] = (
    StayPattern(("GEP", "TechTAS", "ASMTP"), SEED_AS_OF, (2, 3, 3), True, _OLD),
    StayPattern(("GEP", "TechTAS", "ASMTP"), ENHANCEMENTS_2022, (3, 3, 2), True,
                f"{IMMD_ENHANCEMENTS_FAQ} (initial 3 years); {_VISAPRO}"),
    StayPattern(("QMAS",), SEED_AS_OF, (2, 3, 3), False, _OLD),
    StayPattern(("QMAS",), ENHANCEMENTS_2022, (3, 3, 2), False,
                f"{IMMD_ENHANCEMENTS_FAQ}; {_VISAPRO}"),
    StayPattern(("ASSG",), SEED_AS_OF, (1, 2, 2, 3), False, _OLD),
    StayPattern(("ASSG",), ENHANCEMENTS_2022, (2, 3, 3), False,
                f"{_VISAPRO}; exact start day not confirmed",
                confirmed=False),
    StayPattern(("IANG",), SEED_AS_OF, (1, 2, 2, 3), False, f"{IMMD_IANG}; {_OLD}",
                confirmed=False),
    StayPattern(("IANG",), ENHANCEMENTS_2022, (2, 3, 3), False,
                f"{IMMD_IANG}; {VISAPRO_TOP_TIER}", confirmed=False),
    StayPattern(("TTPS",), TTPS_LAUNCH, (2, 3, 3), False, f"{IMMD_TTPS}; {VISAPRO_TOP_TIER}",
                confirmed=False),
)
# Chosen by the person's top-tier flag (assessable income HK$2M+), kept apart from the
# general patterns that every other reader (the advisor, rules/differences.py) lists.
TOP_TIER_PATTERNS: tuple[StayPattern, ...] = (
    StayPattern(("GEP", "ASMTP", "QMAS", "TechTAS"), ENHANCEMENTS_2022, (3, 5), False,
                VISAPRO_TOP_TIER, confirmed=False, top_tier=True),
    StayPattern(("ASSG", "IANG", "TTPS"), ENHANCEMENTS_2022, (2, 6), False,
                VISAPRO_TOP_TIER, confirmed=False, top_tier=True),
)


def pattern_for(scheme: str, application_date: date,
                top_tier: bool = False) -> StayPattern | None:
    """The stay pattern of *scheme* for an application made on *application_date*.

    *top_tier*: the person's top-tier flag picks the top-tier pattern where one is in
    force (else the general one). None for contract-based (NET) and sponsor-based
    (DEP) schemes. ValueError for an unknown scheme.
    """
    if scheme in CONTRACT_BASED or scheme in SPONSOR_BASED:
        return None
    if top_tier:
        top = in_force([p for p in TOP_TIER_PATTERNS if scheme in p.schemes],
                       application_date)
        if top is not None:
            return top
    versions = [p for p in STAY_PATTERNS if scheme in p.schemes]
    if not versions:
        raise ValueError(f"No limit-of-stay pattern for scheme {scheme!r}")
    return in_force_or_first(versions, application_date)


def _applies_to(pattern: StayPattern) -> Text:
    """'for applications from X' or, for the oldest version, 'before <next version>'."""
    same = [p for p in (*STAY_PATTERNS, *TOP_TIER_PATTERNS)
            if p.schemes == pattern.schemes and p.top_tier == pattern.top_tier]
    later = sorted(p.effective_from for p in same if p.effective_from > pattern.effective_from)
    earlier = [p for p in same if p.effective_from < pattern.effective_from]
    if not earlier and later:
        return Text("for applications before %(date)s", date=f"{later[0]:%d/%m/%Y}")
    return Text("for applications from %(date)s", date=f"{pattern.effective_from:%d/%m/%Y}")


def _contract_based(scheme: str, contract_end: date | None) -> StaySuggestion:
    if contract_end is None:
        return StaySuggestion(scheme, None, "contract-based", Text(
            "The stay follows the teaching contract: enter the contract end date."),
            NET_STAY_SOURCE, None)
    return StaySuggestion(scheme, contract_end, "contract-based",
                          Text("Until the contract ends on %(date)s.",
                               date=f"{contract_end:%d/%m/%Y}"),
                          NET_STAY_SOURCE, None)


def _sponsor_based(scheme: str) -> StaySuggestion:
    return StaySuggestion(scheme, None, "sponsor-based", Text(
        "A dependant's stay follows the sponsor's: enter the sponsor's limit of stay."),
        IMMD_DEPENDANTS, None)


def suggest_limit_of_stay(scheme: str, application_date: date, visa_date: date,
                          contract_end: date | None = None,
                          extension_number: int = 0, top_tier: bool = False) -> StaySuggestion:
    """Suggested limit of stay for the stay starting on *visa_date*.

    *extension_number* 0 is the initial stay, 1 the first extension, and so
    on; *visa_date* is the day that stay starts. The initial stay is capped
    at *contract_end* where the pattern says so. *top_tier*: the person's flag
    (assessable income HK$2M+) picks the top-tier pattern.
    """
    if scheme in SPONSOR_BASED:
        return _sponsor_based(scheme)
    pattern = pattern_for(scheme, application_date, top_tier)
    if pattern is None:
        return _contract_based(scheme, contract_end)

    def suggestion(until: date | None, reason: Text) -> StaySuggestion:
        return StaySuggestion(scheme, until, pattern.label, reason, pattern.source,
                              pattern.effective_from, pattern.confirmed)

    since = (Text("top-tier pattern %(pattern)s %(applies)s", pattern=pattern.label,
                  applies=_applies_to(pattern)) if pattern.top_tier
             else Text("pattern %(pattern)s %(applies)s", pattern=pattern.label,
                       applies=_applies_to(pattern)))
    if extension_number >= len(pattern.years):
        return suggestion(None, Text("Beyond the %(since)s: ImmD decides (the person may by "
                                     "then be eligible for permanent residence).", since=since))
    years = pattern.years[extension_number]
    until = period_end(visa_date, years)
    stage = (Text("Initial stay") if extension_number == 0
             else Text("Extension %(number)s", number=extension_number))
    reason = Text("%(stage)s: %(years)s years (%(since)s).", stage=stage, years=years,
                  since=since)
    if pattern.capped_by_contract and extension_number == 0:
        if contract_end is None:
            reason = joined([reason, Text("Capped at the contract length if shorter: contract "
                                          "end not given.")])
        elif contract_end < until:
            return suggestion(contract_end, Text(
                "%(stage)s: the contract ends on %(date)s, before %(years)s years (%(since)s).",
                stage=stage, date=f"{contract_end:%d/%m/%Y}", years=years, since=since))
    return suggestion(until, reason)


# --- Extension of stay: when ImmD accepts form ID 91 -----------------------------------------
# The window depends on the day the extension is filed: the 4 weeks before the limit of stay
# until 28 Feb 2026, the 3 months before it from 1 Mar 2026 (GEP, ASMTP, TechTAS, IANG, QMAS,
# ASSG and their dependants; NET teachers hold GEP employment visas). The reminders, their
# e-mails and the case page all read `extension_window`.
WINDOW_CHANGE_2026 = date(2026, 3, 1)


@dataclass(frozen=True)
class StayReminder:
    """A limit-of-stay reminder, *months* or *weeks* before the limit (one of the two)."""

    months: int
    weeks: int
    purpose: Text  # what the reminder asks HR to do at that point

    @property
    def key(self) -> int:
        """The ledger's offset_days: a stable number per reminder (a month counts as 30 days)."""
        return self.months * 30 + self.weeks * 7

    def due_on(self, limit_of_stay: date) -> date:
        return limit_of_stay - relativedelta(months=self.months, weeks=self.weeks)

    def latest_limit(self, day: date) -> date:
        """The latest limit of stay whose reminder is due by *day* (the scan's threshold)."""
        if self.months:
            return latest_due(day, self.months)
        return day + timedelta(weeks=self.weeks)


@dataclass(frozen=True)
class ExtensionWindow:
    """How long before the limit of stay ImmD accepts an extension of stay (form ID 91)."""

    effective_from: date  # for extensions filed on or after this day
    months: int
    weeks: int
    source: str
    confirmed: bool
    reminders: tuple[StayReminder, ...]  # most distant first

    @property
    def label(self) -> Text:
        if self.months:
            return (Text("%(count)s month", count=self.months) if self.months == 1
                    else Text("%(count)s months", count=self.months))
        return (Text("%(count)s week", count=self.weeks) if self.weeks == 1
                else Text("%(count)s weeks", count=self.weeks))

    def earliest(self, limit_of_stay: date) -> date:
        """The window's first day for *limit_of_stay*, whenever this rule applies."""
        return limit_of_stay - relativedelta(months=self.months, weeks=self.weeks)


EXTENSION_WINDOWS: tuple[ExtensionWindow, ...] = (
    ExtensionWindow(
        SEED_AS_OF, 0, 4,
        "ImmD 'Extension of stay' page (form ID 91): within the 4 weeks before the limit of "
        "stay ends; for extensions filed until 28 Feb 2026", True,
        (StayReminder(0, 12, Text("Gather the documents for the extension of stay.")),
         StayReminder(0, 8, Text("Have the extension of stay ready: the window opens in 4 weeks.")),
         StayReminder(0, 4, Text("The extension window opens: file the extension of stay now.")))),
    ExtensionWindow(
        WINDOW_CHANGE_2026, 3, 0,
        "ImmD change for extensions filed from 1 Mar 2026 (GEP, ASMTP, TechTAS, IANG, QMAS, "
        "ASSG and dependants), as reported (secondary); no ImmD page found, checked 1 Dec 2026",
        False,
        (StayReminder(4, 0, Text("Gather the documents: the extension window opens in a month.")),
         StayReminder(3, 0, Text("The extension window opens: file the extension of stay now.")),
         StayReminder(0, 6, Text("ImmD recommends filing at least 6 weeks before the "
                                 "limit of stay ends: file the extension now if it is not "
                                 "filed yet.")))),
)


@dataclass(frozen=True)
class WindowOpening:
    """When an extension of stay for one limit of stay can first be filed, and why."""

    limit_of_stay: date
    opens: date
    window: ExtensionWindow

    def is_open(self, on: date) -> bool:
        return self.opens <= on <= self.limit_of_stay

    @property
    def rule(self) -> Text:
        """'3 months before the limit of stay ends, for extensions filed from 01/03/2026'."""
        first = self.window is EXTENSION_WINDOWS[0]
        later = [w.effective_from for w in EXTENSION_WINDOWS if w.effective_from >
                 self.window.effective_from]
        period = self.window.label
        if first and later:
            until = f"{later[0] - timedelta(days=1):%d/%m/%Y}"
            rule = Text("%(period)s before the limit of stay ends, for extensions filed until "
                        "%(date)s", period=period, date=until)
        else:
            rule = Text("%(period)s before the limit of stay ends, for extensions filed from "
                        "%(date)s", period=period, date=f"{self.window.effective_from:%d/%m/%Y}")
        if self.window.confirmed:
            return rule
        return Text("%(rule)s; not confirmed by an ImmD page", rule=rule)


def _periods() -> list[tuple[ExtensionWindow, date, date]]:
    """Each window with the days it governs filings: [start, end); open-ended at both ends."""
    starts = [date.min, *(w.effective_from for w in EXTENSION_WINDOWS[1:])]
    ends = [*starts[1:], date.max]
    return list(zip(EXTENSION_WINDOWS, starts, ends, strict=True))


def extension_window(limit_of_stay: date) -> WindowOpening:
    """The first day an extension for *limit_of_stay* can be filed, and the rule that allows it.

    A filing is accepted when it falls in the window of the rule in force on the
    day it is filed. So the window opens on the earliest day that lies both in a
    rule's window and in that rule's period. A limit of 28/03/2026 opens on
    28/02/2026 (4 weeks, the old rule still applies that day); a limit of
    29/03/2026 opens on 01/03/2026 (its 4 weeks would start on 1 Mar, when the
    3-month rule already applies); a limit of 02/06/2026 opens on 02/03/2026.
    """
    best: WindowOpening | None = None
    for window, start, end in _periods():
        day = max(start, window.earliest(limit_of_stay))
        if day < end and day <= limit_of_stay and (best is None or day < best.opens):
            best = WindowOpening(limit_of_stay, day, window)
    if best is None:  # only a limit before every rule's period: the first rule's window
        first = EXTENSION_WINDOWS[0]
        return WindowOpening(limit_of_stay, first.earliest(limit_of_stay), first)
    return best


def governed_limits(window: ExtensionWindow) -> tuple[date | None, date | None]:
    """The limits of stay [from, until) whose window *window* opens (None: unbounded).

    A later rule takes over from the first limit whose earlier-rule window would
    open on or after the later rule's first day (29/03/2026 for 1 Mar 2026).
    The reminder scan uses these ranges to pick each limit's reminders in SQL.
    """
    index = EXTENSION_WINDOWS.index(window)

    def takeover(i: int) -> date:
        previous = EXTENSION_WINDOWS[i - 1]
        return EXTENSION_WINDOWS[i].effective_from + relativedelta(months=previous.months,
                                                                   weeks=previous.weeks)

    low = takeover(index) if index > 0 else None
    high = takeover(index + 1) if index + 1 < len(EXTENSION_WINDOWS) else None
    return low, high


def describe_window(opening: WindowOpening, on: date) -> Text:
    """One sentence for the case page: when the extension can be filed, as of *on*."""
    limit, opens = f"{opening.limit_of_stay:%d/%m/%Y}", f"{opening.opens:%d/%m/%Y}"
    if on > opening.limit_of_stay:
        return Text("The limit of stay ended on %(date)s.", date=limit)
    if opening.is_open(on):
        return Text("Open now: file by %(limit)s; the window opened on %(opens)s (%(rule)s; "
                    "form ID 91).", limit=limit, opens=opens, rule=opening.rule)
    return Text("Can be filed from %(opens)s (%(rule)s; form ID 91).", opens=opens,
                rule=opening.rule)

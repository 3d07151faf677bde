"""Limit-of-stay patterns per scheme, as versioned data, and the suggested limit of stay.

The pattern depends on when the visa application was made:
* GEP, TechTAS, QMAS: "3+3+2" years for applications since 28 Dec 2022
  (initial 3 years, or the employment contract if shorter, for GEP/TechTAS),
  "2+3+3" before (secondary: visapro news; ImmD FAQ for the initial 3 years).
* ASSG: "2+3+3" since Dec 2022, "1+2+2+3" before (secondary; day taken as
  28 Dec 2022 with the other enhancements, not confirmed).
* NET: contract-based — the stay follows the teaching contract.
A suggestion is only a default: the user edits it to what the visa says.
Periods are inclusive: a 3-year stay from 1 Jan 2024 runs to 31 Dec 2026.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.rules.dates import period_end
from tracker.rules.sources import ENHANCEMENTS_2022, IMMD_ENHANCEMENTS_FAQ, SEED, SEED_AS_OF
from tracker.rules.versions import in_force_or_first

CONTRACT_BASED = ("NET",)
NET_STAY_SOURCE = f"{SEED} (NET two-year contracts)"
# An extension of stay may be applied for within the 4 weeks before the limit
# of stay ends (ImmD extension-of-stay page, form ID 91).
EXTENSION_WINDOW = timedelta(weeks=4)


@dataclass(frozen=True)
class StayPattern:
    schemes: tuple[str, ...]
    effective_from: date  # for visa applications made on or after this date
    years: tuple[int, ...]  # initial stay, then each extension
    capped_by_contract: bool  # initial stay no longer than the employment contract
    source: str
    confirmed: bool = True

    @property
    def label(self) -> str:
        return "+".join(str(y) for y in self.years)


@dataclass(frozen=True)
class StaySuggestion:
    scheme: str
    until: date | None
    pattern: str
    reason: str
    source: str
    effective_from: date | None
    confirmed: bool = True


_VISAPRO = "visapro news on the Dec 2022 enhancements (secondary)"
_OLD = "Pattern before the Dec 2022 enhancements (secondary); in force by the seed's date"
STAY_PATTERNS: tuple[StayPattern, ...] = (
    StayPattern(("GEP", "TechTAS"), SEED_AS_OF, (2, 3, 3), True, _OLD),
    StayPattern(("GEP", "TechTAS"), ENHANCEMENTS_2022, (3, 3, 2), True,
                f"{IMMD_ENHANCEMENTS_FAQ} (initial 3 years); {_VISAPRO}"),
    StayPattern(("QMAS",), SEED_AS_OF, (2, 3, 3), False, _OLD),
    StayPattern(("QMAS",), ENHANCEMENTS_2022, (3, 3, 2), False,
                f"{IMMD_ENHANCEMENTS_FAQ}; {_VISAPRO}"),
    StayPattern(("ASSG",), SEED_AS_OF, (1, 2, 2, 3), False, _OLD),
    StayPattern(("ASSG",), ENHANCEMENTS_2022, (2, 3, 3), False,
                "Secondary report of the Dec 2022 change; exact start day not confirmed",
                confirmed=False),
)


def pattern_for(scheme: str, application_date: date) -> StayPattern | None:
    """The stay pattern of *scheme* for an application made on *application_date*.

    None for contract-based schemes (NET). ValueError for an unknown scheme.
    """
    if scheme in CONTRACT_BASED:
        return None
    versions = [p for p in STAY_PATTERNS if scheme in p.schemes]
    if not versions:
        raise ValueError(f"No limit-of-stay pattern for scheme {scheme!r}")
    return in_force_or_first(versions, application_date)


def _applies_to(pattern: StayPattern) -> str:
    """'for applications from X' or, for the oldest version, 'before <next version>'."""
    later = sorted(p.effective_from for p in STAY_PATTERNS
                   if p.schemes == pattern.schemes and p.effective_from > pattern.effective_from)
    earlier = [p for p in STAY_PATTERNS
               if p.schemes == pattern.schemes and p.effective_from < pattern.effective_from]
    if not earlier and later:
        return f"for applications before {later[0]:%d/%m/%Y}"
    return f"for applications from {pattern.effective_from:%d/%m/%Y}"


def _contract_based(scheme: str, contract_end: date | None) -> StaySuggestion:
    if contract_end is None:
        return StaySuggestion(scheme, None, "contract-based", "The stay follows the teaching "
                              "contract: enter the contract end date.", NET_STAY_SOURCE, None)
    return StaySuggestion(scheme, contract_end, "contract-based",
                          f"Until the contract ends on {contract_end:%d/%m/%Y}.",
                          NET_STAY_SOURCE, None)


def suggest_limit_of_stay(scheme: str, application_date: date, visa_date: date,
                          contract_end: date | None = None,
                          extension_number: int = 0) -> StaySuggestion:
    """Suggested limit of stay for the stay starting on *visa_date*.

    *extension_number* 0 is the initial stay, 1 the first extension, and so
    on; *visa_date* is the day that stay starts. The initial stay is capped
    at *contract_end* where the pattern says so.
    """
    pattern = pattern_for(scheme, application_date)
    if pattern is None:
        return _contract_based(scheme, contract_end)

    def suggestion(until: date | None, reason: str) -> StaySuggestion:
        return StaySuggestion(scheme, until, pattern.label, reason, pattern.source,
                              pattern.effective_from, pattern.confirmed)

    since = f"pattern {pattern.label} {_applies_to(pattern)}"
    if extension_number >= len(pattern.years):
        return suggestion(None, f"Beyond the {since}: ImmD decides (the person may by then be "
                                "eligible for permanent residence).")
    years = pattern.years[extension_number]
    until = period_end(visa_date, years)
    stage = "Initial stay" if extension_number == 0 else f"Extension {extension_number}"
    reason = f"{stage}: {years} years ({since})."
    if pattern.capped_by_contract and extension_number == 0:
        if contract_end is None:
            reason += " Capped at the contract length if shorter: contract end not given."
        elif contract_end < until:
            return suggestion(contract_end, f"{stage}: the contract ends on "
                                            f"{contract_end:%d/%m/%Y}, before {years} years "
                                            f"({since}).")
    return suggestion(until, reason)

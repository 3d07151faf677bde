"""NET Scheme: eligibility, two-year contracts, renewal, gratuity and contract-end reminders.

Eligibility (seed document): a native speaker of English or native-speaker
competence (blocking); experience teaching English as a second/foreign
language, and for special schools special-education training or experience
(preferences: shown, never blocking). A recognised degree is also asked
for by EDB's recruitment notes (secondary) — blocking, marked unconfirmed.

Contracts run two years from the start date, inclusive (1 Aug 2024 →
31 Jul 2026), normally renewable. The gratuity is due on the contract's last
day; its rate is data (unconfirmed). Reminders before the contract ends use
the offsets below (default 6 and 3 months).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from tracker.rules.dates import ONE_DAY, latest_due, period_end
from tracker.rules.profile import CandidateProfile
from tracker.rules.results import RouteVerdict, Rule, make_verdict
from tracker.rules.sources import EDB_NET

# The NET Scheme started in secondary schools in 1998 (seed); exact day not recorded.
NET_START = date(1998, 9, 1)
CONTRACT_YEARS = 2


@dataclass(frozen=True)
class GratuityRate:
    rate: Decimal  # share of the total basic salary over the contract
    source: str
    confirmed: bool


# Widely reported as 15% of total basic salary for NETs; not checked against
# an EDB document in this project — the school's contract wins.
GRATUITY = GratuityRate(Decimal("0.15"), "NET terms of appointment as widely reported "
                                         "(secondary); check the school's contract", False)


@dataclass(frozen=True)
class ReminderOffset:
    months: int
    label: str


# Offsets before the contract end date at which a reminder is due (data; the
# reminders ledger reads them).
CONTRACT_END_REMINDERS: tuple[ReminderOffset, ...] = (
    ReminderOffset(6, "6 months before the NET contract ends: decide on renewal"),
    ReminderOffset(3, "3 months before the NET contract ends"),
)


@dataclass(frozen=True)
class Contract:
    start: date
    end: date

    @property
    def gratuity_due(self) -> date:
        """The gratuity falls due on satisfactory completion: the contract's last day."""
        return self.end


def contract_for(start: date, years: int = CONTRACT_YEARS) -> Contract:
    """A NET contract from *start*: ends the day before the anniversary (start + 2y − 1 day)."""
    return Contract(start, period_end(start, years))


def renewal(current: Contract, years: int = CONTRACT_YEARS) -> Contract:
    """The renewed contract: starts the day after the current one ends."""
    return contract_for(current.end + ONE_DAY, years)


def gratuity_amount(total_basic_salary_hkd: Decimal | int,
                    rate: GratuityRate = GRATUITY) -> Decimal:
    """Gratuity on completion: *rate* × total basic salary over the contract (to the cent)."""
    amount = Decimal(total_basic_salary_hkd) * rate.rate
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def reminder_dates(contract_end: date,
                   offsets: tuple[ReminderOffset, ...] = CONTRACT_END_REMINDERS
                   ) -> list[tuple[date, str]]:
    """When each contract-end reminder is due, earliest first."""
    # Plain relativedelta (31 Aug − 6 months = 28 Feb): a reminder may come early, never late.
    due = [(contract_end - relativedelta(months=o.months), o.label) for o in offsets]
    return sorted(due)


def reminder_threshold(day: date, months: int) -> date:
    """The latest contract end whose *months*-before reminder is due by *day*.

    The inverse of `reminder_dates` (end − N months ≤ day ⟺ end ≤ this date),
    so a set-based scan can compare contract ends with one date per offset.
    """
    return latest_due(day, months)


NATIVE = Rule("net_native_english", "Native speaker of English or native-speaker competence",
              True, EDB_NET, NET_START)
DEGREE = Rule("net_degree", "A recognised degree", True,
              EDB_NET + " (secondary: NET requirement summaries); not in the seed", NET_START,
              confirmed=False)
TESL = Rule("net_tesl_tefl", "Experience teaching English as a second/foreign language "
                             "(preference)", False, EDB_NET, NET_START)
SPECIAL = Rule("net_special_education", "Special-education training or experience (preference "
                                        "for special schools)", False, EDB_NET, NET_START)


def net_verdict(profile: CandidateProfile, on: date) -> RouteVerdict:
    """NET for this candidate (EDB and the school select; *on* kept for a uniform signature)."""
    rank = profile.level_rank
    degree = None if rank is None else rank >= 2
    return make_verdict("NET", (
        NATIVE.check(profile.native_english, yes="Native speaker or native-speaker competence.",
                     no="Not a native speaker of English.",
                     missing="Native-speaker English not recorded."),
        DEGREE.check(degree, yes="Holds a degree.", no="No degree.",
                     missing="Qualification not given."),
        TESL.check(profile.tesl_tefl_experience, yes="Has TESL/TEFL teaching experience.",
                   no="No TESL/TEFL experience (a preference, not required).",
                   missing="TESL/TEFL experience not recorded."),
        SPECIAL.check(profile.special_education,
                      yes="Has special-education training or experience.",
                      no="No special-education training or experience (preferred only for "
                         "special schools).",
                      missing="Special-education training or experience not recorded."),
    ))

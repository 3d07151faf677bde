"""NET Scheme: eligibility, two-year contracts, renewal, gratuity and contract-end reminders.

Eligibility: a native speaker of English or native-speaker competence
(blocking); experience teaching English as a second/foreign language, and for
special schools special-education training or experience (preferences: shown,
never blocking). Until the 2025/26 school year a recognised degree (EDB's
recruitment notes as summarised by secondary sources: blocking, unconfirmed).
From the 2025/26 school year EDB requires all three of a bachelor's majoring
in English (or any bachelor's plus a higher degree majoring in English), a
PGDE majoring in English and a TEFL/TESL certificate (EDB "Recruitment of
Primary NETs"). NET contracts start in August, so the new rules apply in full
to applications from 1 Aug 2025; an application filed in the school year
before may be for a 2025/26 appointment, so a "no" then answers "unknown".

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
from tracker.rules.logic import all_of, at_least
from tracker.rules.profile import CandidateProfile
from tracker.rules.results import RouteVerdict, Rule, RuleResult, make_verdict
from tracker.rules.sources import EDB_NET
from tracker.rules.text import Text

# The NET Scheme started in secondary schools in 1998 (seed); exact day not recorded.
NET_START = date(1998, 9, 1)
CONTRACT_YEARS = 2
# The 2025/26 requirements: NET contracts of that school year start in August 2025; the
# school year before is when those NETs are recruited.
SCHOOL_YEAR_2025_26 = date(2025, 8, 1)
RECRUITING_2025_26 = date(2024, 9, 1)
EDB_2025 = f"{EDB_NET}: requirements from the 2025/26 school year"


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
    ReminderOffset(6, Text("6 months before the NET contract ends: decide on renewal")),
    ReminderOffset(3, Text("3 months before the NET contract ends")),
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


NATIVE = Rule("net_native_english", Text("Native speaker of English or native-speaker "
                                         "competence"), True, EDB_NET, NET_START)
DEGREE = Rule("net_degree", Text("A recognised degree"), True,
              EDB_NET + " (secondary: NET requirement summaries); not in the seed", NET_START,
              confirmed=False)
ENGLISH_DEGREE = Rule("net_english_degree", Text("A bachelor's degree majoring in English, or "
                                                 "any bachelor's degree plus a higher degree "
                                                 "majoring in English"), True, EDB_2025,
                      SCHOOL_YEAR_2025_26)
PGDE = Rule("net_pgde_english", Text("A Postgraduate Diploma in Education (PGDE) majoring in "
                                     "English"), True, EDB_2025, SCHOOL_YEAR_2025_26)
TEFL_CERTIFICATE = Rule("net_tefl_tesl_certificate", Text("A TEFL/TESL certificate"), True,
                        EDB_2025, SCHOOL_YEAR_2025_26)
TESL = Rule("net_tesl_tefl", Text("Experience teaching English as a second/foreign language "
                                  "(preference)"), False, EDB_NET, NET_START)
SPECIAL = Rule("net_special_education", Text("Special-education training or experience "
                                             "(preference for special schools)"), False, EDB_NET,
               NET_START)


def _from_2025_26(rule: Rule, fact: bool | None, yes: str, no: str, missing: str,
                  on: date) -> RuleResult:
    """A 2025/26 requirement; before August 2025 a "no" depends on the appointment's start."""
    found = rule.check(fact, yes=yes, no=no, missing=missing)
    if found.outcome == "fail" and on < SCHOOL_YEAR_2025_26:
        return rule.result("unknown", Text("%(no)s Required for appointments from the 2025/26 "
                                           "school year (contracts from August 2025): it "
                                           "depends on when this appointment starts.", no=no))
    return found


def _qualifications(profile: CandidateProfile, on: date) -> tuple[RuleResult, ...]:
    """The qualifications EDB requires on *on*: a degree, then the three 2025/26 requirements.

    While an application may be for either school year (the recruiting year),
    a degree is required either way, so that rule stays too.
    """
    rank = profile.level_rank
    degree = DEGREE.check(None if rank is None else rank >= 2, yes=Text("Holds a degree."),
                          no=Text("No degree."), missing=Text("Qualification not given."))
    if on < RECRUITING_2025_26:
        return (degree,)
    english_degree = all_of([at_least(rank, 2), profile.english_major])
    return (
        *((degree,) if on < SCHOOL_YEAR_2025_26 else ()),
        _from_2025_26(ENGLISH_DEGREE, english_degree, Text("Holds a degree majoring in English."),
                      Text("No degree majoring in English."),
                      Text("Degree majoring in English not recorded."), on),
        _from_2025_26(PGDE, profile.pgde_english, Text("Holds a PGDE majoring in English."),
                      Text("No PGDE majoring in English."), Text("PGDE in English not recorded."),
                      on),
        _from_2025_26(TEFL_CERTIFICATE, profile.tefl_tesl_certificate,
                      Text("Holds a TEFL/TESL certificate."), Text("No TEFL/TESL certificate."),
                      Text("TEFL/TESL certificate not recorded."), on),
    )


def net_verdict(profile: CandidateProfile, on: date) -> RouteVerdict:
    """NET for this candidate on application date *on* (EDB and the school select)."""
    return make_verdict("NET", (
        NATIVE.check(profile.native_english,
                     yes=Text("Native speaker or native-speaker competence."),
                     no=Text("Not a native speaker of English."),
                     missing=Text("Native-speaker English not recorded.")),
        *_qualifications(profile, on),
        TESL.check(profile.tesl_tefl_experience, yes=Text("Has TESL/TEFL teaching experience."),
                   no=Text("No TESL/TEFL experience (a preference, not required)."),
                   missing=Text("TESL/TEFL experience not recorded.")),
        SPECIAL.check(profile.special_education,
                      yes=Text("Has special-education training or experience."),
                      no=Text("No special-education training or experience (preferred only "
                              "for special schools)."),
                      missing=Text("Special-education training or experience not recorded.")),
    ))

"""NET teaching contracts on a case: dates, renewal decision, gratuity, reminders.

The rules are in tracker/rules/net.py (two-year contracts ending the day
before the anniversary, gratuity due on completion, reminder offsets); this
module applies them to a case and records changes (audited, one commit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from tracker.audit.services import diff, record, snapshot
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.i18n import N_
from tracker.rules import net
from tracker.rules.schemes import scheme
from tracker.rules.text import Text
from tracker.text import hkdate

# Contract dates outside this range are typing mistakes (the NET Scheme began in 1998),
# and far-off years would overflow the date arithmetic of the rules.
EARLIEST, LATEST = date(1998, 1, 1), date(2100, 12, 31)
FIELDS = ("contract_start", "contract_end", "renewal_decision", "gratuity_rate_percent")
RENEWAL_DECISIONS = (("pending", N_("Pending")), ("renewed", N_("Renewed")),
                     ("not_renewed", N_("Not renewed")))


class ContractError(ValueError):
    """The contract change was refused; `field` names the form field, `message` renders
    translated."""

    def __init__(self, message: Text, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ContractInput:
    contract_start: date | None
    contract_end: date | None = None  # None: suggested from the start (net.contract_for)
    renewal_decision: str = "pending"
    gratuity_rate_percent: Decimal | None = None


@dataclass(frozen=True)
class ContractSummary:
    """What the case page shows about the contract."""

    start: date | None
    end: date | None
    suggested_end: date | None  # start + 2 years − 1 day
    renewal_decision: str
    gratuity_due: date | None
    gratuity_rate: Decimal | None  # percent, as the school entered it
    gratuity_amount: Decimal | None  # when both the rate and the monthly salary are known
    reminders: list[tuple[date, str]]
    next_contract: net.Contract | None  # what a renewal would run, once "renewed"


def contract_months(start: date, end: date) -> int:
    """Whole months from *start* to the day after *end* (1 Aug 2024–31 Jul 2026: 24)."""
    span = relativedelta(end + timedelta(days=1), start)
    return span.years * 12 + span.months


def gratuity(case: Case) -> Decimal | None:
    """Rate × basic salary over the contract, or None without a rate, salary or dates."""
    if (case.gratuity_rate_percent is None or case.monthly_salary is None
            or case.contract_start is None or case.contract_end is None):
        return None
    total = case.monthly_salary * contract_months(case.contract_start, case.contract_end)
    rate = net.GratuityRate(Decimal(case.gratuity_rate_percent) / 100,
                            "the school's contract", True)
    return net.gratuity_amount(total, rate)


def summary(case: Case) -> ContractSummary:
    """The case's contract as the page shows it."""
    start, end = case.contract_start, case.contract_end
    suggested = net.contract_for(start).end if start else None
    decision = case.renewal_decision or "pending"
    following = (net.renewal(net.Contract(start, end))
                 if start and end and decision == "renewed" else None)
    return ContractSummary(start, end, suggested, decision, end, case.gratuity_rate_percent,
                           gratuity(case), net.reminder_dates(end) if end else [], following)


def update_contract(case: Case, data: ContractInput, user_id: int | None = None) -> Case:
    """Record the contract's dates, renewal decision and gratuity rate (audited)."""
    if not scheme(case.scheme).tracks_contract:
        raise ContractError(Text("A %(scheme)s case has no teaching contract to record.",
                                 scheme=case.scheme))
    if data.contract_start is None:
        raise ContractError(Text("Enter the contract start date."), "contract_start")
    for name in ("contract_start", "contract_end"):
        value = getattr(data, name)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise ContractError(Text("Enter a date between %(earliest)s and %(latest)s.",
                                     earliest=hkdate(EARLIEST), latest=hkdate(LATEST)), name)
    end = data.contract_end or net.contract_for(data.contract_start).end
    if end < data.contract_start:
        raise ContractError(Text("The contract cannot end before it starts (%(date)s).",
                                 date=hkdate(data.contract_start)), "contract_end")
    if data.renewal_decision not in dict(RENEWAL_DECISIONS):
        raise ContractError(Text("Choose pending, renewed or not renewed."), "renewal_decision")
    rate = data.gratuity_rate_percent
    if rate is not None and (not rate.is_finite() or not Decimal(0) <= rate <= Decimal(100)):
        raise ContractError(Text("The gratuity rate is a percentage from 0 to 100."),
                            "gratuity_rate_percent")
    before = snapshot(case, FIELDS)
    case.contract_start, case.contract_end = data.contract_start, end
    case.renewal_decision = data.renewal_decision
    case.gratuity_rate_percent = None if rate is None else rate.quantize(Decimal("0.01"))
    changes = diff(before, snapshot(case, FIELDS))
    if changes:
        record("update", "case", case.id, company_id=case.company_id, user_id=user_id,
               changes=changes, summary="NET contract")
    db.session.commit()
    return case


def start_renewed_contract(case: Case, user_id: int | None = None) -> Case:
    """Replace a renewed contract by the next one: the day after the end, two more years."""
    if case.renewal_decision != "renewed" or not case.contract_start or not case.contract_end:
        raise ContractError(Text("Record the contract and the decision “Renewed” first."))
    following = net.renewal(net.Contract(case.contract_start, case.contract_end))
    return update_contract(case, ContractInput(following.start, following.end, "pending",
                                               case.gratuity_rate_percent), user_id)

"""What a reminder says: one function per kind turns a ledger row into an Item.

Each checks, at send time, that the reminder is still true (the allotment
still has unused quotas, the date has not changed, the case is still in
Hong Kong …) and returns None when it is not, so the row is skipped.

An Item is written once and may go out in several languages: its subject is a
`Text` (the English is what the ledger records), rendered in each recipient's
language when the e-mail is (tracker/reminders/mail.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from tracker.candidates.models import Candidate
from tracker.cases.contract import RENEWAL_DECISIONS, summary
from tracker.cases.dependants import hkid_after_11
from tracker.cases.models import Case
from tracker.companies.models import Company
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment
from tracker.quotas.status import validity_flag
from tracker.reminders.models import ReminderLedger
from tracker.rules import reminders as rules
from tracker.rules.case_kinds import in_stay_stage
from tracker.rules.schemes import case_stage_label, contract_schemes
from tracker.rules.stay import extension_window
from tracker.rules.text import Text
from tracker.text import hkdate, passport_name


@dataclass
class Item:
    """A reminder ready to be written: subject, template, the facts it shows."""

    kind: rules.ReminderKind
    subject: Text
    days_left: int
    link: str
    company: Company
    facts: dict[str, Any] = field(default_factory=dict)
    # A dependant's reminder goes to the owner of their principal's case (mail.py).
    principal_id: int | None = None

    @property
    def template(self) -> str:
        return f"email/reminders/{self.kind.code}"

    @property
    def when(self) -> str:
        """'in 30 days', in the language being rendered."""
        return when(self.days_left).translated()


def when(days: int) -> Text:
    """'today', 'in 1 day', 'in 30 days'."""
    if days <= 0:
        return Text("today")
    if days == 1:
        return Text("in 1 day")
    return Text("in %(count)s days", count=days)


def absolute_link(endpoint: str, **values: Any) -> str:
    """A link for an e-mail on APP_BASE_URL (no request needed; works in a worker).

    A wrong endpoint raises BuildError: a reminder must never carry a made-up path.
    """
    base = current_app.config["APP_BASE_URL"].rstrip("/")
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


def case_link(case_id: int) -> str:
    return absolute_link("cases.show", case_id=case_id)


def quota_expiry(row: ReminderLedger, as_of: date) -> Item | None:
    """An allotment still valid on *as_of* with unused quotas (else None)."""
    allotment = db.session.get(QuotaAllotment, row.object_id)
    if (allotment is None or allotment.company_id != row.company_id
            or allotment.valid_until != row.due_on or allotment.valid_until < as_of):
        return None
    used = sum(p.used for p in allotment.positions)
    unused = allotment.total_quotas - used
    if unused <= 0:
        return None
    days = (row.due_on - as_of).days
    cases = db.session.scalars(
        sa.select(Case).options(joinedload(Case.candidate))
        .where(Case.allotment_id == allotment.id, Case.stage.not_in(rules.CLOSED_STAGES))
        .order_by(Case.id)).all()
    subject = Text("TechTAS quota %(reference)s expires %(when)s — %(unused)s of %(total)s "
                   "unused", reference=allotment.itc_reference, when=when(days),
                   unused=unused, total=allotment.total_quotas)
    link = absolute_link("quotas.allotment", allotment_id=allotment.id)
    return Item(rules.QUOTA_EXPIRY, subject, days, link, _company(allotment), {
        "allotment": allotment, "used": used, "unused": unused,
        "valid_until": hkdate(allotment.valid_until),
        "cases": [(c, case_stage_label(c.scheme, c.stage, c.kind), case_link(c.id)) for c in cases],
        # A 12-month pre-fill kept for a letter that says 24 (the allotment page's flag).
        "flag": validity_flag(allotment),
    })


def _case_in_hong_kong(row: ReminderLedger, stay: bool = False) -> Case | None:
    """The row's case while its person is in Hong Kong under it, as the scan selects
    (*stay*: in a stage of its kind holding the stay, and no later case replaced it)."""
    case = db.session.get(Case, row.object_id)
    if case is None or case.company_id != row.company_id:
        return None
    if stay and (case.superseded_by_id or not in_stay_stage(case.kind, case.stage)):
        return None
    if not stay and case.stage not in rules.IN_HONG_KONG_STAGES:
        return None
    return case


def stay_expiry(row: ReminderLedger, as_of: date) -> Item | None:
    """A sponsored employee's limit of stay ending (the extension window ahead).

    The window is the one in force for this limit (rules/stay.py): the e-mail
    names the day it opens, the rule behind it, and what this reminder is for.
    """
    case = _case_in_hong_kong(row, stay=True)
    if case is None or case.limit_of_stay_until != row.due_on or row.due_on < as_of:
        return None
    days = (row.due_on - as_of).days
    name = passport_name(case.candidate.full_name, case.candidate.chinese_name)
    window = extension_window(row.due_on)
    purpose = next((r.purpose for r in window.window.reminders if r.key == row.offset_days), "")
    subject = Text("Limit of stay of %(name)s ends %(when)s (%(date)s)", name=name,
                   when=when(days), date=hkdate(row.due_on))
    # To the case page's stay section, where the extension of stay starts.
    link = f"{case_link(case.id)}#stay"
    return Item(rules.STAY_EXPIRY, subject, days, link, _company(case), {
        "case": case, "name": name, "ends": hkdate(row.due_on),
        "window_opens": hkdate(window.opens), "window_open": window.is_open(as_of),
        "window_rule": window.rule, "purpose": purpose,
    }, principal_id=case.candidate.principal_id)


def hkid_due(row: ReminderLedger, as_of: date) -> Item | None:
    """An arrived employee's HKID registration due and not yet recorded."""
    case = _case_in_hong_kong(row)
    if case is None or case.arrived_on is None or case.hkid_registered_on is not None:
        return None
    # As the scan's hkid_due_expression: a dependant's case has no fallback date.
    due = case.hkid_due_on or (None if case.kind == "dependant" else
                               case.arrived_on + timedelta(days=rules.HKID_DAYS_AFTER_ARRIVAL))
    if due is None or due != row.due_on or due < as_of:
        return None
    days = (due - as_of).days
    name = passport_name(case.candidate.full_name, case.candidate.chinese_name)
    subject = Text("HKID registration for %(name)s due %(when)s (%(date)s)", name=name,
                   when=when(days), date=hkdate(due))
    return Item(rules.HKID_DUE, subject, days, case_link(case.id), _company(case), {
        "case": case, "name": name, "arrived": hkdate(case.arrived_on), "due": hkdate(due),
        # A child under 11 on arrival registers 30 days after turning 11, as the case says.
        "after_11": hkid_after_11(case) is not None,
    }, principal_id=case.candidate.principal_id)


def passport_expiry(row: ReminderLedger, as_of: date) -> Item | None:
    """A candidate with an open case whose passport expires within the offset."""
    candidate = db.session.get(Candidate, row.object_id)
    if (candidate is None or candidate.company_id != row.company_id
            or candidate.passport_expiry != row.due_on or row.due_on < as_of):
        return None
    cases = db.session.scalars(
        sa.select(Case).where(Case.candidate_id == candidate.id,
                              Case.stage.not_in(rules.CLOSED_STAGES)).order_by(Case.id)).all()
    if not cases:
        return None
    days = (row.due_on - as_of).days
    name = passport_name(candidate.full_name, candidate.chinese_name)
    subject = Text("Passport of %(name)s expires %(when)s (%(date)s)", name=name,
                   when=when(days), date=hkdate(row.due_on))
    link = absolute_link("candidates.show", candidate_id=candidate.id)
    return Item(rules.PASSPORT_EXPIRY, subject, days, link, _company(candidate), {
        "candidate": candidate, "name": name, "expires": hkdate(row.due_on),
        "cases": [(c, case_stage_label(c.scheme, c.stage, c.kind), case_link(c.id)) for c in cases],
    }, principal_id=candidate.principal_id)


def net_contract_end(row: ReminderLedger, as_of: date) -> Item | None:
    """An open NET case whose teaching contract ends on the row's date."""
    case = db.session.get(Case, row.object_id)
    if (case is None or case.company_id != row.company_id
            or case.scheme not in contract_schemes() or case.contract_end != row.due_on
            or row.due_on < as_of or case.stage in rules.CLOSED_STAGES):
        return None
    days = (row.due_on - as_of).days
    name = passport_name(case.candidate.full_name, case.candidate.chinese_name)
    contract = summary(case)
    # The English label: the template translates it in the recipient's language.
    decision = str(dict(RENEWAL_DECISIONS).get(contract.renewal_decision, "Pending"))
    subject = Text("NET contract of %(name)s ends %(when)s (%(date)s)", name=name,
                   when=when(days), date=hkdate(row.due_on))
    return Item(rules.NET_CONTRACT_END, subject, days, case_link(case.id), _company(case), {
        "case": case, "name": name, "starts": hkdate(case.contract_start or row.due_on),
        "ends": hkdate(row.due_on), "decision": decision,
        "gratuity_due": hkdate(row.due_on),
        "gratuity": None if contract.gratuity_amount is None
        else f"HK${contract.gratuity_amount:,.2f}",
        "months": round(row.offset_days / 30),
    })


def _company(record: Case | Candidate | QuotaAllotment) -> Company:
    return db.session.get_one(Company, record.company_id)  # a foreign key: it exists


DESCRIBERS: dict[str, Callable[[ReminderLedger, date], Item | None]] = {
    rules.QUOTA_EXPIRY.code: quota_expiry,
    rules.STAY_EXPIRY.code: stay_expiry,
    rules.HKID_DUE.code: hkid_due,
    rules.PASSPORT_EXPIRY.code: passport_expiry,
    rules.NET_CONTRACT_END.code: net_contract_end,
}


def describe(row: ReminderLedger, as_of: date) -> Item | None:
    """The Item for a (non-digest) ledger row, or None when it is no longer due."""
    describer = DESCRIBERS.get(row.kind)
    return describer(row, as_of) if describer else None

"""When reminders go out, and what they tell people to do, as data.

Offsets are days before the date the reminder is about. Quota-expiry offsets
are a company setting (Company.quota_reminder_offsets, default 90, 60, 30,
14, 7, 1); the others are fixed here, each with its source. Re-check the
sources before a release (rules/sources.py).

Labels and actions are `Text` (rules/text.py): English here, shown in the
reader's language on pages and in e-mails. Sources stay as written: they name
official pages and settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.rules import net
from tracker.rules.sources import EDB_NET
from tracker.rules.text import Text
from tracker.rules.workflow import HKID_REGISTRATION_DAYS, WORKFLOWS


@dataclass(frozen=True)
class ReminderKind:
    """One kind of reminder: what it is about and when it is sent."""

    code: str
    label: str  # a Text
    offsets: tuple[int, ...]  # days before the due date, most distant first
    source: str
    action: str  # a Text: what the recipient should do, shown in the e-mail
    # Offsets in calendar months instead (NET): due when the date is within that many
    # months; the ledger records each as months × 30 in offset_days (a stable key).
    months: tuple[int, ...] = ()


QUOTA_EXPIRY = ReminderKind(
    code="quota_expiry",
    label=Text("TechTAS quota expiry"),
    offsets=(),  # per company: Company.reminder_offsets
    source="ITC TechTAS FAQ (quota valid for the period in the allotment letter); offsets: "
           "the company's setting",
    action=Text("Sponsor candidates for the unused quotas before the allotment expires: "
                "visa applications made after that date cannot use this allotment."),
)

# The reminders follow the extension window of each limit of stay (4 weeks before it
# until 28 Feb 2026, 3 months from 1 Mar 2026): rules/stay.py EXTENSION_WINDOWS holds
# both, with their offsets; the e-mail names the day the window opens.
STAY_EXPIRY = ReminderKind(
    code="stay_expiry",
    label=Text("Limit of stay ending"),
    offsets=(),  # per extension window: rules/stay.py EXTENSION_WINDOWS
    source="ImmD 'Extension of stay' page (form ID 91); the window by date in rules/stay.py",
    action=Text("Prepare the extension of stay (form ID 91 with the ID 481A/481B declarations "
                "and the employer's supporting documents) and file it once the window opens. "
                "The person must be in Hong Kong when filing and when collecting the new visa."),
)

# Anyone aged 11+ allowed to stay more than 180 days registers for an HKID
# within 30 days of arrival (Registration of Persons Ordinance, Cap. 177).
HKID_DUE = ReminderKind(
    code="hkid_due",
    label=Text("HKID registration due"),
    offsets=(14, 3),
    source="Registration of Persons Ordinance (Cap. 177): register within 30 days of arrival",
    action=Text("Book an HKID registration appointment at a Registration of Persons office, "
                "then record the registration date on the case."),
)

# Six months: the margin employers and ImmD commonly expect for a travel
# document (rounded up to whole days so the rule stays one number).
PASSPORT_EXPIRY = ReminderKind(
    code="passport_expiry",
    label=Text("Passport expiring"),
    offsets=(183,),
    source="Product rule, not an official one: flag passports expiring within 6 months "
           "(rules/attention.py PASSPORT_WARNING_MONTHS)",
    action=Text("Ask the employee to renew the passport, then update the passport number "
                "and expiry date on the candidate's record."),
)

# NET contracts end two years after they start; EDB and schools settle renewal
# months ahead. Offsets are data in rules/net.py (default 6 and 3 months).
NET_CONTRACT_END = ReminderKind(
    code="net_contract_end",
    label=Text("NET contract ending"),
    offsets=tuple(o.months * 30 for o in net.CONTRACT_END_REMINDERS),
    months=tuple(o.months for o in net.CONTRACT_END_REMINDERS),
    source=f"{EDB_NET} (two-year contracts, normally renewable); rules/net.py offsets",
    action=Text("Record the renewal decision on the case (renewed / not renewed). If "
                "renewed, enter the new contract dates and check the limit of stay follows "
                "them; either way the gratuity falls due when the contract is completed."),
)

# What HR asked of a candidate through the portal (issue 19), reminded to the candidate
# themself, one e-mail listing everything outstanding. Offsets: the company's setting
# (Company.portal_reminder_offsets, default 7, 3, 1 days before a request's due date, and
# once Company.portal_overdue_days after it, default 3; recorded as a negative offset).
PORTAL_DUE = ReminderKind(
    code="portal_due",
    label=Text("Candidate's outstanding requests"),
    offsets=(),  # per company: Company.portal_reminder_offsets and portal_overdue_days
    source="Product rule; offsets: the company's setting",
    action=Text("Sign in to the candidate portal and send what is asked."),
)

DIGEST = ReminderKind(
    code="digest", label=Text("Daily digest"), offsets=(0,), source="Product rule",
    action="",
)

KINDS: dict[str, ReminderKind] = {
    k.code: k for k in (QUOTA_EXPIRY, STAY_EXPIRY, HKID_DUE, PASSPORT_EXPIRY,
                        NET_CONTRACT_END, PORTAL_DUE, DIGEST)
}
# Reminders that go to the candidate, not to HR: the HR digest does not list them.
CANDIDATE_KINDS = frozenset({PORTAL_DUE.code})

# From this many days before the due date the company's admins always receive
# the reminder, even if they switched reminder e-mails off or chose the digest.
ESCALATION_DAYS = 14

# Stay and HKID reminders concern people who are in Hong Kong under the visa.
IN_HONG_KONG_STAGES = ("arrived", "active")

# HKID registration is due this many days after arrival (when the case does not
# record a due date of its own).
HKID_DAYS_AFTER_ARRIVAL = HKID_REGISTRATION_DAYS

# Stages after which a case no longer needs anything (passport reminders stop).
CLOSED_STAGES = tuple(sorted({s.code for w in WORKFLOWS.values() for s in w.stages
                              if s.terminal}))


def escalated(days_left: int) -> bool:
    """True when a reminder this close to its date must reach every admin."""
    return days_left <= ESCALATION_DAYS


"""The TechTAS quota rule of a case, applied by stage moves.

A case of a quota scheme takes one quota of its position when it is first
submitted to ImmD (a re-submission after "additional information requested"
keeps the one it holds). A case refused or withdrawn before approval gives
its quota back while the allotment is still valid; after approval, or once
the allotment has expired, the quota stays used.
"""

from __future__ import annotations

from datetime import date

from tracker.cases.models import Case
from tracker.quotas.models import QuotaAllotment
from tracker.quotas.usage import return_quota, take_quota
from tracker.rules.case_kinds import kind as case_kind
from tracker.rules.schemes import scheme
from tracker.rules.text import Text
from tracker.rules.workflow import Stage
from tracker.text import hkdate


class MoveRefused(ValueError):
    """A stage move was refused; nothing was changed. `message` renders translated
    (a Text; another rule's plain English stays as it is)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def uses_quota(case: Case) -> bool:
    """A quota scheme's entry application (an extension or other later case never takes one)."""
    return scheme(case.scheme).needs_quota and case_kind(case.kind).uses_quota


def validity_problem(allotment: QuotaAllotment, submitted_on: date) -> Text | None:
    """Why an application submitted on *submitted_on* cannot draw on *allotment*, if so.

    ITC's allotment lets the company sponsor applications made within its
    validity, from the allotment date to the valid-until day inclusive (ITC
    TechTAS FAQ: a valid quota at the time of application).
    """
    if submitted_on < allotment.allotment_date:
        return Text("Submission date %(date)s is before allotment %(reference)s was allotted "
                    "on %(allotted)s: its quotas could not be used yet.",
                    date=hkdate(submitted_on), reference=allotment.itc_reference,
                    allotted=hkdate(allotment.allotment_date))
    if submitted_on > allotment.valid_until:
        return Text("Submission date %(date)s is after allotment %(reference)s expired on "
                    "%(expired)s: its quotas could no longer be used.",
                    date=hkdate(submitted_on), reference=allotment.itc_reference,
                    expired=hkdate(allotment.valid_until))
    return None


def claim_quota(case: Case, today: date, submitted_on: date | None = None) -> Text | None:
    """Take one quota for a submission (caller commits); refuses with the reason.

    The allotment must be valid today and on the submission date.
    """
    if not uses_quota(case) or case.quota_held:
        return None
    position, allotment = case.position, case.allotment
    if position is None or allotment is None:
        raise MoveRefused(Text("Choose the quota allotment and position before submitting."))
    if allotment.valid_until < today:
        raise MoveRefused(Text("Allotment %(reference)s expired on %(date)s: its quotas can no "
                               "longer be used.", reference=allotment.itc_reference,
                               date=hkdate(allotment.valid_until)))
    problem = validity_problem(allotment, submitted_on) if submitted_on else None
    if problem:
        raise MoveRefused(problem)
    if not take_quota(position.id):
        raise MoveRefused(Text("No quota left on position '%(position)s' of allotment "
                               "%(reference)s: all %(quotas)s are used.",
                               position=position.job_title, reference=allotment.itc_reference,
                               quotas=position.quotas))
    case.quota_held = True
    return Text("One quota of position '%(position)s' is now used by this case.",
                position=position.job_title)


def release_quota(case: Case, current: Stage, today: date) -> Text | None:
    """On refusal/withdrawal: give the quota back if the rule allows (caller commits)."""
    if not case.quota_held or case.position is None or case.allotment is None:
        return None
    if current.counts_as_approved:
        return Text("The case was approved, so its quota stays used.")
    if case.allotment.valid_until < today:
        return Text("Allotment %(reference)s expired on %(date)s, so the quota is not returned.",
                    reference=case.allotment.itc_reference,
                    date=hkdate(case.allotment.valid_until))
    return_quota(case.position.id)
    case.quota_held = False
    return Text("The quota was returned to position '%(position)s'.",
                position=case.position.job_title)


def return_rule_note(case: Case, current: Stage, today: date) -> Text | None:
    """What refusing or withdrawing this case would do to its quota (for the move form)."""
    if not uses_quota(case):
        return None
    if not case.quota_held:
        return Text("Submitting this case to ImmD uses one quota of its position; refused or "
                    "withdrawn before approval, the case gives it back while the allotment is "
                    "valid.")
    if current.counts_as_approved:
        return Text("This case is approved: its quota stays used even if it is refused or "
                    "withdrawn.")
    if case.allotment is not None and case.allotment.valid_until < today:
        return Text("The allotment expired on %(date)s: refusing or withdrawing this case will "
                    "not return its quota.", date=hkdate(case.allotment.valid_until))
    until = hkdate(case.allotment.valid_until) if case.allotment else "—"
    return Text("Refused or withdrawn now (before approval), this case returns its quota to "
                "the position — the allotment is valid until %(date)s.", date=until)

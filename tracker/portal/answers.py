"""The questionnaire's requests and the candidate's answers: HR asks for sections, the
candidate saves answers as they go and sends a section when done. Each function owns
its commit and writes the audit entry.

An answer is text (questionnaire.encode/decode) in portal_answers, one row per field,
"pending" until HR reviews it (review.py). Nothing here writes the Candidate record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from tracker.audit.services import record
from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.candidates.services import FIELDS, value_problems
from tracker.cases.models import Case
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.i18n import N_, Refusal
from tracker.portal import questionnaire, scope
from tracker.portal.documents import account_for_case
from tracker.portal.models import (
    OPEN_REQUEST_STATUSES,
    PortalAccount,
    PortalAnswer,
    PortalRequest,
)
from tracker.portal.questionnaire import Section
from tracker.rules.text import Text

# A section already asked for and not yet accepted is not asked for twice.
UNFINISHED = ("requested", "submitted", "returned")


class QuestionnaireError(Refusal):
    """A rule refused a questionnaire change (tracker.i18n.Refusal)."""


def request_sections(user: User, case: Case, codes: list[str], due_on: date | None
                     ) -> list[PortalRequest]:
    """Ask the candidate for the sections *codes* of the questionnaire on *case* (of the
    user's company). Refuses a section unknown for the case's scheme or still open."""
    if case.company_id != user.company_id:
        raise QuestionnaireError(N_("This case belongs to another company."))
    account = account_for_case(case)
    if account is None or not account.active:
        raise QuestionnaireError(N_("Invite the candidate to the portal first."))
    known = [section for section in questionnaire.sections_for(case.scheme)
             if section.code in codes]
    if len(known) != len(set(codes)) or not known:
        raise QuestionnaireError(N_("Choose sections of this case's questionnaire."))
    open_ones = set(db.session.scalars(sa.select(PortalRequest.section).where(
        PortalRequest.company_id == case.company_id, PortalRequest.case_id == case.id,
        PortalRequest.kind == "section", PortalRequest.status.in_(UNFINISHED))))
    if taken := [section for section in known if section.code in open_ones]:
        raise QuestionnaireError(Text("Already asked and not yet accepted: %(sections)s.",
                                      sections=", ".join(str(s.title) for s in taken)))
    made = [PortalRequest(company_id=case.company_id, case_id=case.id, account_id=account.id,
                          kind="section", section=section.code, due_on=due_on,
                          requested_by_id=user.id, requested_at=utcnow()) for section in known]
    db.session.add_all(made)
    db.session.flush()
    record("portal_sections_requested", "case", case.id, company_id=case.company_id,
           user_id=user.id, changes={"portal_sections": [None, [s.code for s in known]]},
           summary=f"Asked the candidate for {', '.join(str(s.title) for s in known)}"
                   f" by {due_on or 'no set date'}")
    db.session.commit()
    return made


def section_of(request: PortalRequest, case: Case) -> Section:
    """The section a request asks for (the case's scheme decides the scheme's own)."""
    found = questionnaire.section(request.section or "", case.scheme)
    if found is None:  # the case's scheme changed since: nothing left to ask
        raise QuestionnaireError(N_("This section no longer applies to the case."))
    return found


def answers_of(request: PortalRequest) -> dict[str, PortalAnswer]:
    """The request's answers by field code."""
    rows = db.session.scalars(sa.select(PortalAnswer).where(
        PortalAnswer.company_id == request.company_id, PortalAnswer.request_id == request.id))
    return {row.field: row for row in rows}


def decoded(field: questionnaire.Field, text: str) -> Any:
    """An answer's value for a form (None where the text is not one any more)."""
    try:
        return questionnaire.decode(field, text)
    except ValueError:
        return None


def form_data(request: PortalRequest, section: Section, person: Candidate) -> dict[str, Any]:
    """What the section's form starts with: the candidate's answers so far, else the
    record's current values."""
    answers = answers_of(request)
    return {field.code: decoded(field, answers[field.code].value) if field.code in answers
            else getattr(person, field.code) for field in section.fields}


def can_answer(request: PortalRequest) -> bool:
    """Whether the candidate may still change the answers (asked, or sent back)."""
    return request.status in OPEN_REQUEST_STATUSES


def problems(section: Section, person: Candidate, values: dict[str, Any]) -> dict[str, str]:
    """The record's own checks (candidates.services) on the record as the answers would
    make it, kept to the section's fields: field → message (an N_ string or a Text).
    A duplicate passport is HR's to find when accepting, not the candidate's to learn."""
    data = {name: getattr(person, name) for name in FIELDS}
    data.update(values)
    codes = {field.code for field in section.fields}
    return {name: message for name, message in value_problems(data).items() if name in codes}


@dataclass(frozen=True)
class Saved:
    """What a save changed: the fields whose answer is new or different."""

    changed: list[str]


def save_answers(account: PortalAccount, request: PortalRequest, section: Section,
                 values: dict[str, Any]) -> Saved:
    """Keep the candidate's answers *values* (field code → the form's value; fields a
    form check refused are left out by the caller) as pending; the request stays open."""
    if not can_answer(request):
        raise QuestionnaireError(N_("This section is with HR: it cannot be changed now."))
    changed = _store(request, section, values)
    if changed:
        record("portal_answers_saved", "case", request.case_id, company_id=request.company_id,
               changes={"portal_answers": [None, changed]},
               summary=f"{section.title}: answers saved by the candidate (portal account "
                       f"{account.id})")
    db.session.commit()
    return Saved(changed)


def _store(request: PortalRequest, section: Section, values: dict[str, Any]) -> list[str]:
    """Write *values* onto the request's answer rows; the codes whose text changed."""
    answers, changed = answers_of(request), []
    for field in section.fields:
        if field.code not in values:
            continue
        text = questionnaire.encode(field, values[field.code])
        row = answers.get(field.code)
        if row is None:
            db.session.add(PortalAnswer(company_id=request.company_id, request_id=request.id,
                                        field=field.code, value=text))
            changed.append(field.code)
        elif row.value != text:
            row.value, row.status, row.reason = text, "pending", ""
            row.reviewed_by_id = row.reviewed_at = None
            changed.append(field.code)
    return changed


def send_section(account: PortalAccount, request: PortalRequest, section: Section,
                 values: dict[str, Any]) -> None:
    """Save *values* (every field checked by the caller) and send the section to HR:
    the request is "submitted"; answers HR returned are offered to HR again."""
    if not can_answer(request):
        raise QuestionnaireError(N_("This section is with HR: it cannot be changed now."))
    changed = _store(request, section, values)
    db.session.flush()
    for row in answers_of(request).values():
        if row.status == "returned":
            row.status, row.reason = "pending", ""
    before = request.status
    request.status, request.reason, request.submitted_at = "submitted", "", utcnow()
    record("portal_section_sent", "case", request.case_id, company_id=request.company_id,
           changes={"status": [before, "submitted"],
                    **({"portal_answers": [None, changed]} if changed else {})},
           summary=f"{section.title}: sent to HR by the candidate (portal account "
                   f"{account.id})")
    db.session.commit()


def section_requests(case: Case) -> list[PortalRequest]:
    """The case's section requests, the newest first (HR's side: scoped by the case)."""
    return list(db.session.scalars(sa.select(PortalRequest).where(
        PortalRequest.company_id == case.company_id, PortalRequest.case_id == case.id,
        PortalRequest.kind == "section").order_by(PortalRequest.id.desc())))


def own_sections(account: PortalAccount, case: Case) -> list[PortalRequest]:
    """The section requests of the candidate's case (the candidate's side: scoped by
    their account through portal/scope.py), the newest first."""
    return list(db.session.scalars(scope.own_requests_query(account).where(
        PortalRequest.case_id == case.id, PortalRequest.kind == "section")
        .order_by(PortalRequest.id.desc())))

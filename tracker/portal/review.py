"""HR's review of a section the candidate sent: each answer beside the record, and the
decisions — accept (the answer is written to the Candidate record through HR's own
edit service, candidates.services.update_candidate, with its checks and its audit) or
return with a reason (the candidate answers again).

Nothing reaches the record without HR's acceptance. An answer the record's checks
refuse today (a passport another candidate holds, a date that no longer fits) stays
pending, and HR is told why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _

from tracker.audit.services import record
from tracker.auth.models import User
from tracker.candidates.forms import NOT_ON_LIST, CandidateForm
from tracker.candidates.models import Candidate
from tracker.candidates.services import FIELDS, CandidateError, check_candidate, update_candidate
from tracker.cases.models import Case
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.forms_common import YES
from tracker.i18n import N_
from tracker.portal import questionnaire
from tracker.portal.answers import QuestionnaireError, answers_of, section_of
from tracker.portal.models import PortalAnswer, PortalRequest
from tracker.portal.questionnaire import Field, Section
from tracker.text import hkdate

# HR reads the scheme's section under its own name ("Questions for your scheme" is the
# candidate's).
HR_SCHEME_TITLE = N_("The scheme's own questions")
INVALID_NOW = N_("This answer is not a value the record can hold.")
RECORD_PROBLEM = N_("The candidate's record has a problem of its own: correct it on the "
                    "candidate's page first.")


@dataclass(frozen=True)
class ReviewRow:
    """One field of a section: the record's value now and the candidate's answer."""

    field: Field
    record_text: str  # questionnaire.encode of the record's value
    answer: PortalAnswer | None

    @property
    def differs(self) -> bool:
        return self.answer is not None and self.answer.value != self.record_text

    @property
    def open(self) -> bool:
        """Waiting for HR's decision."""
        return self.answer is not None and self.answer.status == "pending"


def hr_title(section: Section) -> str:
    """A section's name on HR's pages (N_-marked English: translated where shown)."""
    return HR_SCHEME_TITLE if section.code == questionnaire.SCHEME_SECTION else section.title


def request_title(request: PortalRequest, case: Case) -> str:
    """What a section request asks for, as HR reads it."""
    found = questionnaire.section(request.section or "", case.scheme)
    return hr_title(found) if found else str(request.section)


def review_rows(request: PortalRequest, section: Section, person: Candidate) -> list[ReviewRow]:
    """Every field of the section, in its order, with the record's value and the answer."""
    answers = answers_of(request)
    return [ReviewRow(item, questionnaire.encode(item, getattr(person, item.code)),
                      answers.get(item.code)) for item in section.fields]


def shown_value(item: Field, text: str) -> str:
    """An answer's (or the record's) text as a reader sees it, in their language."""
    if text == "":
        return _("Not known")
    if item.code == "talent_list_profession":
        return _("Not on the Talent List") if text == NOT_ON_LIST else text
    if item.kind == "yes_no":
        return _("Yes") if text == YES else _("No")
    if item.kind == "choice":
        choices = getattr(CandidateForm, item.code).kwargs.get("choices", ())
        labels = {choice.value: choice.label for choice in choices}
        return str(labels.get(text, text))
    try:
        if item.kind == "date":
            return hkdate(date.fromisoformat(text))
        if item.kind == "number":
            return f"{int(text):,}"
    except ValueError:
        pass
    return text


@dataclass
class Outcome:
    """What one review did: the fields accepted and returned, and those refused (field →
    message: an N_ string or a Text)."""

    accepted: list[str] = field(default_factory=list)
    returned: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)


def review(user: User, request: PortalRequest, case: Case, accepted: list[str],
           returned: list[str], reason: str) -> Outcome:
    """Accept the answers *accepted* (onto the record) and return *returned* with
    *reason*; answers equal to the record need no decision and count as accepted."""
    answers = _pending(user, request, case, [*accepted, *returned])
    person = case.candidate
    outcome = Outcome()
    now = utcnow()
    for code in returned:
        _decide(answers[code], "returned", user, now, reason.strip())
        outcome.returned.append(code)
    values = _acceptable(person, {code: answers[code] for code in accepted}, outcome)
    for code in values:
        _decide(answers[code], "accepted", user, now)
        outcome.accepted.append(code)
    _finish(user, request, case, reason.strip(), outcome, now)
    if values:
        data = {name: getattr(person, name) for name in FIELDS} | values
        try:
            update_candidate(person, data)  # writes, audits each field, commits it all
        except CandidateError as error:
            db.session.rollback()
            raise QuestionnaireError(error.message) from None
    else:
        db.session.commit()
    return outcome


def return_section(user: User, request: PortalRequest, case: Case, reason: str) -> Outcome:
    """Send the whole section back: every answer not yet accepted returns with *reason*."""
    answers = _pending(user, request, case, [])
    outcome, now = Outcome(), utcnow()
    for code, row in answers.items():
        if row.status != "accepted":
            _decide(row, "returned", user, now, reason.strip())
            outcome.returned.append(code)
    _finish(user, request, case, reason.strip(), outcome, now)
    db.session.commit()
    return outcome


def _pending(user: User, request: PortalRequest, case: Case, codes: list[str]
             ) -> dict[str, PortalAnswer]:
    """The request's answers, once sure HR of its company may decide *codes* now."""
    if request.company_id != user.company_id or case.id != request.case_id:
        raise QuestionnaireError(N_("This case belongs to another company."))
    if request.status != "submitted":
        raise QuestionnaireError(N_("The candidate has not sent this section (again) yet."))
    answers = answers_of(request)
    if any(code not in answers or answers[code].status != "pending" for code in codes):
        raise QuestionnaireError(N_("Choose answers that are waiting for review."))
    return answers


def _acceptable(person: Candidate, chosen: dict[str, PortalAnswer], outcome: Outcome
                ) -> dict[str, Any]:
    """The chosen answers as record values, less those the record's checks refuse now
    (put in outcome.refused with the reason)."""
    values: dict[str, Any] = {}
    for code, row in chosen.items():
        try:
            values[code] = questionnaire.decode(questionnaire.Field(code), row.value)
        except ValueError:
            outcome.refused[code] = INVALID_NOW
    data = {name: getattr(person, name) for name in FIELDS} | values
    problems = check_candidate(person.company_id, data, person.id)
    for code, message in problems.items():
        if code in values:
            outcome.refused[code] = message
        else:  # the record fails on its own: nothing can be saved onto it
            outcome.refused.update({chosen_code: RECORD_PROBLEM for chosen_code in values})
    return {code: value for code, value in values.items() if code not in outcome.refused}


def _decide(row: PortalAnswer, status: str, user: User, now: Any, reason: str = "") -> None:
    row.status, row.reason, row.reviewed_by_id, row.reviewed_at = status, reason, user.id, now


def _finish(user: User, request: PortalRequest, case: Case, reason: str,
            outcome: Outcome, now: Any) -> None:
    """Settle the request's status and audit the review (the caller commits)."""
    person = case.candidate
    for item in review_rows(request, section_of(request, case), person):
        if item.open and item.field.code not in outcome.refused \
                and item.answer is not None and not item.differs:
            _decide(item.answer, "accepted", user, now)  # the record already says so
    statuses = {row.status for row in answers_of(request).values()}
    before = request.status
    if "returned" in statuses:
        request.status, request.reason = "returned", reason
    elif statuses <= {"accepted"}:
        request.status, request.reason = "accepted", ""
    request.reviewed_by_id, request.reviewed_at = user.id, now
    changes: dict[str, list[Any]] = {
        "status": [before, request.status], "portal_accepted": [None, outcome.accepted],
        "portal_returned": [None, outcome.returned],
        "portal_refused": [None, sorted(outcome.refused)],
        "portal_reason": [None, reason if outcome.returned else ""]}
    record("portal_answers_reviewed", "case", case.id, company_id=request.company_id,
           user_id=user.id, changes={k: v for k, v in changes.items() if v[1] != v[0] and v[1]},
           summary=f"{hr_title(section_of(request, case))}: the candidate's answers reviewed "
                   f"for {person.full_name}")


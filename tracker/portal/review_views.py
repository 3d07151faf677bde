"""HR's side of the questionnaire: ask the candidate for sections, and review what they
send — each answer beside the record, accepted field by field or returned with a
reason. One page per case (/cases/<id>/questionnaire), linked from the case page.

Every record is the signed-in user's company's (tenancy.get_or_404 and the request's
company and case); the candidate hears of each decision by e-mail.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response

from tracker.cases.models import Case
from tracker.cases.page import CASE_SECTIONS
from tracker.extensions import db
from tracker.forms_common import add_refusals
from tracker.i18n import N_, shown
from tracker.permissions import Role, role_required
from tracker.portal import answers, review
from tracker.portal.answers import QuestionnaireError
from tracker.portal.documents import account_for_case
from tracker.portal.models import PortalRequest
from tracker.portal.questionnaire import Field
from tracker.portal.questionnaire_forms import ReturnSectionForm, ReviewForm, SectionRequestForm
from tracker.portal.questionnaire_mail import queue_requested, queue_reviewed
from tracker.tenancy import get_or_404

bp = Blueprint("portal_review", __name__, url_prefix="/cases/<int:case_id>/questionnaire")

MAIL_DOWN = N_("The candidate's e-mail could not be sent: the background service is "
               "unreachable. They will see it in the portal.")


def _request_of(case: Case, request_id: int) -> PortalRequest:
    """The case's section request (of the user's company), else 404."""
    found = db.session.scalar(sa.select(PortalRequest).where(
        PortalRequest.id == request_id, PortalRequest.company_id == current_user.company_id,
        PortalRequest.case_id == case.id, PortalRequest.kind == "section"))
    if found is None:
        abort(404)
    return found


def _prefix(found: PortalRequest) -> str:
    """The field names of a request's forms: by section, since a case has one open
    request per section (answers.request_sections) and only open ones show forms."""
    return f"{found.section}-"


def _page(case: Case, bound: FlaskForm | None = None, bound_id: int | None = None,
          ask: SectionRequestForm | None = None) -> str:
    """The case's questionnaire page; *bound* is the posted review form of request
    *bound_id* when it is shown again with its errors."""
    staff = current_user.can(Role.STAFF)
    items = []
    for found in answers.section_requests(case):
        try:
            section = answers.section_of(found, case)
        except QuestionnaireError:
            continue  # the scheme changed since: that section no longer exists
        rows = review.review_rows(found, section, case.candidate)
        forms: dict[str, FlaskForm | None] = {"form": None, "return_form": None}
        if staff and found.status == "submitted":
            forms = {"form": ReviewForm(formdata=None, prefix=_prefix(found)),
                     "return_form": ReturnSectionForm(formdata=None, prefix=_prefix(found))}
            if bound is not None and bound_id == found.id:  # shown again, with its errors
                forms["form" if isinstance(bound, ReviewForm) else "return_form"] = bound
        items.append({"request": found, "section": section, "rows": rows, **forms})
    if ask is None and staff:
        ask = SectionRequestForm(formdata=None).offer(case.scheme)
    return render_template("portal/review.html", case=case, items=items, ask=ask,
                           bound=bound, account=account_for_case(case),
                           shown_value=review.shown_value, hr_title=review.hr_title)


@bp.get("")
@role_required(Role.VIEWER)
def page(case_id: int) -> str:
    """What was asked of the candidate on the case, and their answers to review."""
    return _page(get_or_404(Case, case_id))


@bp.post("/ask")
@role_required(Role.STAFF)
def ask(case_id: int) -> str | Response:
    """Ask the candidate for sections, by a date: one e-mail for the batch."""
    case = get_or_404(Case, case_id)
    form = SectionRequestForm().offer(case.scheme)
    if not form.validate():
        return _page(case, ask=form)
    try:
        made = answers.request_sections(current_user._get_current_object(), case,
                                        list(form.sections.data or ()), form.due_on.data)
    except QuestionnaireError as error:
        add_refusals(form, {"sections": error.shown()})
        return _page(case, ask=form)
    flash(ngettext("%(num)d section asked of the candidate.",
                   "%(num)d sections asked of the candidate.", len(made)), "success")
    if not queue_requested(made):
        flash(_(MAIL_DOWN), "warning")
    return redirect(url_for("portal_review.page", case_id=case.id))


@bp.post("/<int:request_id>/review")
@role_required(Role.STAFF)
def decide(case_id: int, request_id: int) -> str | Response:
    """Accept some answers (onto the record) and return others with a reason."""
    case = get_or_404(Case, case_id)
    found = _request_of(case, request_id)
    form = ReviewForm(prefix=_prefix(found))
    if not form.validate():
        return _page(case, form, found.id)
    accepted, returned = list(form.accepted.data or ()), list(form.returned.data or ())
    try:
        outcome = review.review(current_user._get_current_object(), found, case, accepted,
                                returned, form.reason.data or "")
    except QuestionnaireError as error:
        add_refusals(form, {"accepted": error.shown()})
        return _page(case, form, found.id)
    return _reviewed(case, found, outcome, form.reason.data or "")


@bp.post("/<int:request_id>/return")
@role_required(Role.STAFF)
def return_section(case_id: int, request_id: int) -> str | Response:
    """Send the whole section back to the candidate with a reason."""
    case = get_or_404(Case, case_id)
    found = _request_of(case, request_id)
    form = ReturnSectionForm(prefix=_prefix(found))
    if not form.validate():
        return _page(case, form, found.id)
    try:
        outcome = review.return_section(current_user._get_current_object(), found, case,
                                        form.reason.data or "")
    except QuestionnaireError as error:
        add_refusals(form, {"reason": error.shown()})
        return _page(case, form, found.id)
    return _reviewed(case, found, outcome, form.reason.data or "")


def _reviewed(case: Case, found: PortalRequest, outcome: review.Outcome,
              reason: str) -> Response:
    """Say what was done (and refused), mail the candidate, back to the request."""
    if outcome.accepted or outcome.returned:
        flash(_("Saved: %(accepted)d accepted onto the record, %(returned)d returned to "
                "the candidate.", accepted=len(outcome.accepted),
                returned=len(outcome.returned)), "success")
        if not queue_reviewed(found, outcome.accepted, outcome.returned, reason.strip()):
            flash(_(MAIL_DOWN), "warning")
    for code, message in outcome.refused.items():
        flash(_("Not accepted: %(field)s — %(reason)s", field=Field(code).label,
                reason=shown(message)), "danger")
    return redirect(url_for("portal_review.page", case_id=case.id) + f"#request-{found.id}")


def case_section(case: Case, _today: date) -> Markup:
    """The case page's questionnaire panel: what was asked and where it stands."""
    return Markup(render_template("portal/_hr_questionnaire.html", case=case,
                                  requests=answers.section_requests(case),
                                  label=review.request_title))


CASE_SECTIONS.append(case_section)

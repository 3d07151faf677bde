"""The candidate's questionnaire pages: one page per requested section.

The page starts with the candidate's answers so far, else the record's values. Save
keeps what the fields accept (as pending answers) and says what they refuse; "Save and
send to HR" sends the section once every answer passes the checks HR's candidate form
makes. The page's script (static/portal/autosave.js) saves on each change by the same
POST, asking for JSON; without it the buttons do the same.

Routes live on the portal's blueprint (views.bp): the guard and the portal session
apply to them like to every portal page, and scope.py finds the request or 404s.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from tracker.candidates.forms import TalentListField
from tracker.candidates.models import Candidate
from tracker.forms_common import add_refusals
from tracker.i18n import shown
from tracker.portal import answers, scope
from tracker.portal.answers import QuestionnaireError
from tracker.portal.guard import current_account
from tracker.portal.home import request_label
from tracker.portal.models import PortalAccount, PortalRequest
from tracker.portal.questionnaire import Section
from tracker.portal.questionnaire_forms import SectionForm, section_form
from tracker.portal.review import shown_value
from tracker.portal.views import bp

Page = str | Response | tuple[Response, int]


def by_fetch() -> bool:
    """A post from the page's autosave script, which wants JSON back."""
    return request.headers.get("X-Requested-With") == "fetch"


def _account() -> PortalAccount:
    account = current_account()
    assert account is not None  # guard.py sends anyone without one to the sign-in
    return account


def _found(request_id: int) -> tuple[PortalRequest, Section, Candidate]:
    """The candidate's own section request, its section and the person it is about."""
    account = _account()
    found = scope.own_request_or_404(account, request_id)
    if found.kind != "section":
        abort(404)
    case = scope.own_case_or_404(account, found.case_id)
    try:
        return found, answers.section_of(found, case), case.candidate
    except QuestionnaireError:
        abort(404)


def _value(field: Any) -> Any:
    """A field's value as the record holds it (the Talent List's "not on it" is "")."""
    return field.profession if isinstance(field, TalentListField) else field.data


@bp.route("/requests/<int:request_id>/section", methods=["GET", "POST"])
def section(request_id: int) -> Page:
    """A requested section: its form while the candidate may answer, else the answers."""
    found, asked, person = _found(request_id)
    if request.method == "GET":
        form = section_form(asked, data=answers.form_data(found, asked, person))
        return _page(found, asked, person, form)
    form = section_form(asked)
    form.validate()  # every field's own check; the record's checks follow in _post
    if "csrf_token" in form.errors:
        return _refused(found, _("The form expired; please try again."))
    if not answers.can_answer(found):
        return _refused(found, _("This section is with HR: it cannot be changed now."))
    return _post(found, asked, person, form)


def _post(found: PortalRequest, asked: Section, person: Candidate, form: SectionForm) -> Page:
    """Check every answer at once (the fields' own checks, then the record's); keep
    them only when all pass, as for any form; send the section if asked to. Only the
    fields the post carries count (a post without them changes nothing)."""
    values = {field.name: _value(field) for field in form.answer_fields()
              if field.raw_data and not field.errors}
    problems = answers.problems(asked, person, values)
    add_refusals(form, {name: shown(message) for name, message in problems.items()})
    if any(field.errors for field in form):
        if by_fetch():
            return jsonify(ok=False, message=_("Not saved: correct the answers marked."),
                           errors={f.id: [str(e) for e in f.errors] for f in form if f.errors})
        return _page(found, asked, person, form)
    if form.send.data:
        answers.send_section(_account(), found, asked, values)
        flash(_("Thank you: “%(section)s” is sent to HR. You will hear when they have "
                "reviewed it.", section=_(asked.title)), "success")
        return redirect(url_for("portal.case", case_id=found.case_id))
    answers.save_answers(_account(), found, asked, values)
    message = _("Saved. Send the section to HR when it is complete.")
    if by_fetch():
        return jsonify(ok=True, message=message, errors={})
    flash(message, "success")
    return redirect(url_for("portal.section", request_id=found.id))


def _refused(found: PortalRequest, message: str) -> Page:
    if by_fetch():
        return jsonify(ok=False, message=message, errors={}), 400
    flash(message, "warning")
    return redirect(url_for("portal.section", request_id=found.id))


def _page(found: PortalRequest, asked: Section, person: Candidate, form: SectionForm) -> str:
    """The form, with HR's word on each answer; once sent, the answers as sent. The
    person is named when the section is about a dependant."""
    given = answers.answers_of(found)
    sent = [(field.label, shown_value(field, given[field.code].value if field.code in given
                                      else "")) for field in asked.fields]
    return render_template("portal/questionnaire_section.html", request_=found, section=asked,
                           form=form, answers=given, sent=sent, person=person,
                           can_answer=answers.can_answer(found))


def own_sections(case_id: int) -> list[tuple[PortalRequest, str]]:
    """Every section asked of the signed-in candidate on their case *case_id*, the
    newest first, with its title (for the case page: sent and accepted ones too)."""
    account = _account()
    case = scope.own_case_or_404(account, case_id)
    return [(row, request_label(row, case)) for row in answers.own_sections(account, case)]


@bp.context_processor
def sections_helper() -> dict[str, Any]:
    """Portal pages may list a case's sections (templates/portal/_questionnaire_list.html)."""
    return {"own_sections": own_sections}

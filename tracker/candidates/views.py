"""Candidate pages: list with search, add, edit, detail; the case form's candidate search."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from tracker.candidates import services
from tracker.candidates.forms import (
    ADVISOR_FIELDS,
    ADVISOR_GROUPS,
    CandidateForm,
    SearchForm,
    advisor_facts,
)
from tracker.candidates.models import QUALIFICATION_LEVELS, Candidate
from tracker.candidates.passport import passport_flag
from tracker.clock import today
from tracker.permissions import Role, role_required
from tracker.tenancy import get_or_404

bp = Blueprint("candidates", __name__, url_prefix="/candidates")

# Sections that packages drawn above the candidates add to the person's page (the
# immigration status of tracker/people): each renders its HTML for the candidate.
PERSON_SECTIONS: list[Callable[[Candidate], Markup]] = []


def _form_data(form: CandidateForm) -> dict:
    data = {name: form[name].data for name in services.FIELDS}
    data["talent_list_profession"] = form.talent_list_profession.profession
    return data


@bp.get("/", strict_slashes=False)
@role_required(Role.VIEWER)
def index() -> str:
    """The company's candidates, searchable by name or passport number."""
    form = SearchForm(request.args)
    text = (form.q.data or "") if form.validate() else ""
    page = services.search_candidates(current_user.company_id, text,
                                      request.args.get("page", 1, type=int))
    return render_template("candidates/list.html", form=form, result=page, q=text)


@bp.get("/lookup")
@role_required(Role.STAFF)
def lookup() -> Response | tuple[Response, int]:
    """JSON [{id, label}] of up to 20 of the company's candidates matching ?q=.

    The case form's Candidate field searches here as one types (STAFF, like
    the case form, its only user). A blank q answers the newest candidates.
    """
    form = SearchForm(request.args)
    if not form.validate():
        return jsonify(error=" ".join(form.q.errors)), 400
    rows = services.lookup_candidates(current_user.company_id, form.q.data or "")
    return jsonify([{"id": number, "label": label} for number, label in rows])


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.STAFF)
def create() -> str | Response:
    """Add a candidate."""
    form = CandidateForm()
    if form.validate_on_submit():
        try:
            candidate = services.create_candidate(current_user.company_id, _form_data(form))
        except services.CandidateError as error:
            form[error.field or "full_name"].errors.append(_(str(error)))  # N_-marked in services
        else:
            flash(_("Candidate %(name)s added.", name=candidate.full_name), "success")
            return redirect(url_for("candidates.show", candidate_id=candidate.id))
    return render_template("candidates/form.html", form=form, candidate=None,
                           groups=ADVISOR_GROUPS, advisor_fields=ADVISOR_FIELDS)


@bp.get("/<int:candidate_id>")
@role_required(Role.VIEWER)
def show(candidate_id: int) -> str:
    """A candidate's details, passport flag and cases."""
    candidate = get_or_404(Candidate, candidate_id, selectinload(Candidate.cases))
    cases = candidate.cases
    case_flags = {case.id: passport_flag(candidate.passport_expiry, today(),
                                         case.intended_start_date) for case in cases}
    return render_template(
        "candidates/show.html", candidate=candidate, cases=cases, case_flags=case_flags,
        flag=passport_flag(candidate.passport_expiry, today()),
        levels=dict(QUALIFICATION_LEVELS),
        advisor_facts=advisor_facts(candidate),
        sections=[section(candidate) for section in PERSON_SECTIONS])


@bp.route("/<int:candidate_id>/edit", methods=["GET", "POST"])
@role_required(Role.STAFF)
def edit(candidate_id: int) -> str | Response:
    """Change a candidate's details."""
    candidate = get_or_404(Candidate, candidate_id)
    form = CandidateForm(obj=candidate)
    if form.validate_on_submit():
        try:
            services.update_candidate(candidate, _form_data(form))
        except services.CandidateError as error:
            form[error.field or "full_name"].errors.append(_(str(error)))  # N_-marked in services
        else:
            flash(_("Candidate %(name)s saved.", name=candidate.full_name), "success")
            return redirect(url_for("candidates.show", candidate_id=candidate.id))
    return render_template("candidates/form.html", form=form, candidate=candidate,
                           groups=ADVISOR_GROUPS, advisor_fields=ADVISOR_FIELDS)

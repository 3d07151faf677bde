"""Candidate pages: list with search, add, edit, detail; the case form's candidate search."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from tracker.candidates import dependants, services
from tracker.candidates.forms import (
    ADVISOR_GROUPS,
    MAIN_GROUPS,
    RELATION_NAMES,
    CandidateForm,
    DependantForm,
    SearchForm,
    advisor_facts,
)
from tracker.candidates.models import QUALIFICATION_LEVELS, Candidate
from tracker.candidates.passport import passport_flag
from tracker.clock import today
from tracker.extensions import db
from tracker.forms_common import add_refusals, checked_data
from tracker.i18n import shown
from tracker.permissions import Role, role_required
from tracker.rules.text import translated
from tracker.tenancy import get_in_company, get_or_404

bp = Blueprint("candidates", __name__, url_prefix="/candidates")

# Sections that packages drawn above the candidates add to the person's page (the
# immigration status of tracker/people): each renders its HTML for the candidate.
PERSON_SECTIONS: list[Callable[[Candidate], Markup]] = []


def _form_data(form: CandidateForm) -> dict:
    """The posted values; a field its own check refused counts as not given."""
    data = checked_data(form, services.FIELDS)
    if not form.talent_list_profession.errors:
        data["talent_list_profession"] = form.talent_list_profession.profession
    return data


def _checked(form: CandidateForm, company_id: int, candidate_id: int | None = None) -> bool:
    """Whether a post can be saved; if not, every problem is on its field in one round
    (the fields' own checks and the service's alike)."""
    if not form.is_submitted():
        return False
    fields_valid = form.validate()
    problems = services.check_candidate(company_id, _form_data(form), candidate_id)
    add_refusals(form, {name: shown(message) for name, message in problems.items()})
    return fields_valid and not problems


def _refuse(form: CandidateForm, error: services.CandidateError) -> None:
    """A refusal at saving (a passport recorded meanwhile): on its fields."""
    add_refusals(form, {name or "full_name": shown(message)
                        for name, message in error.errors.items()})


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
    if _checked(form, current_user.company_id):
        try:
            candidate = services.create_candidate(current_user.company_id, _form_data(form))
        except services.CandidateError as error:
            _refuse(form, error)
        else:
            flash(_("Candidate %(name)s added.", name=candidate.full_name), "success")
            return redirect(url_for("candidates.show", candidate_id=candidate.id))
    return render_template("candidates/form.html", form=form, candidate=None,
                           main_groups=MAIN_GROUPS, groups=ADVISOR_GROUPS)


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
        sections=[section(candidate) for section in PERSON_SECTIONS],
        **_family(candidate))


def _family(candidate: Candidate) -> dict[str, Any]:
    """The Dependants section: a principal's dependants, or a dependant's principal."""
    if candidate.principal_id is not None:
        principal = get_in_company(Candidate, candidate.principal_id, candidate.company_id)
        return {"principal": principal, "dependants": [],
                "relation_names": RELATION_NAMES}
    return {"principal": None, "dependants": dependants.dependant_rows(candidate, today()),
            "relation_names": RELATION_NAMES}


@bp.route("/<int:candidate_id>/edit", methods=["GET", "POST"])
@role_required(Role.STAFF)
def edit(candidate_id: int) -> str | Response:
    """Change a candidate's details."""
    candidate = get_or_404(Candidate, candidate_id)
    form = CandidateForm(obj=candidate)
    if _checked(form, candidate.company_id, candidate.id):
        try:
            services.update_candidate(candidate, _form_data(form))
        except services.CandidateError as error:
            _refuse(form, error)
        else:
            flash(_("Candidate %(name)s saved.", name=candidate.full_name), "success")
            return redirect(url_for("candidates.show", candidate_id=candidate.id))
    return render_template("candidates/form.html", form=form, candidate=candidate,
                           main_groups=MAIN_GROUPS, groups=ADVISOR_GROUPS)


def _dependant_input(form: DependantForm) -> dependants.DependantInput:
    """The posted values; a field its own check refused counts as not given."""
    def value(name: str) -> Any:
        return None if form[name].errors else form[name].data

    return dependants.DependantInput(
        relation=form.relation.data or "", full_name=value("full_name") or "",
        chinese_name=value("chinese_name") or "", nationality=value("nationality") or "",
        date_of_birth=value("date_of_birth"), passport_number=value("passport_number") or "",
        passport_expiry=value("passport_expiry"))


def _save_dependant(form: DependantForm, save: Callable[[dependants.DependantInput], object],
                    check: Callable[[dependants.DependantInput], object]) -> bool:
    """Validate and save; on refusal put every message on its field. True once saved."""
    fields_valid = form.validate()
    data = _dependant_input(form)
    try:
        if fields_valid:
            save(data)
            return True
        check(data)  # a field refused on its own: still say every other problem now
    except dependants.DependantError as error:
        for name, message in error.errors.items():
            if not form[name].errors:  # a field's own error says enough
                form[name].errors = [*form[name].errors, message]
    return False


def _dependant_of_company(dependant_id: int) -> Candidate:
    """The company's dependant (404 for anyone else, or a person who is not a dependant)."""
    dependant = get_or_404(Candidate, dependant_id)
    if dependant.principal_id is None:
        abort(404)
    return dependant


@bp.route("/<int:candidate_id>/dependants/new", methods=["GET", "POST"])
@role_required(Role.STAFF)
def add_dependant(candidate_id: int) -> str | Response:
    """Record a spouse, partner or child of the person: every problem refused at once."""
    principal = get_or_404(Candidate, candidate_id)
    form = DependantForm()
    if form.is_submitted() and _save_dependant(
            form, lambda data: dependants.add_dependant(principal, data, today(),
                                                        current_user.id),
            lambda data: dependants.check_dependant(principal, data, today())):
        flash(_("Dependant %(name)s added.", name=(form.full_name.data or "").strip()),
              "success")
        return redirect(url_for("candidates.show", candidate_id=principal.id) + "#dependants")
    return render_template("candidates/dependant_form.html", form=form, principal=principal,
                           dependant=None)


@bp.route("/<int:candidate_id>/dependant", methods=["GET", "POST"])
@role_required(Role.STAFF)
def edit_dependant(candidate_id: int) -> str | Response:
    """Change a dependant's relation, names, date of birth or passport."""
    dependant = _dependant_of_company(candidate_id)
    principal = db.session.get_one(Candidate, dependant.principal_id)
    form = DependantForm(obj=dependant)
    if form.is_submitted() and _save_dependant(
            form, lambda data: dependants.update_dependant(dependant, data, today(),
                                                           current_user.id),
            lambda data: dependants.check_dependant(principal, data, today(), dependant)):
        flash(_("Dependant %(name)s saved.", name=dependant.full_name), "success")
        return redirect(url_for("candidates.show", candidate_id=principal.id) + "#dependants")
    return render_template("candidates/dependant_form.html", form=form, principal=principal,
                           dependant=dependant)


@bp.post("/<int:candidate_id>/remove-dependant")
@role_required(Role.STAFF)
def remove_dependant(candidate_id: int) -> Response:
    """Remove a dependant recorded by mistake (refused once they have cases)."""
    dependant = _dependant_of_company(candidate_id)
    principal_id, name = dependant.principal_id, dependant.full_name
    try:
        dependants.remove_dependant(dependant, current_user.id)
    except dependants.DependantError as error:
        for message in error.errors.values():
            flash(translated(message), "danger")
    else:
        flash(_("Dependant %(name)s removed.", name=name), "success")
    return redirect(url_for("candidates.show", candidate_id=principal_id) + "#dependants")

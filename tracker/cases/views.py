"""Case pages: list, open, edit, detail, stage moves, corrections, HKID registration."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker.candidates.services import candidate_choice
from tracker.cases import continuation, list_filters, services
from tracker.cases.bulk_views import bulk_form
from tracker.cases.continuation import StartRefused
from tracker.cases.contract import (
    ContractError,
    ContractInput,
    start_renewed_contract,
    update_contract,
)
from tracker.cases.corrections import CorrectionRefused, correct_fact, correction_problems
from tracker.cases.forms import (
    CaseForm,
    ContractForm,
    EmployerChangeForm,
    HkidForm,
    correction_form,
    fact_values,
    move_form,
)
from tracker.cases.listing import SEARCH_COUNT_CAP, case_page, stage_counts
from tracker.cases.models import Case
from tracker.cases.moves import MoveRefused, move_case, recorded_dates
from tracker.cases.page import case_page_context
from tracker.cases.queries import allotment_choices, load_case, owner_choices, position_choices
from tracker.clock import today
from tracker.forms_common import add_refusals, checked_data
from tracker.permissions import Role, role_required
from tracker.rules.case_kinds import KINDS
from tracker.rules.schemes import case_stage_label, workflow_for_case
from tracker.rules.text import translated
from tracker.rules.workflow import correctable_facts

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.get("/", strict_slashes=False)
@role_required(Role.VIEWER)
def index() -> str:
    """Cases with counts per stage, filters, search, sorting and pages."""
    company = current_user.company_id
    owners = owner_choices(company)  # the filter's and the bulk bar's
    form = list_filters.filter_form(request.args, company, owners)
    filters = list_filters.read_filters(form)
    # A search's counts are capped (see stage_counts), except when sorting by stage,
    # which needs them exact: counting once, exactly, beats counting twice.
    cap = SEARCH_COUNT_CAP if filters.text.strip() and filters.sort != "stage" else None
    counts = stage_counts(company, today(), filters, cap=cap)
    capped = cap is not None and sum(counts.values()) > cap
    page = case_page(company, filters, today(), request.args.get("page", 1, type=int),
                     counts=None if capped else counts)
    # Only the filter fields travel in links (url_for treats "_scheme"-like keys specially).
    page_args = {k: v for k, v in request.args.items() if k in form._fields}
    stage_args = {k: v for k, v in page_args.items() if k != "stage"}  # for the count links
    # Filtered to one scheme, the counts use its workflow's labels; else labels true
    # for every workflow (case_stage_label falls back to them for "").
    return render_template("cases/list.html", form=form, result=page, counts=counts,
                           filters=filters, page_args=page_args, stage_args=stage_args,
                           stage_label=partial(case_stage_label, filters.scheme),
                           capped=capped, count_cap=cap, kinds=KINDS,
                           bulk_form=bulk_form(owners))


def _case_form(form: CaseForm) -> CaseForm:
    """The form's choices: the company's rows, and of its candidates the chosen one only."""
    company = current_user.company_id
    form.set_choices(allotment_choices(company), position_choices(company),
                     owner_choices(company))
    form.offer_candidate(candidate_choice(company, form.candidate_id.data),
                         url_for("candidates.lookup"))
    return form


def _case_input(form: CaseForm) -> services.CaseInput:
    """The posted values; a field its own check refused counts as not given."""
    return services.CaseInput(**checked_data(form, services.FIELDS))


def _show_errors(form: CaseForm, error: services.CaseInputError) -> None:
    add_refusals(form, error.errors)


def _checked(form: CaseForm, case: Case | None = None) -> bool:
    """Whether a post can be saved; if not, every problem is on its field in one round
    (the fields' own checks and the service's alike)."""
    if not form.is_submitted():
        return False
    if form.validate():
        return True
    try:
        services.check_input(current_user.company_id, _case_input(form), case)
    except services.CaseInputError as error:
        _show_errors(form, error)
    return False


# What a link may pre-fill on the new-case form (the route advisor's "Open a case
# on this route"); every value is still checked by the service on save.
PREFILL = ("candidate_id", "scheme", "job_title", "monthly_salary", "allotment_id",
           "position_id", "talent_list_profession")


def _prefill() -> dict[str, object]:
    values: dict[str, object] = {"owner_id": current_user.id}
    for name in PREFILL:
        value: str | int | None = (request.args.get(name, type=int) if name == "monthly_salary"
                                   else request.args.get(name, ""))
        if value not in ("", None):
            values[name] = value
    return values


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.STAFF)
def create() -> str | Response:
    """Open a case for a candidate (fields may be pre-filled from the link)."""
    form = _case_form(CaseForm(**_prefill()))
    if _checked(form):
        try:
            case = services.create_case(current_user.company_id, _case_input(form),
                                        current_user.id)
        except services.CaseInputError as error:
            _show_errors(form, error)
        else:
            flash(_("Case opened."), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/form.html", form=form, case=None)


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
@role_required(Role.STAFF)
def edit(case_id: int) -> str | Response:
    """Change a case's details."""
    case = load_case(case_id)
    form = _case_form(CaseForm(data=services.form_defaults(case)))  # a POST overrides these
    if case.quota_held:  # shown locked, with the reason: the case's values, whatever is posted
        form.lock({name: getattr(case, name) for name in services.QUOTA_BOUND})
    if _checked(form, case):
        try:
            services.update_case(case, _case_input(form))
        except services.CaseInputError as error:
            _show_errors(form, error)
        else:
            flash(_("Case saved."), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/form.html", form=form, case=case)


@bp.get("/<int:case_id>")
@role_required(Role.VIEWER)
def show(case_id: int) -> str:
    """The case: details, passport flag, eligibility, documents, moves and timeline."""
    case = load_case(case_id)
    return render_template("cases/show.html", **case_page_context(case, today()))


@bp.post("/<int:case_id>/move")
@role_required(Role.STAFF)
def move(case_id: int) -> str | Response:
    """Move the case to another stage (refused moves change nothing)."""
    case = load_case(case_id)
    workflow = workflow_for_case(case.scheme, case.kind)
    form = move_form(workflow, case.stage, recorded_dates(case), today())
    if form.validate_on_submit():
        try:
            result = move_case(case.id, case.company_id, form.to_stage.data,
                               note=form.note.data or "", facts=fact_values(form, workflow),
                               user_id=current_user.id)
        except MoveRefused as refusal:
            flash(_("Move refused: %(reason)s", reason=translated(refusal.message)), "danger")
        else:
            flash(_("Moved to %(stage)s.", stage=translated(workflow.label(result.case.stage))),
                  "success")
            for text in result.notices:
                flash(translated(text), "info")
            for text in result.warnings:
                flash(translated(text), "warning")
            return redirect(url_for("cases.show", case_id=case.id))
    else:
        flash(_("The move was not saved: check the fields of the move form."), "danger")
    case = load_case(case_id)
    return render_template("cases/show.html", **case_page_context(case, today(), move=form))


@bp.post("/<int:case_id>/facts/<fact>/correct")
@role_required(Role.STAFF)
def correct(case_id: int, fact: str) -> str | Response:
    """Correct one recorded stage fact, with a reason (refused corrections change nothing)."""
    case = load_case(case_id)
    definition = correctable_facts().get(fact)
    if definition is None:
        abort(404)
    form = correction_form(definition)
    valid = form.validate_on_submit()
    if form.is_submitted() and not form.value.errors:  # every problem at once, on the field
        problems = correction_problems(case, fact, form.value.data, today())
        form.value.errors = [*form.value.errors, *problems]
        valid = valid and not problems
    if valid:
        try:
            result = correct_fact(case.id, case.company_id, current_user, fact,
                                  form.value.data, form.reason.data or "")
        except CorrectionRefused as refusal:
            form.value.errors = [*form.value.errors, *refusal.problems]
        else:
            flash(_("%(fact)s corrected.", fact=translated(definition.label)), "success")
            for text in result.notices:
                flash(translated(text), "info")
            return redirect(url_for("cases.show", case_id=case.id))
    flash(_("The correction of “%(fact)s” was not saved: see the reasons under the field.",
            fact=translated(definition.label)), "danger")
    case = load_case(case_id)
    return render_template("cases/show.html",
                           **case_page_context(case, today(), correction=(fact, form)))


@bp.post("/<int:case_id>/contract")
@role_required(Role.STAFF)
def contract(case_id: int) -> str | Response:
    """NET: record the contract dates, the renewal decision and the gratuity rate."""
    case = load_case(case_id)
    form = ContractForm()
    if form.validate_on_submit():
        data = ContractInput(form.contract_start.data, form.contract_end.data,
                             form.renewal_decision.data, form.gratuity_rate_percent.data)
        try:
            update_contract(case, data, current_user.id)
        except ContractError as error:
            if not error.field:
                flash(translated(error.message), "danger")
                return redirect(url_for("cases.show", case_id=case.id))
            form[error.field].errors.append(error.message)
        else:
            flash(_("Contract saved."), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/show.html",
                           **case_page_context(case, today(), contract=form))


@bp.post("/<int:case_id>/contract/renew")
@role_required(Role.STAFF)
def renew_contract(case_id: int) -> Response:
    """NET: replace a contract marked "renewed" by the next two-year contract."""
    case = load_case(case_id)
    try:
        start_renewed_contract(case, current_user.id)
    except ContractError as error:
        flash(translated(error.message), "danger")
    else:
        flash(_("The renewed contract is now recorded."), "success")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.post("/<int:case_id>/hkid")
@role_required(Role.STAFF)
def hkid(case_id: int) -> str | Response:
    """Record that the employee has registered for an HKID card."""
    case = load_case(case_id)
    form = HkidForm()
    if form.validate_on_submit():
        try:
            services.mark_hkid_registered(case, form.hkid_registered_on.data)
        except services.HkidError as error:
            form.hkid_registered_on.errors = [*form.hkid_registered_on.errors, error.message]
        else:
            flash(_("HKID registration recorded."), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/show.html", **case_page_context(case, today(), hkid=form))


@bp.post("/<int:case_id>/extension")
@role_required(Role.STAFF)
def start_extension(case_id: int) -> Response:
    """Open the extension of stay of this case and go to it (the Workforce page and the
    limit-of-stay reminder lead here too); a refusal comes back to the case."""
    case = load_case(case_id)  # another company's case: 404
    try:
        extension = continuation.start_extension(case.id, case.company_id, current_user.id)
    except StartRefused as refusal:
        flash(_("The extension of stay was not started: %(reason)s",
                reason=translated(refusal.message)), "danger")
        return redirect(url_for("cases.show", case_id=case.id))
    flash(_("Extension of stay opened."), "success")
    return redirect(url_for("cases.show", case_id=extension.id))


@bp.post("/<int:case_id>/change-of-employment")
@role_required(Role.STAFF)
def start_change_of_employment(case_id: int) -> str | Response:
    """Open the change of employment of this case's person, who joins from another employer."""
    case = load_case(case_id)
    form = EmployerChangeForm()
    if form.validate_on_submit():
        try:
            change = continuation.start_change_of_employment(case.id, case.company_id,
                                                form.previous_employer.data, current_user.id)
        except StartRefused as refusal:
            form.previous_employer.errors = [*form.previous_employer.errors, refusal.message]
        else:
            flash(_("Change of employment opened."), "success")
            return redirect(url_for("cases.show", case_id=change.id))
    flash(_("The change of employment was not started: see the reason under the field."),
          "danger")
    case = load_case(case_id)
    return render_template("cases/show.html",
                           **case_page_context(case, today(), employer_change=form))

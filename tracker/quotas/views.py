"""TechTAS quota pages: allotments with their positions, and applications to ITC."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker.clock import today
from tracker.forms_common import required
from tracker.permissions import Role, role_required
from tracker.quotas import applications, queries, services
from tracker.quotas.forms import (
    AllotmentForm,
    ApplicationForm,
    ApplicationStatusForm,
    ConfirmForm,
)
from tracker.quotas.models import QuotaAllotment, QuotaApplication
from tracker.quotas.status import (
    basis_of,
    newest_validity,
    offered_rule,
    validity_flag,
    validity_months,
    validity_table,
)
from tracker.quotas.validation import QuotaError, allotment_problems
from tracker.rules.techtas import technology_areas
from tracker.rules.techtas_rules import quota_validity
from tracker.tenancy import get_in_company, get_or_404

bp = Blueprint("quotas", __name__, url_prefix="/quotas")

@bp.get("/")
@role_required(Role.VIEWER)
def allotments() -> str:
    """Every allotment with its status, days left and used / total quotas."""
    return render_template("quotas/allotments.html",
                           rows=queries.company_allotments(current_user.company_id, today()))


@bp.get("/<int:allotment_id>")
@role_required(Role.VIEWER)
def allotment(allotment_id: int) -> str:
    """One allotment: positions with used / remaining, days left, the cases using it."""
    found = queries.load_allotment(allotment_id)
    return render_template("quotas/allotment.html", summary=queries.summarise(found, today()),
                           cases=queries.allotment_cases(found), delete_form=ConfirmForm(),
                           flag=validity_flag(found))


def _application_for(form: AllotmentForm) -> QuotaApplication | None:
    """The application an allotment is created from (query string or posted id), or 404."""
    raw = form.application_id.data or request.args.get("application")
    if not raw:
        return None
    application = get_in_company(QuotaApplication, raw, current_user.company_id)
    if application is None:
        abort(404)
    form.application_id.data = str(application.id)
    return application


def _render_form(form: AllotmentForm, allotment: QuotaAllotment | None = None,
                 application: QuotaApplication | None = None) -> str:
    on = form.allotment_date.data or today()
    months = validity_months()
    form.set_areas(technology_areas(on))
    form.follow_allotment_date(months)
    used = {p.id: p.used for p in allotment.positions} if allotment else {}
    return render_template("quotas/allotment_form.html", form=form, allotment=allotment,
                           application=application, used=used, months=months,
                           rule=quota_validity(on), offer=offered_rule(on, months),
                           newest=newest_validity(), validity_table=validity_table())


def _checked(form: AllotmentForm, allotment: QuotaAllotment | None = None) -> bool:
    """Whether a post can be saved; if not, every problem is on its field in one round
    (the fields' own checks and the letter's rules on what they could read)."""
    if not form.is_submitted():
        return False
    if form.validate():
        return True
    data, unread = form.read_input()
    current = {p.id: p for p in allotment.positions} if allotment else None
    form.show_problems(allotment_problems(current_user.company_id, data, allotment=allotment,
                                          current=current, unread=unread))
    return False


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.STAFF)
def new_allotment() -> str | Response:
    """Record an allotment letter, optionally from an application (?application=<id>)."""
    form = AllotmentForm()
    application = _application_for(form)
    if not form.is_submitted():
        form.allotment_date.data = today()  # "Valid until" follows it (_render_form)
        if application is not None:
            prefill = applications.allotment_prefill(application, today())
            form.itc_reference.data = prefill.itc_reference
            form.total_quotas.data = prefill.total_quotas
    elif form.handle_row_buttons() or form.handle_validity_choice():
        return _render_form(form, application=application)
    form.drop_blank_positions()
    if _checked(form):
        try:
            created = services.create_allotment(current_user.company_id, form.to_input(),
                                                validity_months=validity_months(),
                                                application=application)
        except QuotaError as error:
            form.show_error(error)
        else:
            flash(_("Allotment %(reference)s saved.", reference=created.itc_reference), "success")
            return redirect(url_for("quotas.allotment", allotment_id=created.id))
    return _render_form(form, application=application)


@bp.route("/<int:allotment_id>/edit", methods=["GET", "POST"])
@role_required(Role.STAFF)
def edit_allotment(allotment_id: int) -> str | Response:
    """Correct an allotment; a position never drops below the quotas cases use."""
    found = get_or_404(QuotaAllotment, allotment_id)
    form = AllotmentForm(obj=found)
    if not form.is_submitted():
        for entry, position in zip(form.positions, found.positions, strict=True):
            entry.form.position_id.data = str(position.id)
        # A stored date that is what a basis gives keeps following the allotment date.
        form.validity_basis.data = basis_of(found.allotment_date, found.valid_until,
                                            validity_months())
        form.valid_until_prefilled.data = found.valid_until.isoformat()
    elif form.handle_row_buttons() or form.handle_validity_choice():
        return _render_form(form, found)
    form.drop_blank_positions()
    if not form.posted_position_ids() <= {p.id for p in found.positions}:
        abort(404)  # a position id of another allotment or company
    if _checked(form, found):
        try:
            services.update_allotment(found, form.to_input(), validity_months=validity_months())
        except QuotaError as error:
            form.show_error(error)
        else:
            flash(_("Allotment %(reference)s updated.", reference=found.itc_reference), "success")
            return redirect(url_for("quotas.allotment", allotment_id=found.id))
    return _render_form(form, found)


@bp.post("/<int:allotment_id>/delete")
@role_required(Role.STAFF)
def delete_allotment(allotment_id: int) -> Response:
    """Delete an allotment that no case refers to."""
    found = get_or_404(QuotaAllotment, allotment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    reference = found.itc_reference
    try:
        services.delete_allotment(found)
    except QuotaError as error:
        flash(error.shown(), "danger")
        return redirect(url_for("quotas.allotment", allotment_id=allotment_id))
    flash(_("Allotment %(reference)s deleted.", reference=reference), "success")
    return redirect(url_for("quotas.allotments"))


@bp.get("/applications")
@role_required(Role.VIEWER)
def application_list() -> str:
    """Applications sent to ITC and what became of them."""
    return render_template("quotas/applications.html",
                           rows=applications.company_applications(current_user.company_id))


@bp.route("/applications/new", methods=["GET", "POST"])
@role_required(Role.STAFF)
def new_application() -> str | Response:
    """Record a quota application sent to ITC."""
    form = ApplicationForm()
    form.default_date(today())
    if form.validate_on_submit():
        data = applications.ApplicationInput(
            submitted_on=required(form.submitted_on.data),
            requested_quotas=required(form.requested_quotas.data),
            reference=form.reference.data or "", notes=form.notes.data or "")
        try:
            applications.create_application(current_user.company_id, data, today())
        except QuotaError as error:
            getattr(form, error.field or "submitted_on").errors.append(error.shown())
        else:
            flash(_("Quota application saved."), "success")
            return redirect(url_for("quotas.application_list"))
    return render_template("quotas/application_form.html", form=form)


@bp.get("/applications/<int:application_id>")
@role_required(Role.VIEWER)
def application(application_id: int) -> str:
    """An application, with its status form for staff."""
    found = get_or_404(QuotaApplication, application_id)
    return render_template("quotas/application.html", application=found,
                           form=ApplicationStatusForm(obj=found))


@bp.post("/applications/<int:application_id>")
@role_required(Role.STAFF)
def change_application(application_id: int) -> str | Response:
    """Change an application's status and notes."""
    found = get_or_404(QuotaApplication, application_id)
    form = ApplicationStatusForm()
    if form.validate_on_submit():
        try:
            changed = applications.update_application(found, form.status.data,
                                                      form.notes.data or "")
        except QuotaError as error:
            form.status.errors = [*form.status.errors, error.shown()]
        else:
            flash(_("Application updated.") if changed else _("Nothing changed."), "success")
            return redirect(url_for("quotas.application_list"))
    return render_template("quotas/application.html", application=found, form=form)

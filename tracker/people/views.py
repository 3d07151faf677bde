"""The Workforce list, the person's status section, and recording a status as the visa shows it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from tracker.candidates.models import Candidate
from tracker.candidates.views import PERSON_SECTIONS
from tracker.cases import continuation
from tracker.cases.continuation import StartRefused
from tracker.cases.queries import owner_choices
from tracker.clock import today
from tracker.people import list_filters, services
from tracker.people.forms import (
    JoiningChangeForm,
    RecordStatusForm,
    days_label,
)
from tracker.people.person import person_stay
from tracker.people.status import recordable_schemes
from tracker.people.workforce import DAYS_CHOICES, workforce_page
from tracker.permissions import Role, role_required
from tracker.rules.dependants import RELATIONS
from tracker.rules.employer_change import EMPLOYER_CHANGES
from tracker.rules.residence import NOT_MODELLED
from tracker.rules.stay import describe_window
from tracker.rules.text import translated
from tracker.tenancy import get_or_404
from tracker.text import hkdate

bp = Blueprint("people", __name__)


@bp.get("/workforce")
@role_required(Role.VIEWER)
def workforce() -> str:
    """Every person with a status in force, fewest days left first, with filters and pages."""
    company = current_user.company_id
    form = list_filters.filter_form(request.args, company)
    filters = list_filters.read_filters(form)
    page = workforce_page(company, filters, today(), request.args.get("page", 1, type=int))
    # Only the filter fields travel in the pager's links.
    page_args = {k: v for k, v in request.args.items() if k in form._fields}
    return render_template("people/workforce.html", form=form, result=page, filters=filters,
                           page_args=page_args, days_label=days_label, days_choices=DAYS_CHOICES)


def _record_form(**kwargs: object) -> RecordStatusForm:
    form = RecordStatusForm(**kwargs)
    form.set_choices(recordable_schemes(), owner_choices(current_user.company_id),
                     str(get_locale()))
    return form


def _joining_form(**kwargs: object) -> JoiningChangeForm:
    # Prefixed: its fields sit on the person's page beside the record form's.
    form = JoiningChangeForm(prefix="joining", **kwargs)
    form.set_choices(tuple(EMPLOYER_CHANGES), owner_choices(current_user.company_id),
                     str(get_locale()))
    return form


def status_section(candidate: Candidate) -> Markup:
    """The person's page section: status, chain, fees; where none holds, the forms recording
    one and starting the change of employment of someone joining from another employer."""
    on = today()
    stay = person_stay(candidate.company_id, candidate.id, on)
    form = joining = None
    if stay.status is None and current_user.can(Role.STAFF):
        form = _record_form(formdata=None, owner_id=current_user.id)
        joining = _joining_form(formdata=None, owner_id=current_user.id)
    relation = RELATIONS.get(candidate.relation or "")
    return Markup(render_template(
        "people/_status.html", stay=stay, candidate=candidate, form=form, joining=joining,
        residence_note=NOT_MODELLED,
        relation_label=relation.label if relation else "",
        window_text=describe_window(stay.status.window, on) if stay.status else ""))


PERSON_SECTIONS.append(status_section)


def _input(form: RecordStatusForm) -> services.StatusInput:
    """The posted values; a field its own check refused counts as not given."""
    def value(name: str) -> object:
        return None if form[name].errors else form[name].data

    return services.StatusInput(
        scheme=form.scheme.data or "", visa_number=str(value("visa_number") or ""),
        visa_issued_on=value("visa_issued_on"),  # type: ignore[arg-type]
        limit_of_stay_until=value("limit_of_stay_until"),  # type: ignore[arg-type]
        arrived_on=value("arrived_on"),  # type: ignore[arg-type]
        owner_id=value("owner_id"))  # type: ignore[arg-type]


@bp.route("/people/<int:candidate_id>/record-status", methods=["GET", "POST"])
@role_required(Role.STAFF)
def record_status(candidate_id: int) -> str | Response:
    """Record an employee already on a visa: the visa's facts, checked all at once."""
    person = get_or_404(Candidate, candidate_id)
    form = _record_form(**({} if request.method == "POST" else {"owner_id": current_user.id}))
    if form.is_submitted():
        fields_valid = form.validate()
        data = _input(form)
        try:
            if fields_valid:
                services.record_status(person, data, today(), current_user.id)
                flash(_("Status of %(name)s recorded: %(scheme)s until %(date)s.",
                        name=person.full_name, scheme=data.scheme,
                        date=hkdate(data.limit_of_stay_until)), "success")
                return redirect(url_for("candidates.show", candidate_id=person.id))
            # A field refused on its own: still say every other problem now.
            services.check_input(person.company_id, person, data, today())
        except services.StatusInputError as error:
            for name, message in error.errors.items():
                if not form[name].errors:  # a field's own error says enough
                    form[name].errors = [*form[name].errors, message]
    return render_template("people/record.html", form=form, candidate=person)


@bp.route("/people/<int:candidate_id>/change-of-employment", methods=["GET", "POST"])
@role_required(Role.STAFF)
def start_change_of_employment(candidate_id: int) -> str | Response:
    """Open the change of employment of a person joining from another employer with no
    case here, and go to it; a refusal shows on the form, saying why."""
    person = get_or_404(Candidate, candidate_id)
    form = _joining_form(**({} if request.method == "POST" else {"owner_id": current_user.id}))
    refusal = None
    if form.validate_on_submit():
        try:
            case = continuation.start_joining_change(
                person.id, person.company_id, form.scheme.data or "",
                form.previous_employer.data, form.owner_id.data, current_user.id)
        except StartRefused as refused:
            refusal = translated(refused.message)  # formatted into a sentence
        else:
            flash(_("Change of employment opened."), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template("people/joining.html", form=form, candidate=person,
                           refusal=refusal)

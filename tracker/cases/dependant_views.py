"""Dependants' own cases: starting their ID 997 application from the principal's page, and
extending their stays with the sponsor's approved extension (its case page offers it)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from tracker.candidates.forms import ExtendDependantsForm
from tracker.candidates.models import Candidate
from tracker.cases import dependants
from tracker.cases.models import Case
from tracker.cases.page import CASE_SECTIONS, case_page_context
from tracker.cases.queries import load_case
from tracker.clock import today
from tracker.permissions import Role, role_required
from tracker.rules.text import translated
from tracker.tenancy import get_or_404
from tracker.text import hkdate

bp = Blueprint("dependants", __name__)


@bp.post("/dependants/<int:candidate_id>/application")
@role_required(Role.STAFF)
def start_application(candidate_id: int) -> Response:
    """Open the dependant's own visa application (ID 997), sponsored by the principal's case."""
    dependant = get_or_404(Candidate, candidate_id)
    try:
        case = dependants.start_application(dependant.id, current_user.company_id, today(),
                                            current_user.id)
    except dependants.DependantCaseRefused as refusal:
        flash(translated(refusal.message), "danger")
        target = dependant.principal_id or dependant.id
        return redirect(url_for("candidates.show", candidate_id=target) + "#dependants")
    flash(_("The dependant visa application of %(name)s is opened.",
            name=dependant.full_name), "success")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.post("/cases/<int:case_id>/extend-dependants")
@role_required(Role.STAFF)
def extend_with_sponsor(case_id: int) -> str | Response:
    """Extend the chosen dependants' stays to the sponsor's new limit of stay; a refusal
    re-renders the case page with the reason (nothing written)."""
    case = load_case(case_id)
    form = ExtendDependantsForm()
    if form.validate_on_submit():
        try:
            created = dependants.extend_with_sponsor(case.id, current_user.company_id,
                                                     form.dependants.data or [],
                                                     current_user.id)
        except dependants.DependantCaseRefused as refusal:
            flash(translated(refusal.message), "danger")
        else:
            flash(ngettext("%(num)d dependant's stay extended to %(date)s.",
                           "%(num)d dependants' stays extended to %(date)s.", len(created),
                           date=hkdate(case.limit_of_stay_until)), "success")
            return redirect(url_for("cases.show", case_id=case.id) + "#extend-dependants")
    else:
        flash(_("Choose the dependants whose stays to extend."), "danger")
    return render_template("cases/show.html", **case_page_context(load_case(case_id), today()))


def extension_offer_section(case: Case, on: date) -> Markup:
    """The approved extension's offer to extend the dependants' stays with it ("" otherwise)."""
    offers = dependants.extension_offers(case)
    if not offers:
        return Markup("")
    return Markup(render_template("cases/_extend_dependants.html", case=case, offers=offers,
                                  form=ExtendDependantsForm(formdata=None)))


CASE_SECTIONS.append(extension_offer_section)

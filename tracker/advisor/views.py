"""The route advisor page of a candidate: "Which routes fit?"."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from tracker.advisor.forms import OfferForm
from tracker.advisor.services import OfferInput, advise_candidate
from tracker.candidates.models import Candidate
from tracker.clock import today
from tracker.permissions import Role, role_required
from tracker.tenancy import get_or_404

bp = Blueprint("advisor", __name__, url_prefix="/candidates")


def _offer(form: OfferForm) -> OfferInput:
    """The typed offer; a field that did not validate counts as not given."""

    def ok(name: str) -> bool:
        return not form[name].errors

    return OfferInput(
        job_title=(form.job_title.data or "") if ok("job_title") else "",
        monthly_salary=form.monthly_salary.data if ok("monthly_salary") else None,
        technology_area=(form.technology_area.data or None) if ok("technology_area") else None,
        principally_rnd=form.principally_rnd.data if ok("principally_rnd") else None)


@bp.get("/<int:candidate_id>/routes")
@role_required(Role.VIEWER)
def routes(candidate_id: int) -> str:
    """Every admission route for the candidate, rule by rule (indicative)."""
    candidate = get_or_404(Candidate, candidate_id)
    form = OfferForm(request.args)
    form.validate()
    on = form.on.data if form.on.data and not form.on.errors else today()
    form.set_choices(on)
    advice = advise_candidate(candidate, _offer(form), on)
    return render_template("advisor/routes.html", candidate=candidate, form=form,
                           advice=advice)

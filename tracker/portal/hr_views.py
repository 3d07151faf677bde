"""HR's side of the portal: inviting a person (again), revoking access, and the panel
showing their portal state on the person's page and on their cases' pages.

The panel is added through the pages' own section hooks (candidates.views.PERSON_SECTIONS,
cases.page.CASE_SECTIONS), so the candidates and cases packages never import this one.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from tracker.auth.services import normalise_email
from tracker.auth.views import safe_next
from tracker.candidates.models import Candidate
from tracker.candidates.views import PERSON_SECTIONS
from tracker.cases.models import Case
from tracker.cases.page import CASE_SECTIONS
from tracker.forms_common import required
from tracker.permissions import Role, role_required
from tracker.portal import accounts
from tracker.portal.forms import InviteForm, RevokeForm
from tracker.portal.tasks import queue_invitation
from tracker.portal.throttle import mark_invited
from tracker.tenancy import get_or_404

bp = Blueprint("portal_hr", __name__)


def _back(candidate: Candidate) -> Response:
    """To the page the panel was on (the person's, or a case's), else the person's."""
    fallback = url_for("candidates.show", candidate_id=candidate.id)
    target = request.form.get("next")
    return redirect(safe_next(target) if target else fallback)


@bp.post("/candidates/<int:candidate_id>/portal/invite")
@role_required(Role.STAFF)
def invite(candidate_id: int) -> Response:
    """Invite the person to the portal, or send a new link (the old one stops working)."""
    candidate = get_or_404(Candidate, candidate_id)
    form = InviteForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
        return _back(candidate)
    try:
        invitation = accounts.invite(current_user._get_current_object(), candidate,
                                     required(form.email.data))
    except accounts.PortalError as error:
        flash(error.shown(), "danger")
        return _back(candidate)
    mark_invited()  # counts towards the invitations' throttle
    if queue_invitation(invitation.id):
        flash(_("Portal invitation sent to %(email)s.", email=normalise_email(
            required(form.email.data))), "success")
    else:
        flash(_("The invitation is saved, but its email could not be sent: the background "
                "service is unreachable. Please send it again in a few minutes."), "warning")
    return _back(candidate)


@bp.post("/candidates/<int:candidate_id>/portal/revoke")
@role_required(Role.STAFF)
def revoke(candidate_id: int) -> Response:
    """End the person's portal access at once (their open sessions included)."""
    candidate = get_or_404(Candidate, candidate_id)
    account = accounts.account_of(candidate)
    if account is None or not RevokeForm().validate_on_submit():
        flash(_("The form expired; please try again."), "warning")
        return _back(candidate)
    try:
        accounts.revoke(current_user._get_current_object(), account)
    except accounts.PortalError as error:
        flash(error.shown(), "warning")
    else:
        flash(_("Portal access revoked: the candidate is signed out."), "success")
    return _back(candidate)


def panel(candidate: Candidate, back: str) -> Markup:
    """The portal panel for *candidate*, its forms coming back to *back*."""
    state = accounts.portal_state(candidate)
    invite_form = revoke_form = None
    if current_user.can(Role.STAFF):
        email = state.account.email if state.account else candidate.email
        invite_form = InviteForm(formdata=None, email=email)
        if state.account is not None and state.account.active:
            revoke_form = RevokeForm(formdata=None)
    return Markup(render_template("portal/_hr_panel.html", state=state, candidate=candidate,
                                  invite_form=invite_form, revoke_form=revoke_form,
                                  back=back))


def person_section(candidate: Candidate) -> Markup:
    return panel(candidate, url_for("candidates.show", candidate_id=candidate.id))


def case_section(case: Case, _today: date) -> Markup:
    return panel(case.candidate, url_for("cases.show", case_id=case.id))


PERSON_SECTIONS.append(person_section)
CASE_SECTIONS.append(case_section)

"""The candidate portal's pages: sign-in (password or e-mailed code), the invitation
link, sign-out, the home page and a case's page.

Every page but the sign-in ones needs a portal session (guard.py); every record is
loaded through scope.py, so another person's case answers 404.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from tracker.auth.throttle import mark_failed_sign_in
from tracker.forms_common import required
from tracker.portal import home, scope, signin
from tracker.portal.forms import (
    CodeForm,
    CodeRequestForm,
    SetPasswordForm,
    SignInForm,
    SignOutForm,
)
from tracker.portal.guard import current_account
from tracker.portal.models import PortalAccount
from tracker.portal.tasks import queue_code

bp = Blueprint("portal", __name__, url_prefix="/portal")

CODE_EMAIL_KEY = "portal_code_email"  # the address a code was asked for, to pre-fill


def _account() -> PortalAccount:
    account = current_account()
    assert account is not None  # guard.py sends anyone without one to the sign-in
    return account


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> str | Response:
    """E-mail and password; a link to the code sign-in."""
    if current_account() is not None:
        return redirect(url_for("portal.home"))
    form = SignInForm()
    if form.validate_on_submit():
        account = signin.authenticate(required(form.email.data), required(form.password.data))
        if account is not None:
            signin.start_session(account)
            return redirect(url_for("portal.home"))
        mark_failed_sign_in()  # counts towards the portal's sign-in throttle
        flash(_("Email or password not recognised."), "danger")
    return render_template("portal/sign_in.html", form=form, code_form=CodeRequestForm(
        formdata=None))


@bp.route("/code", methods=["GET", "POST"])
def request_code() -> str | Response:
    """Ask for a 6-digit code by e-mail; the answer is the same for any address."""
    form = CodeRequestForm()
    if form.validate_on_submit():
        email = required(form.email.data)
        queue_code(email)
        return code_requested(email)
    return render_template("portal/request_code.html", form=form)


def code_requested(email: str) -> Response:
    """What every accepted code request sees, known address or not, throttled or not."""
    session[CODE_EMAIL_KEY] = email
    flash(_("If that email has access to a candidate portal, a code is on its way."), "info")
    return redirect(url_for("portal.enter_code"))


@bp.route("/code/enter", methods=["GET", "POST"])
def enter_code() -> str | Response:
    """Enter the e-mailed code to sign in."""
    form = CodeForm()
    if not form.is_submitted():
        form.email.data = session.get(CODE_EMAIL_KEY, "")
    if form.validate_on_submit():
        account = signin.check_code(required(form.email.data), required(form.code.data))
        if account is not None:
            signin.start_session(account)
            return redirect(url_for("portal.home"))
        mark_failed_sign_in()
        flash(_("Code not recognised. Check it, or ask for a new one."), "danger")
    return render_template("portal/enter_code.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept(token: str) -> str | Response | tuple[str, int]:
    """The invitation link: choose a password, then in. Opening it changes nothing (a
    mail scanner's fetch does no harm); the link is used up when the password is set."""
    invitation = signin.invitation_for(token)
    if invitation is None:
        return render_template("portal/invitation_invalid.html"), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        signin.accept_invitation(invitation, required(form.new_password.data))
        flash(_("Your password is set. Welcome to the candidate portal."), "success")
        return redirect(url_for("portal.home"))
    return render_template("portal/accept.html", form=form)


@bp.post("/sign-out")
def sign_out() -> Response:
    """Sign out here and in every other browser."""
    if SignOutForm().validate_on_submit():
        signin.sign_out(_account())
        flash(_("You are signed out."), "info")
        return redirect(url_for("portal.sign_in"))
    flash(_("The form expired; please try again."), "warning")
    return redirect(url_for("portal.home"))


@bp.get("/", endpoint="home")
def home_page() -> str:
    """The candidate's cases and their dependants': stage, what is asked, what is next."""
    cards = home.case_cards(_account(), str(get_locale()))
    return render_template("portal/home.html", cards=cards)


@bp.get("/cases/<int:case_id>")
def case(case_id: int) -> str:
    """One of the candidate's cases (404 for anyone else's)."""
    found = scope.own_case_or_404(_account(), case_id)
    card = next(c for c in home.case_cards(_account(), str(get_locale()))
                if c.case.id == found.id)
    return render_template("portal/case.html", card=card)

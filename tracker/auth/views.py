"""Sign-in, sign-out, password and e-mail changes, password reset; the admin's users pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker.auth import addresses, services
from tracker.auth.devices import remember_device
from tracker.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmEmailForm,
    EditUserForm,
    InviteUserForm,
    LanguageForm,
    LoginForm,
    ResendInvitationForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from tracker.auth.models import User
from tracker.auth.tasks import queue_email_change, queue_invitation, queue_password_reset
from tracker.auth.throttle import (
    mark_failed_sign_in,
    mark_invitation_resent,
    mark_reset_requested,
    reset_answer,
)
from tracker.auth.tokens import email_change_for_token, user_for_token
from tracker.forms_common import required
from tracker.i18n import N_, language_or_none, remember_choice
from tracker.permissions import Role, role_required
from tracker.tenancy import get_or_404

bp = Blueprint("auth", __name__)

BAD_CREDENTIALS = N_("Email or password is not correct.")
NOT_QUEUED = N_("The email could not be sent: the background service is unreachable. "
                "Please try again in a few minutes.")


def safe_next(target: str | None) -> str:
    """Only follow same-site relative redirects after sign-in.

    Browsers read "//evil.example", "/\\evil.example" and "/<tab>/evil.example"
    as another site, so a target must be a plain path: no scheme, no host, no
    backslash, no control character.
    """
    if (target and target.startswith("/") and "\\" not in target
            and not any(ord(char) < 32 for char in target)):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and not target.startswith("//"):
            return target
    return url_for("main.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Show the sign-in form; sign the user in on good credentials."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(required(form.email.data), required(form.password.data))
        if user is not None:
            services.sign_in(user)
            # This browser is now a known device of the account (see devices.py).
            return remember_device(redirect(safe_next(request.args.get("next"))), user.email)
        mark_failed_sign_in()  # counts towards the sign-in throttle
        flash(_(BAD_CREDENTIALS), "danger")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@role_required(Role.VIEWER)
def logout() -> Response:
    """Sign out of every session of this user."""
    services.sign_out(current_user._get_current_object())
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@role_required(Role.VIEWER)
def change_password() -> str | Response:
    """Change one's own password (asks for the current one)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user._get_current_object(), required(form.current_password.data),
                required(form.new_password.data),
            )
        except services.AccountError as error:
            form.current_password.errors = [*form.current_password.errors, error.shown()]
        else:
            flash(_("Password changed. Other sessions were signed out."), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/language", methods=["GET", "POST"])
@role_required(Role.VIEWER)
def account_language() -> str | Response:
    """Choose one's interface language, or follow the browser's."""
    user = current_user._get_current_object()
    form = LanguageForm(language=user.language or "")
    if form.validate_on_submit():
        language = language_or_none(form.language.data)
        services.set_language(user, language)
        remember_choice(language)
        refresh()  # say it in the language just chosen
        flash(_("Language saved."), "success")
        return redirect(url_for("auth.account_language"))
    return render_template("auth/language.html", form=form)


@bp.route("/language", methods=["POST"])
def switch_language() -> Response:
    """The footer switch, for anyone: remember the choice (and store it as a signed-in
    user's setting), then go back to the page it was sent from, if that is on this site."""
    language = language_or_none(request.form.get("language"))
    if language:
        remember_choice(language)
        if current_user.is_authenticated:
            services.set_language(current_user._get_current_object(), language)
    return redirect(safe_next(request.form.get("next")))


@bp.route("/account/email", methods=["GET", "POST"])
@role_required(Role.VIEWER)
def change_email() -> str | Response:
    """Ask to change one's sign-in e-mail (asks for the current password): a link goes
    to the new address, and the e-mail changes when it is followed (confirm_email)."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            new_email = addresses.request_email_change(
                user, required(form.current_password.data), required(form.email.data))
        except services.AccountError as error:
            field = (form.current_password if str(error) == services.WRONG_CURRENT_PASSWORD
                     else form.email)
            field.errors = [*field.errors, error.shown()]
        else:
            if queue_email_change(user.id, new_email):
                flash(_("We sent a link to %(email)s. Your email changes when you follow it.",
                        email=new_email), "info")
                return redirect(url_for("main.dashboard"))
            form.email.errors = [*form.email.errors, _(NOT_QUEUED)]
    return render_template("auth/change_email.html", form=form)


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str) -> str | Response | tuple[str, int]:
    """Make the new address the sign-in e-mail: the page names it, its button confirms.

    Signed in or not: the link proves the new mailbox (often opened on another
    device), and the token names the account and the address. The GET changes
    nothing, so a mail scanner that fetches the link does no harm.
    """
    change = email_change_for_token(token, current_app.config["EMAIL_CHANGE_MAX_AGE"])
    if change is None:
        return render_template("auth/confirm_email.html", form=None), 400
    user, new_email = change
    form = ConfirmEmailForm()
    if not form.is_submitted():
        form.email.data = new_email
    if form.validate_on_submit():
        here = current_user.is_authenticated and current_user.id == user.id
        try:
            addresses.confirm_email_change(user, new_email, required(form.email.data),
                                           keep_session=here)
        except services.AccountError as error:
            form.email.errors = [*form.email.errors, error.shown()]
        else:
            if here:
                flash(_("Your sign-in email is now %(email)s. Other sessions were signed out.",
                        email=new_email), "success")
            else:
                flash(_("Your sign-in email is now %(email)s. Other sessions were signed out. "
                        "Please sign in with it.", email=new_email), "success")
            # Like a reset link, the link proved the mailbox: this browser is known.
            target = url_for("main.dashboard" if here else "auth.login")
            return remember_device(redirect(target), new_email)
    return render_template("auth/confirm_email.html", form=form, user=user,
                           new_email=new_email)


@bp.route("/reset", methods=["GET", "POST"])
def reset_request() -> str | Response:
    """Ask for a reset link; the answer is the same whether the e-mail exists or not.

    The link is sent by the worker, for known and unknown addresses alike
    (tracker/auth/tasks.py); requests are throttled (tracker/auth/throttle.py).
    """
    form = ResetRequestForm()
    if form.validate_on_submit():
        queue_password_reset(required(form.email.data))
        mark_reset_requested()  # counts towards the reset throttle
        return reset_answer()
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response:
    """Set a new password from an e-mailed link (time-limited, single-use)."""
    user = user_for_token(token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    if user is None:
        user = user_for_token(token, current_app.config["INVITE_MAX_AGE"])
        if user is None or user.password_hash is not None:
            flash(_("This link has expired or was already used. Ask for a new one."),
                  "warning")
            return redirect(url_for("auth.reset_request"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, required(form.new_password.data), action="password_reset")
        flash(_("Your password is set. Please sign in."), "success")
        # The link proved the mailbox: this browser may sign in even while someone
        # else's guessing holds up the account's untrusted clients.
        return remember_device(redirect(url_for("auth.login")), user.email)
    return render_template("auth/reset_password.html", form=form)


@bp.get("/company/users")
@role_required(Role.ADMIN)
def users() -> str:
    """List the company's users."""
    return render_template("auth/users.html",
                           users=services.company_users(current_user.company_id),
                           resend_form=ResendInvitationForm())


@bp.route("/company/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def invite_user() -> str | Response:
    """Invite a colleague: creates the account; the worker e-mails a set-password link.

    The answer is the same for an address that another company's account has (see
    tracker/auth/addresses.py).
    """
    form = InviteUserForm()
    if form.validate_on_submit():
        inviter = current_user._get_current_object()
        try:
            email = addresses.invite_user(inviter, required(form.email.data),
                                          required(form.full_name.data), Role(form.role.data))
        except services.AccountError as error:
            form.email.errors = [*form.email.errors, error.shown()]
        else:
            if queue_invitation(inviter.id, email):
                flash(_("Invitation sent to %(email)s.", email=email), "success")
            else:
                flash(_("The invitation to %(email)s is saved, but its email could not be sent: "
                        "the background service is unreachable. Once it is back, %(email)s can "
                        "ask for a link with “Forgot your password?” on the sign-in page.",
                        email=email), "warning")
            return redirect(url_for("auth.users"))
    return render_template("auth/invite.html", form=form)


@bp.post("/company/users/<int:user_id>/resend-invitation")
@role_required(Role.ADMIN)
def resend_invitation(user_id: int) -> Response:
    """Send a pending invitation again, with a fresh link (the earlier ones stop working).

    Throttled per invitee like the reset links an invitee can ask for
    (tracker/auth/throttle.py).
    """
    invitee = get_or_404(User, user_id)
    if not ResendInvitationForm().validate_on_submit():
        flash(_("The form expired; please try again."), "warning")
        return redirect(url_for("auth.users"))
    inviter = current_user._get_current_object()
    try:
        email = addresses.resend_invitation(inviter, invitee)
    except services.AccountError as error:
        flash(error.shown(), "warning")
        return redirect(url_for("auth.users"))
    mark_invitation_resent()  # counts towards the resend throttle
    if queue_invitation(inviter.id, email):
        flash(_("A new invitation was sent to %(email)s. The link sent before no longer "
                "works.", email=email), "success")
    else:
        flash(_("A new invitation to %(email)s is saved, but its email could not be sent: "
                "the background service is unreachable. Please try again in a few minutes.",
                email=email), "warning")
    return redirect(url_for("auth.users"))


@bp.route("/company/users/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_user(user_id: int) -> str | Response:
    """Change a user's role or deactivate them."""
    user = get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        try:
            services.update_user(user, Role(form.role.data), form.active.data)
        except services.AccountError as error:
            flash(error.shown(), "danger")
        else:
            flash(_("%(name)s updated.", name=user.full_name), "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/edit_user.html", form=form, user=user)

"""Company admin pages: users and settings."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker.auth.mail import send_invitation
from tracker.auth.models import User
from tracker.auth.services import AccountError
from tracker.companies import services
from tracker.companies.forms import CompanySettingsForm, EditUserForm, InviteUserForm
from tracker.forms_common import required
from tracker.permissions import Role, role_required
from tracker.tenancy import get_or_404

bp = Blueprint("companies", __name__, url_prefix="/company")


@bp.get("/users")
@role_required(Role.ADMIN)
def users() -> str:
    """List the company's users."""
    return render_template("companies/users.html",
                           users=services.company_users(current_user.company_id))


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def invite_user() -> str | Response:
    """Invite a colleague: creates the account and e-mails a set-password link."""
    form = InviteUserForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(current_user.company, required(form.email.data),
                                        required(form.full_name.data), Role(form.role.data))
        except AccountError as error:
            form.email.errors = [*form.email.errors, str(error)]
        else:
            send_invitation(user, current_user)
            flash(f"Invitation sent to {user.email}.", "success")
            return redirect(url_for("companies.users"))
    return render_template("companies/invite.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_user(user_id: int) -> str | Response:
    """Change a user's role or deactivate them."""
    user = get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        try:
            services.update_user(user, Role(form.role.data), form.active.data)
        except AccountError as error:
            flash(str(error), "danger")
        else:
            flash(f"{user.full_name} updated.", "success")
            return redirect(url_for("companies.users"))
    return render_template("companies/edit_user.html", form=form, user=user)


@bp.route("/settings", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def settings() -> str | Response:
    """Edit the company's details and reminder settings."""
    company = current_user.company
    form = CompanySettingsForm(obj=company)
    if form.validate_on_submit():
        try:
            services.update_company_settings(company, required(form.name.data),
                                             required(form.contact_email.data),
                                             required(form.quota_reminder_offsets.data))
        except AccountError as error:
            offsets = form.quota_reminder_offsets
            offsets.errors = [*offsets.errors, str(error)]
        else:
            flash("Settings saved.", "success")
            return redirect(url_for("companies.settings"))
    return render_template("companies/settings.html", form=form)

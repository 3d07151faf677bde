"""The company admin's settings page (the users pages: auth/views.py)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker.companies import services
from tracker.companies.forms import CompanySettingsForm
from tracker.companies.services import CompanyError
from tracker.forms_common import required
from tracker.permissions import Role, role_required

bp = Blueprint("companies", __name__, url_prefix="/company")


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
                                             required(form.quota_reminder_offsets.data),
                                             form.portal_invitation_days.data,
                                             portal_reminder_offsets=(
                                                 form.portal_reminder_offsets.data or None),
                                             portal_overdue_days=form.portal_overdue_days.data)
        except CompanyError as error:
            offsets = form.quota_reminder_offsets
            offsets.errors = [*offsets.errors, error.shown()]
        else:
            flash(_("Settings saved."), "success")
            return redirect(url_for("companies.settings"))
    return render_template("companies/settings.html", form=form)

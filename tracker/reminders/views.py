"""The Notifications page (the ledger, for admins) and each user's e-mail settings."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker.permissions import Role, role_required
from tracker.reminders import notifications
from tracker.reminders.forms import PreferencesForm, ResendForm
from tracker.reminders.models import STATUSES, ReminderLedger
from tracker.rules.reminders import KINDS
from tracker.tenancy import get_or_404

bp = Blueprint("reminders", __name__)


@bp.get("/notifications")
@role_required(Role.ADMIN)
def ledger() -> str:
    """Every reminder of the company: claimed, sent, failed or skipped, newest first."""
    status = request.args.get("status", "")
    page = notifications.ledger_page(current_user.company_id, status,
                                     request.args.get("page", 1, type=int))
    return render_template("reminders/notifications.html", page=page, status=status,
                           statuses=STATUSES, status_names=notifications.STATUS_NAMES,
                           kinds=KINDS,
                           last_scan=notifications.last_scan_for(current_user.company_id),
                           labels=notifications.labels_for(page.items), form=ResendForm())


@bp.post("/notifications/<int:ledger_id>/resend")
@role_required(Role.ADMIN)
def resend(ledger_id: int) -> Response:
    """Queue a failed reminder for sending again."""
    row = get_or_404(ReminderLedger, ledger_id)
    if not ResendForm().validate_on_submit():
        flash(_("The form expired; please try again."), "warning")
    else:
        try:
            queued = notifications.resend(row)
        except notifications.ReminderError as error:
            flash(error.shown(), "warning")
        else:
            if queued:
                flash(_("Reminder queued for sending."), "success")
            else:
                flash(_("Reminder marked for resending. The background service is unreachable "
                        "right now; it will be sent as soon as it is back."), "warning")
    return redirect(url_for("reminders.ledger", status=request.args.get("status") or None))


@bp.route("/account/notifications", methods=["GET", "POST"])
@role_required(Role.STAFF)
def preferences() -> str | Response:
    """Switch my reminder e-mails on or off, and choose the daily digest."""
    form = PreferencesForm(obj=current_user)
    if form.validate_on_submit():
        notifications.update_preferences(current_user, form.quota_reminders_enabled.data,
                                         form.daily_digest.data)
        flash(_("Email settings saved."), "success")
        return redirect(url_for("reminders.preferences"))
    return render_template("reminders/preferences.html", form=form)

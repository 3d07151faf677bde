"""The calendar feed: its secret address (public, the token is the key) and the account
page where the user issues, replaces or revokes it."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as Redirect

from tracker.auth.models import User
from tracker.calendar import feed, services
from tracker.calendar.forms import FeedForm, RevokeFeedForm
from tracker.extensions import db
from tracker.i18n import DEFAULT
from tracker.permissions import Role, role_required

bp = Blueprint("calendar", __name__)


@bp.get("/calendar/<token>.ics")
def ics(token: str) -> Response:
    """The feed of the token's user: 404 for a revoked, replaced or unknown token."""
    found = services.find(token)
    if found is None:
        abort(404)
    owner = found.user_id if found.scope == "mine" else None
    # A calendar app sends no language of its own: the events read in the user's.
    user = db.session.get(User, found.user_id)
    with force_locale((user.language if user else None) or DEFAULT):
        body = feed.calendar(found.company_id, owner, request.host_url, request.host)
    return Response(body, mimetype="text/calendar",
                    headers={"Cache-Control": "no-store",
                             "Content-Disposition": 'inline; filename="tracker.ics"'})


@bp.route("/account/calendar", methods=["GET", "POST"])
@role_required(Role.VIEWER)
def account() -> str | Redirect:
    """The user's feed: whether it is on, its address (shown to its owner only, read from
    the server each time: never carried in the session cookie) and what it holds."""
    form = FeedForm()
    if form.validate_on_submit():
        services.issue(current_user.id, current_user.company_id, form.scope.data)
        flash(_("Your new calendar address is below; any old one no longer works."),
              "success")
        return redirect(url_for("calendar.account"))
    existing = services.feed_of(current_user.id)
    token = services.token_of(existing) if existing is not None else None
    if existing is not None and not form.is_submitted():
        form.scope.data = existing.scope
    return render_template("calendar/account.html", form=form, revoke_form=RevokeFeedForm(),
                           feed=existing,
                           address=url_for("calendar.ics", token=token, _external=True)
                           if token else None)


@bp.post("/account/calendar/revoke")
@role_required(Role.VIEWER)
def revoke() -> Redirect:
    """Stop the feed: its address answers 404 from now on."""
    if RevokeFeedForm().validate_on_submit() and services.revoke(current_user.id):
        flash(_("Calendar address revoked: calendars using it get nothing more."), "success")
    return redirect(url_for("calendar.account"))

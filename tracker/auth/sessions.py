"""Session lifetime: idle timeout and absolute lifetime, enforced on every request.

The session is Flask's signed cookie. At sign-in it is cleared (so nothing
planted before sign-in survives) and stamped with the sign-in time and the
last-seen time; both are checked against the injectable clock on each request.
A cookie copied elsewhere cannot outlive these limits either, because the
times it carries are signed. Ending every session of a user at once (sign-out,
password change, deactivation) is the job of User.session_version.

The same limits apply to a candidate's portal session (tracker/portal), which keeps
its account under PORTAL_KEY instead of Flask-Login's key; a session holds one or
the other, never both (each sign-in clears the session first).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from flask import Flask, current_app, flash, request, session
from flask_babel import gettext, ngettext
from flask_login import logout_user

from tracker.clock import utcnow

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
USER_KEY = "_user_id"  # Flask-Login's session key
PORTAL_KEY = "portal"  # a candidate's portal account: "<id>:<session_version>"
SIGNED_IN_KEYS = (USER_KEY, PORTAL_KEY)
UNTIMED_ENDPOINTS = frozenset({"static", "bootstrap.static", "main.healthz"})
# The last-seen time is rewritten at most this often. Rewriting it on every request
# re-signs and resends the cookie each time, and lets a background request (the case
# form's candidate search) send back a cookie that overwrites the one a concurrent
# form post has just changed, losing its "Case opened." message (seen in the browser
# tests). A minute is nothing against a 30-minute idle timeout.
SEEN_AT_RESOLUTION_SECONDS = 60


def stamp_new_session(store: MutableMapping[str, Any]) -> None:
    """Record in *store* (the session) that it starts now."""
    now = utcnow().timestamp()
    store[SIGNED_IN_AT] = now
    store[SEEN_AT] = now


def expiry_reason(store: MutableMapping[str, Any], now: float) -> str | None:
    """Why the signed-in session in *store* must end now, or None while it is valid."""
    started, seen = store.get(SIGNED_IN_AT), store.get(SEEN_AT)
    if not isinstance(started, (int, float)) or not isinstance(seen, (int, float)):
        return gettext("Please sign in again.")
    if now - started > current_app.config["SESSION_MAX_HOURS"] * 3600:
        return ngettext("You have been signed in for %(num)d hour: please sign in again.",
                        "You have been signed in for %(num)d hours: please sign in again.",
                        current_app.config["SESSION_MAX_HOURS"])
    if now - seen > current_app.config["SESSION_IDLE_MINUTES"] * 60:
        return ngettext("You were signed out after %(num)d minute without activity.",
                        "You were signed out after %(num)d minutes without activity.",
                        current_app.config["SESSION_IDLE_MINUTES"])
    return None


def signed_in(store: MutableMapping[str, Any]) -> bool:
    """Whether *store* (the session) belongs to a signed-in user or candidate."""
    return any(key in store for key in SIGNED_IN_KEYS)


def enforce_session_lifetime() -> None:
    """Before each request: end an expired session, otherwise note the activity."""
    if not signed_in(session) or request.endpoint in UNTIMED_ENDPOINTS:
        return
    now = utcnow().timestamp()
    reason = expiry_reason(session, now)
    if reason:
        logout_user()
        session.clear()
        flash(reason, "info")
        return
    if now - session[SEEN_AT] >= SEEN_AT_RESOLUTION_SECONDS:
        session[SEEN_AT] = now


def init_app(app: Flask) -> None:
    app.before_request(enforce_session_lifetime)

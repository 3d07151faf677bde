"""Who a portal request is, and where a candidate may go.

Before each request the portal session (PORTAL_KEY) is read into g.portal_account
(None when missing, revoked, of an older session version, or the account inactive; a
session naming such an account is cleared at once). Then:

- a candidate asking for any page outside the portal (every HR page, API, export,
  download …) gets 403, except the static files, the health check, the language switch
  and the HR sign-in pages (signing in there ends the portal session);
- a portal page other than the public ones (sign-in, code, invitation) needs a portal
  session: without one, the candidate is sent to the portal's sign-in.

Portal views then scope every query by g.portal_account (tracker/portal/scope.py).
"""

from __future__ import annotations

from flask import Flask, flash, g, redirect, request, session, url_for
from flask_babel import gettext
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from tracker.auth.sessions import PORTAL_KEY
from tracker.i18n import N_, SESSION_KEY, language_or_none
from tracker.portal import signin
from tracker.portal.models import PortalAccount

PORTAL_BLUEPRINT = "portal"
# Reachable with a portal session; everything else outside the portal answers 403.
OPEN_TO_CANDIDATES = frozenset({
    "static", "bootstrap.static", "main.healthz", "main.favicon", "auth.switch_language",
    "auth.login", "auth.reset_request", "auth.reset_password",
})
# Portal pages for someone not signed in to the portal.
PUBLIC_PORTAL_PAGES = frozenset({
    "portal.sign_in", "portal.request_code", "portal.enter_code", "portal.accept",
})
NOT_FOR_CANDIDATES = N_("This page is for your employer's HR team. Your own pages are in "
                        "the candidate portal.")


class CandidateForbidden(Forbidden):
    """The 403 a candidate gets outside the portal, with words for them."""

    title = N_("Not allowed")
    text = NOT_FOR_CANDIDATES


def current_account() -> PortalAccount | None:
    """The signed-in candidate's account of this request (None: not a candidate)."""
    return g.get("portal_account")


def load_portal_account() -> None:
    """Read the portal session; a session naming a revoked or stale account ends here."""
    g.portal_account = None
    if PORTAL_KEY not in session:
        return
    account = signin.account_for_session(session[PORTAL_KEY])
    if account is None:
        language = session.get(SESSION_KEY)
        session.clear()
        if language_or_none(language):
            session[SESSION_KEY] = language
        flash(gettext("Please sign in again."), "info")
        return
    g.portal_account = account
    chosen = language_or_none(session.get(SESSION_KEY))
    if chosen and chosen != account.language:  # the footer switch: keep it for e-mails
        signin.set_language(account, chosen)


def guard() -> Response | None:
    """Keep candidates in the portal and the portal's pages for candidates."""
    endpoint = request.endpoint
    if endpoint is None:
        return None  # no such page: the 404 stands
    if request.blueprint == PORTAL_BLUEPRINT:
        if endpoint not in PUBLIC_PORTAL_PAGES and current_account() is None:
            return redirect(url_for("portal.sign_in"))
        return None
    if current_account() is not None and endpoint not in OPEN_TO_CANDIDATES:
        raise CandidateForbidden()
    return None


def inject_account() -> dict[str, object]:
    return {"portal_account": current_account()}


def init_app(app: Flask) -> None:
    """Install the hooks (after the session lifetime check, which may end the session)."""
    app.before_request(load_portal_account)
    app.before_request(guard)
    app.context_processor(inject_account)

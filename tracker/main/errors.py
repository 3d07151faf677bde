"""Error pages in the site's layout, and the audit entry for every refused access."""

from __future__ import annotations

from flask import Flask, g, render_template
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.wrappers import Response

from tracker.audit.services import record_denied
from tracker.extensions import db
from tracker.i18n import N_

# Translated when the page is rendered (N_ only marks them for the catalogue).
MESSAGES = {
    400: (N_("Bad request"), N_("The request could not be understood.")),
    403: (N_("Not allowed"), N_("Your role does not allow this. Ask a company admin.")),
    404: (N_("Not found"), N_("There is nothing here, or it belongs to another company.")),
    405: (N_("Not allowed"), N_("That action is not available here.")),
    413: (N_("Too large"), N_("The upload is larger than allowed.")),
    429: (N_("Too many attempts"), N_("Please wait a little and try again.")),
    500: (N_("Something went wrong"), N_("The error was logged. Please try again.")),
}

CSRF_MESSAGE = (N_("Form expired"), N_("This form was open too long, or it was sent from "
                                       "another site. Go back, reload the page and send it "
                                       "again."))


def error_page(code: int, title: str | None, text: str | None) -> tuple[str, int]:
    """The error page, its title and text in the reader's language (a text the catalogue
    does not hold, such as a view's own reason, is shown as given)."""
    # gettext("") would answer the catalogue's header.
    return render_template("errors/error.html", code=code, title=gettext(title) if title else "",
                           text=gettext(text) if text else ""), code


def render_error(error: HTTPException) -> tuple[str, int] | Response:
    """The error page for *error*; 403s and cross-company 404s are audited first."""
    # A ready-made page, e.g. the throttled sign-in form (werkzeug types it as the sans-IO
    # base class; what the app attaches is always a full Response).
    if isinstance(error.response, Response):
        return error.response
    code = error.code or 500
    if code == 403 or (code == 404 and g.get("denied_object")):
        record_denied(code)
    title, text = MESSAGES.get(code, (error.name, error.description))
    title, text = getattr(error, "title", title), getattr(error, "text", text)
    return error_page(code, title, text)


def render_csrf_error(error: CSRFError) -> tuple[str, int]:
    """A missing or stale CSRF token: say what happened and what to do."""
    return error_page(400, *CSRF_MESSAGE)


def render_untrusted_host(error: SecurityError) -> Response:
    """A Host header not in TRUSTED_HOSTS: no URL can be built for it, so plain text."""
    return Response("Bad request: this host name is not served here.\n", 400,
                    mimetype="text/plain")


def render_server_error(error: Exception) -> tuple[str, int]:
    db.session.rollback()  # never leave a half-written change behind
    return error_page(500, *MESSAGES[500])


def register(app: Flask) -> None:
    app.register_error_handler(SecurityError, render_untrusted_host)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(500, render_server_error)

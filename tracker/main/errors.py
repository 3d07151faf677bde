"""Error pages in the site's layout."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from tracker.extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "Your role does not allow this. Ask a company admin."),
    404: ("Not found", "There is nothing here, or it belongs to another company."),
    405: ("Not allowed", "That action is not available here."),
    413: ("Too large", "The upload is larger than allowed."),
    429: ("Too many attempts", "Please wait a little and try again."),
    500: ("Something went wrong", "The error was logged. Please try again."),
}


def render_error(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    title, text = MESSAGES.get(code, (error.name, error.description))
    return render_template("errors/error.html", code=code, title=title, text=text), code


def render_server_error(error: Exception) -> tuple[str, int]:
    db.session.rollback()  # never leave a half-written change behind
    title, text = MESSAGES[500]
    return render_template("errors/error.html", code=500, title=title, text=text), 500


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(500, render_server_error)

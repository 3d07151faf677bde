"""Request-level protections that apply to every page of every domain.

- Security headers on every response, from one after-request hook (no Talisman).
- Running behind a reverse proxy: opt-in ProxyFix (PROXY_FIX_HOPS), so the
  audit log and the per-IP sign-in throttle see the real client address.
- Input that no column can store (a NUL character), a file posted to a form
  without a file field, and a JSON body whose "fields" are not text are
  refused with a clear 400 page before any view runs, instead of failing in
  PostgreSQL or WTForms with a 500. A view that takes uploads says so with
  @accepts_files. (No view takes arbitrary JSON: a JSON body is form data.)

TRUSTED_HOSTS is Flask's own setting: a request whose Host header is not listed
is answered 400 before routing (config.py reads it; production requires it).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any, Protocol, cast

from flask import Flask, current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

# No inline scripts or styles anywhere: templates load app.css and Bootstrap's
# files from our own origin. `data:` images are Bootstrap's inline SVG icons
# (navbar toggler, form validation marks), referenced from its CSS.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Reset links carry a token in the path: never send our URLs to other sites.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

STATIC_ENDPOINTS = frozenset({"static", "bootstrap.static"})


def init_app(app: Flask) -> None:
    """Install the proxy fix (if configured), the input guard and the headers hook."""
    hops = app.config.get("PROXY_FIX_HOPS", 0)
    if hops:
        # Only X-Forwarded-For and -Proto: the Host header is checked against
        # TRUSTED_HOSTS, and a forwarded host would let a client bypass that.
        # Flask's documented way to add WSGI middleware; its types declare wsgi_app a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    # First of all before-request hooks: CSRFProtect's reads the body too, and a body
    # the server cannot read must be the client's 400 there as well.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_unusable_input)
    app.after_request(set_security_headers)


def set_security_headers(response: Response) -> Response:
    """Add the security headers to *response* (every page, error and file)."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    seconds = current_app.config.get("HSTS_SECONDS", 0)
    if seconds:
        response.headers["Strict-Transport-Security"] = f"max-age={seconds}; includeSubDomains"
    if request.endpoint not in STATIC_ENDPOINTS:
        # Pages show passports, salaries and names: never keep them in a shared cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


class UnstorableInput(BadRequest):
    """A request carrying a character that no text column can store."""

    title = "Characters that cannot be stored"
    text = ("What you sent contains a NUL character, which cannot be stored. "
            "Go back, remove it and try again.")


class UnexpectedFiles(BadRequest):
    """A file sent to a page whose form has no file field."""

    title = "Files are not accepted here"
    text = "This form does not take attachments. Go back and fill in its fields as text."


class UnreadableBody(BadRequest):
    """A body the server could not read: a broken chunked encoding, a cut-off upload."""

    title = "The request could not be read"
    text = "What your browser sent arrived incomplete or malformed. Go back and try again."


class NotFormText(BadRequest):
    """A JSON body whose values are not text: numbers, nulls or objects for form fields."""

    title = "Not a form"
    text = "This page takes a web form whose fields are text. Go back and use the form."


class FileView(Protocol):
    """A view marked @accepts_files."""

    accepts_files: bool

    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...


def accepts_files(view: Callable[..., Any]) -> FileView:
    """Mark a view whose form has a file field; every other view refuses uploads.

    Without this, a file posted under a text field's name reaches WTForms as a
    FileStorage object and its validators fail with a TypeError (a 500).
    """
    # mypy has no notion of attributes set on a function: declare it a FileView.
    marked = cast(FileView, view)
    marked.accepts_files = True
    return marked


def _keys_and_values(data: MultiDict[str, Any]) -> Iterator[str]:
    for key, values in data.lists():
        yield key
        yield from (v for v in values if isinstance(v, str))


def _json_texts() -> list[str]:
    """The texts of a JSON form body; NotFormText unless it is {name: text or [text]}.

    Flask-WTF reads a JSON body as form data, and a number or object where a
    text field is expected fails inside WTForms' validators (a 500).
    """
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # e.g. 100,000 "[": silent=True catches only ValueError
        raise NotFormText() from None
    if not isinstance(body, dict):
        raise NotFormText()
    texts = []
    for key, value in body.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in values):
            raise NotFormText()
        texts += [key, *values]
    return texts


def _read_body() -> None:
    """Parse the form body now, so that a body the server cannot read is a 400.

    The WSGI server reads the body lazily, when the form is first used, and
    reports its own parse errors as exceptions of its own (gunicorn's
    InvalidChunkSize for a chunk size of "ZZZ"): raised inside a view, they
    would be a 500.
    """
    try:
        request.form, request.files  # noqa: B018 - reading them parses the body
    except HTTPException:
        raise  # werkzeug's own answers, e.g. 413 for a body over MAX_CONTENT_LENGTH
    except Exception as error:  # what a server's reader raises is the client's fault
        raise UnreadableBody() from error


def refuse_unusable_input() -> None:
    """400 before the view runs for input the forms cannot take without a 500.

    - a NUL character anywhere in the query string or form (PostgreSQL text refuses it);
    - a file sent to a view not marked @accepts_files;
    - a JSON body that is not text fields;
    - a body the server cannot read.
    """
    _read_body()
    view = current_app.view_functions.get(request.endpoint or "")
    if request.files and not getattr(view, "accepts_files", False):
        raise UnexpectedFiles()
    texts = _keys_and_values(request.args)
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        texts = itertools.chain(texts, _keys_and_values(request.form))
        if request.is_json:
            texts = itertools.chain(texts, _json_texts())
    if any("\x00" in text for text in texts):
        raise UnstorableInput()

"""Export links of the list pages: each list as CSV or XLSX, under its page's filters.

An export needs the role its list page needs (viewers export what they read), and
reads only the signed-in user's company. The response is streamed: its body is a
generator that runs inside the request's context (stream_with_context).
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, abort, request, stream_with_context
from flask_babel import gettext
from flask_login import current_user

from tracker.audit_log.forms import AuditFilterForm
from tracker.audit_log.queries import filter_choices
from tracker.candidates.forms import SearchForm
from tracker.cases import list_filters as case_filters
from tracker.clock import today
from tracker.exports import tables
from tracker.exports.writers import csv_chunks, xlsx_chunks
from tracker.extensions import db
from tracker.people import list_filters as workforce_filters
from tracker.permissions import Role, role_required

bp = Blueprint("exports", __name__, url_prefix="/export")

FORMATS = "<any(csv, xlsx):fmt>"
MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _send(export: tables.Export, fmt: str) -> Response:
    """*export* streamed as a download named e.g. cases-2026-12-01.xlsx."""
    headers = export.translated_headers()
    if fmt == "xlsx":
        body = xlsx_chunks(gettext(export.title), headers, export.rows)
    else:
        body = csv_chunks(headers, export.rows)
    name = f"{export.name}-{today().isoformat()}.{fmt}"
    # The view's reads are done: give the connection back now, so a response whose body
    # is never read (a client that hangs up) holds no transaction open.
    db.session.close()
    return Response(stream_with_context(_released(body)), mimetype=MIMETYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})


def _released(body: Iterator[bytes]) -> Iterator[bytes]:
    """*body*, then the connection its rows were read through given back (the request's
    own teardown comes only when the server closes the response)."""
    try:
        yield from body
    finally:
        db.session.close()


@bp.get(f"/cases.{FORMATS}")
@role_required(Role.VIEWER)
def cases(fmt: str) -> Response:
    """The case list under the filters in the query string (as the list page reads them)."""
    company = current_user.company_id
    # The list page's own reading of its filters (one place: cases/list_filters).
    filters = case_filters.read_filters(case_filters.filter_form(request.args, company))
    return _send(tables.cases(company, filters, today()), fmt)


@bp.get(f"/candidates.{FORMATS}")
@role_required(Role.VIEWER)
def candidates(fmt: str) -> Response:
    """The candidates, narrowed by the list's search when one is given."""
    form = SearchForm(request.args)
    text = (form.q.data or "") if form.validate() else ""
    return _send(tables.candidates(current_user.company_id, text), fmt)


@bp.get(f"/allotments.{FORMATS}")
@role_required(Role.VIEWER)
def allotments(fmt: str) -> Response:
    """Every quota allotment with its positions."""
    return _send(tables.allotments(current_user.company_id), fmt)


@bp.get(f"/workforce.{FORMATS}")
@role_required(Role.VIEWER)
def workforce(fmt: str) -> Response:
    """The Workforce list under its filters."""
    company = current_user.company_id
    filters = workforce_filters.read_filters(
        workforce_filters.filter_form(request.args, company))
    return _send(tables.workforce(company, filters, today()), fmt)


@bp.get(f"/audit.{FORMATS}")
@role_required(Role.ADMIN)
def audit(fmt: str) -> Response:
    """The audit log under its filters (as the page, none until the filters are valid)."""
    form = AuditFilterForm(request.args)
    form.set_choices(*filter_choices(current_user.company_id))
    if not form.validate():
        abort(400)
    return _send(tables.audit(current_user.company_id, form.filters()), fmt)


@bp.get(f"/notifications.{FORMATS}")
@role_required(Role.ADMIN)
def notifications(fmt: str) -> Response:
    """The reminders of the company, of the status chosen on the page if any."""
    return _send(tables.notifications(current_user.company_id,
                                      request.args.get("status", "")), fmt)

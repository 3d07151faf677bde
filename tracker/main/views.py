"""The home dashboard, the favicon and the health endpoint."""

from __future__ import annotations

import os

from flask import Blueprint, current_app, jsonify, render_template, send_from_directory
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker.cases.listing import case_summary
from tracker.clock import today
from tracker.main.health import health
from tracker.main.start import first_steps
from tracker.people.workforce import expiry_counts
from tracker.permissions import Role, role_required
from tracker.portal.document_reads import dashboard_waiting
from tracker.quotas.queries import dashboard_allotments

bp = Blueprint("main", __name__)


@bp.get("/")
@role_required(Role.VIEWER)
def dashboard() -> str:
    """What needs me today? (Sections are added by the domain blueprints.)"""
    company, on = current_user.company_id, today()
    summary = case_summary(company, on)
    return render_template("main/dashboard.html", case_summary=summary,
                           quota_rows=dashboard_allotments(company, on),
                           expiry_counts=expiry_counts(company, on),
                           portal_waiting=dashboard_waiting(company),
                           first_steps=None if summary.counts else first_steps(company))


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The icon browsers and tools ask for at the root (pages link the SVG too)."""
    folder = os.path.join(current_app.root_path, "static")
    return send_from_directory(folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=86400)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """JSON status of the database and Redis: 200 when both answer, else 503."""
    body, status = health()
    return jsonify(body), status

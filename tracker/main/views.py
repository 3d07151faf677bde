"""The home dashboard and the health endpoint."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker.cases.listing import case_summary
from tracker.clock import today
from tracker.main.health import health
from tracker.permissions import Role, role_required
from tracker.quotas.queries import dashboard_allotments

bp = Blueprint("main", __name__)


@bp.get("/")
@role_required(Role.VIEWER)
def dashboard() -> str:
    """What needs me today? (Sections are added by the domain blueprints.)"""
    company, on = current_user.company_id, today()
    return render_template("main/dashboard.html", case_summary=case_summary(company, on),
                           quota_rows=dashboard_allotments(company, on))


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """JSON status of the database and Redis: 200 when both answer, else 503."""
    body, status = health()
    return jsonify(body), status

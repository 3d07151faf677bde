"""The one search of the navigation bar (blueprint `search`)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from tracker.permissions import Role, role_required
from tracker.rules.case_kinds import KINDS
from tracker.rules.schemes import case_stage_label
from tracker.search.services import search

bp = Blueprint("search", __name__)


@bp.get("/search")
@role_required(Role.VIEWER)
def results() -> str:
    """Candidates, cases and allotments of the user's company matching `q`, by kind."""
    found = search(current_user.company_id, request.args.get("q", ""))
    return render_template("search/results.html", found=found, kinds=KINDS,
                           stage_label=case_stage_label)

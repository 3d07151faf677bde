"""A printable case: what an HR officer puts in the employee's file or sends to a lawyer.

The case page's own values (tracker.cases.page.case_page_context: the same details,
eligibility verdict, checklist and timeline), laid out for paper by a page of its own
with its own stylesheet (static/print.css): no navigation, no forms, no script.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from tracker.cases.page import case_page_context
from tracker.cases.queries import load_case
from tracker.clock import today
from tracker.documents.checklist import STATUS_LABELS
from tracker.permissions import Role, role_required

bp = Blueprint("printing", __name__)


@bp.get("/cases/<int:case_id>/print")
@role_required(Role.VIEWER)
def case(case_id: int) -> str:
    """The case on paper: details, eligibility, the checklist with dates, the timeline."""
    found = load_case(case_id)
    return render_template("cases/print.html", status_labels=STATUS_LABELS,
                           printed_on=today(), **case_page_context(found, today()))

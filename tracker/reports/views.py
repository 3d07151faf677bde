"""The Reports page: every chart of one company, with its numbers as tables."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from flask import Blueprint, render_template
from flask_login import current_user

from tracker.clock import today
from tracker.permissions import Role, role_required
from tracker.reports import charts
from tracker.reports.queries import next_months, past_months

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.get("/", strict_slashes=False)
@role_required(Role.VIEWER)
def index() -> str:
    """Cases per stage over time, time in stages and to a decision, quota use and the
    expiries of the next 12 months (read-only: viewers may see it)."""
    company, on = current_user.company_id, today()
    past = past_months(on)
    since = on - relativedelta(years=1) + relativedelta(days=1)
    decisions = charts.decision_rows(company, since, on)
    quota_chart, quota_totals = charts.quota_chart(company, past)
    return render_template(
        "reports/index.html", since=since, on=on,
        stage_chart=charts.stage_history_chart(company, past),
        stage_time_chart=charts.stage_time_chart(company, since, on),
        decisions=decisions, decision_chart=charts.decision_chart(decisions),
        quota_chart=quota_chart, quota_totals=quota_totals,
        expiry_chart=charts.expiry_chart(company, next_months(on)))

"""The benchmark's two ceilings, served only by the benchmark's app (bench/app.py).

- /bench/bare: a constant answer: what Flask, gunicorn and the client cost.
- /bench/raw-cases: the case list's first page built from hand-written SQL run
  through psycopg directly (no ORM, no SQLAlchemy pool), rendered with the same
  template as /cases: what the data and the template cost.

The raw page leaves the "needs attention" reasons empty, which makes the
ceiling slightly easier to serve, so the app's ratio to it is a lower bound.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import psycopg
from flask import Blueprint, Flask, current_app, render_template
from flask_login import current_user

from tracker.cases.forms import CaseFilterForm
from tracker.cases.listing import PER_PAGE, CaseFilters, CasePage
from tracker.cases.rows import ListedAllotment, ListedCandidate, ListedCase, ListedOwner, Row
from tracker.permissions import Role, role_required
from tracker.rules.case_kinds import KINDS
from tracker.rules.workflow import all_stages, stage_label

bp = Blueprint("bench", __name__, url_prefix="/bench")
_local = threading.local()

PAGE_SQL = """
SELECT c.id, c.scheme, c.kind, c.stage, c.job_title, c.intended_start_date,
       d.full_name, d.chinese_name, d.passport_number, u.full_name AS owner_name,
       a.itc_reference
FROM cases c
JOIN candidates d ON d.id = c.candidate_id
LEFT JOIN users u ON u.id = c.owner_id
LEFT JOIN quota_allotments a ON a.id = c.allotment_id
WHERE c.company_id = %(company)s
ORDER BY c.id DESC
LIMIT %(limit)s
"""
COUNTS_SQL = "SELECT stage, count(*) FROM cases WHERE company_id = %(company)s GROUP BY stage"
ALLOTMENTS_SQL = """SELECT id, itc_reference, valid_until FROM quota_allotments
WHERE company_id = %(company)s ORDER BY valid_until DESC, id DESC"""
OWNERS_SQL = """SELECT id, full_name FROM users WHERE company_id = %(company)s AND active
ORDER BY full_name"""


def _connection() -> psycopg.Connection:
    """One psycopg connection per server thread, reused across requests."""
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        url = current_app.config["SQLALCHEMY_DATABASE_URI"].replace("+psycopg", "")
        # The same session settings as the app's own connections.
        conn = _local.conn = psycopg.connect(
            url, autocommit=True, options=current_app.config.get("POSTGRES_OPTIONS", ""))
    return conn


def _row(record: tuple[Any, ...]) -> Row:
    """The same row objects the app's list builds (tracker/cases/rows.py)."""
    (case_id, scheme, kind, stage, job_title, start, name, chinese, passport, owner,
     reference) = record
    case = ListedCase(
        id=case_id, scheme=scheme, kind=kind, stage=stage, job_title=job_title,
        intended_start_date=start, limit_of_stay_until=None, hkid_due_on=None,
        submitted_on=None,
        candidate=ListedCandidate(0, name, chinese, passport, None),
        owner=ListedOwner(0, owner) if owner else None,
        allotment=ListedAllotment(0, reference) if reference else None)
    return Row(case, [])


@bp.get("/bare")
def bare() -> str:
    """The framework's ceiling: a constant."""
    return "ok"


@bp.get("/raw-cases")
@role_required(Role.VIEWER)
def raw_cases() -> str:
    """The data's ceiling for the case list: the same rows and template, raw SQL."""
    params = {"company": current_user.company_id, "limit": PER_PAGE + 1}
    conn = _connection()
    records = conn.execute(PAGE_SQL, params).fetchall()
    found = dict(conn.execute(COUNTS_SQL, params).fetchall())
    counts = {code: found[code] for code in all_stages() if code in found}
    allotments = [(i, f"{ref} (valid until {valid:%d/%m/%Y})")
                  for i, ref, valid in conn.execute(ALLOTMENTS_SQL, params)]
    owners = list(conn.execute(OWNERS_SQL, params).fetchall())
    form = CaseFilterForm(meta={"csrf": False})
    form.set_choices(allotments, owners)
    page = CasePage([_row(r) for r in records[:PER_PAGE]], 1, len(records) > PER_PAGE)
    return render_template("cases/list.html", form=form, result=page, counts=counts,
                           filters=CaseFilters(), page_args={}, stage_args={},
                           stage_label=stage_label, today=date.today(), kinds=KINDS)


def register(app: Flask) -> None:
    """Serve the ceilings under /bench."""
    app.register_blueprint(bp)

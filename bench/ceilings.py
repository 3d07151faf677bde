"""The benchmark's ceilings, served only by the benchmark's app (bench/app.py).

- /bench/bare: a constant answer: what Flask, gunicorn and the client cost.
- /bench/raw-cases: the case list's first page built from hand-written SQL run
  through psycopg directly (no ORM, no SQLAlchemy pool), rendered with the same
  template as /cases: what the data and the template cost.
- /bench/raw-workforce: the same for the Workforce page's first page: the status
  rule (tracker/people/status.py) written out as SQL, the same Status rows and
  template as /workforce.

The raw case list leaves the "needs attention" reasons empty, which makes the
ceiling slightly easier to serve, so the app's ratio to it is a lower bound.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import psycopg
from flask import Blueprint, Flask, current_app, render_template
from flask_login import current_user
from psycopg.rows import namedtuple_row

from tracker.cases.forms import CaseFilterForm
from tracker.cases.listing import PER_PAGE, CaseFilters, CasePage
from tracker.cases.rows import ListedAllotment, ListedCandidate, ListedCase, ListedOwner, Row
from tracker.people.forms import WorkforceFilterForm, days_label
from tracker.people.status import recordable_schemes, to_status
from tracker.people.workforce import DAYS_CHOICES, WorkforceFilters, WorkforcePage
from tracker.people.workforce import PER_PAGE as WORKFORCE_PER_PAGE
from tracker.permissions import Role, role_required
from tracker.rules.case_kinds import KINDS
from tracker.rules.schemes import SCHEMES
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



def _holds_stay(alias: str) -> str:
    """SQL: case *alias* is in a stage of its kind that holds the stay, with a limit of
    stay and not superseded (status.in_force; the stages are the kinds' data)."""
    by_kind = " OR ".join(
        f"({alias}.kind = '{code}' AND {alias}.stage IN "
        f"({', '.join(repr(stage) for stage in kind.stay_stages)}))"
        for code, kind in KINDS.items())
    return (f"({by_kind}) AND {alias}.limit_of_stay_until IS NOT NULL "
            f"AND {alias}.superseded_by_id IS NULL")


WORKFORCE_SQL = f"""
SELECT c.id, c.kind, c.scheme, c.stage, c.limit_of_stay_until, c.arrived_on, c.owner_id,
       u.full_name AS owner_name, d.id AS candidate_id, d.full_name, d.chinese_name,
       d.passport_number, d.principal_id, d.relation
FROM cases c
JOIN candidates d ON d.id = c.candidate_id
LEFT JOIN users u ON u.id = c.owner_id
WHERE c.company_id = %(company)s AND {_holds_stay("c")}
  AND NOT EXISTS (
    SELECT 1 FROM cases later
    WHERE later.candidate_id = c.candidate_id AND later.company_id = c.company_id
      AND later.id <> c.id AND {_holds_stay("later")}
      AND (later.limit_of_stay_until > c.limit_of_stay_until
           OR (later.limit_of_stay_until = c.limit_of_stay_until AND later.id > c.id)))
ORDER BY c.limit_of_stay_until, c.id
LIMIT %(limit)s
"""


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


@bp.get("/raw-workforce")
@role_required(Role.VIEWER)
def raw_workforce() -> str:
    """The data's ceiling for the Workforce page: the same rows and template, raw SQL."""
    params = {"company": current_user.company_id, "limit": WORKFORCE_PER_PAGE + 1}
    conn = _connection()
    with conn.cursor(row_factory=namedtuple_row) as cursor:
        records = cursor.execute(WORKFORCE_SQL, params).fetchall()
    owners = list(conn.execute(OWNERS_SQL, params).fetchall())
    form = WorkforceFilterForm(meta={"csrf": False})
    form.set_choices(list(dict.fromkeys([*SCHEMES, *recordable_schemes()])), owners)
    today = date.today()
    page = WorkforcePage([to_status(r, today) for r in records[:WORKFORCE_PER_PAGE]], 1,
                         len(records) > WORKFORCE_PER_PAGE)
    return render_template("people/workforce.html", form=form, result=page,
                           filters=WorkforceFilters(), page_args={}, days_label=days_label,
                           days_choices=DAYS_CHOICES)


def register(app: Flask) -> None:
    """Serve the ceilings under /bench."""
    app.register_blueprint(bp)

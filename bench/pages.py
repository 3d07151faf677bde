"""The pages the benchmark drives, and the ids each signed-in client uses."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import psycopg

from bench.load import FormSave, Session, Target


def sample_ids(conn: psycopg.Connection, company_id: int) -> dict[str, list]:
    """A few case, allotment, person and owner ids and a search word from the company's own
    data.

    The cases are entry applications (the after-arrival ones have the newest ids); the
    people are those whose status is an approved extension, so their page shows a chain
    of two or three cases (bench/generate.py); the scheme is one the company sponsors
    (two of the large employers sponsor only TechTAS).
    """
    cases = [r[0] for r in conn.execute(
        "SELECT id FROM cases WHERE company_id = %s AND kind = 'entry' ORDER BY id DESC LIMIT 50",
        (company_id,))]
    allotments = [r[0] for r in conn.execute(
        "SELECT id FROM quota_allotments WHERE company_id = %s ORDER BY id LIMIT 20",
        (company_id,))]
    names = [r[0].split()[1] for r in conn.execute(
        "SELECT full_name FROM candidates WHERE company_id = %s ORDER BY id LIMIT 5",
        (company_id,))]
    people = [r[0] for r in conn.execute(
        "SELECT candidate_id FROM cases WHERE company_id = %s AND kind = 'extension' "
        "AND stage IN ('approved', 'visa_issued') AND superseded_by_id IS NULL "
        "ORDER BY id DESC LIMIT 50", (company_id,))]
    schemes = [r[0] for r in conn.execute(
        "SELECT scheme FROM cases WHERE company_id = %s AND kind = 'entry' "
        "ORDER BY id DESC LIMIT 1", (company_id,))]
    # A case the client moves back and forth (case_save_form): its workflow has the
    # submitted <-> additional information requested loop, and a re-submission needs no
    # new quota (GEP, or a TechTAS case holding one: tracker/cases/quota.py).
    saves = [r[0] for r in conn.execute(
        "SELECT id FROM cases WHERE company_id = %s AND kind = 'entry' "
        "AND stage IN ('submitted', 'info_requested') AND (scheme = 'GEP' OR quota_held) "
        "ORDER BY id DESC LIMIT 1", (company_id,))]
    owners = [r[0] for r in conn.execute(
        "SELECT DISTINCT owner_id FROM cases WHERE company_id = %s AND owner_id IS NOT NULL "
        "ORDER BY owner_id LIMIT 5", (company_id,))]
    return {"cases": cases, "allotments": allotments, "words": names, "people": people,
            "owners": owners, "schemes": schemes, "saves": saves}


def _pick(session: Session, kind: str, n: int) -> object:
    values = session.ids[kind]
    return values[n % len(values)]


MOVE_FORM = re.compile(r'<form method="post" action="(/cases/\d+/move)"(.*?)</form>', re.S)
TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
# The stage the case page's move form offers, with the date it asks for: a case cycles
# submitted -> additional information requested -> submitted (again), so the save can
# be repeated for as long as the bench runs, each time a real move.
CYCLE = {"info_requested": "info_requested_on", "submitted": "submitted_on"}


def hong_kong_today() -> date:
    """The app's today (its timezone: tracker/clock.py), which a stage date may not pass."""
    return datetime.now(ZoneInfo("Asia/Hong_Kong")).date()


def case_save_form(html: str, _session: Session, _n: int) -> tuple[str, dict[str, str]] | None:
    """The case page's main save, its stage move: (action, fields) of the next move of
    the cycle, read from the page (None: the page offers neither move)."""
    form, token = MOVE_FORM.search(html), TOKEN.search(html)
    if form is None or token is None:
        return None
    offered = re.findall(r'<option value="([a-z_]+)"', form.group(2))
    for stage, fact in CYCLE.items():
        if stage in offered:
            return form.group(1), {"csrf_token": token.group(1), "to_stage": stage,
                                   fact: hong_kong_today().isoformat(), "note": ""}
    return None


PAGES: dict[str, Target] = {
    "dashboard": lambda s, n: "/",
    "case list": lambda s, n: "/cases",
    "case list: stage filter": lambda s, n: "/cases?stage=submitted",
    "case list: text search": lambda s, n: f"/cases?q={quote(str(_pick(s, 'words', n)))}",
    "case detail": lambda s, n: f"/cases/{_pick(s, 'cases', n)}",
    # POST, redirect, GET: a client has its own case (one per company), so a client per
    # session; clients sharing a session would move one case against each other.
    "case save": FormSave(lambda s, n: f"/cases/{_pick(s, 'saves', 0)}", case_save_form),
    "workforce": lambda s, n: "/workforce",
    "workforce: owner filter": lambda s, n: f"/workforce?owner={_pick(s, 'owners', n)}",
    "workforce: 90 days, a scheme": lambda s, n:
        f"/workforce?days=90&scheme={_pick(s, 'schemes', n)}",
    "person page (chain)": lambda s, n: f"/candidates/{_pick(s, 'people', n)}",
    "allotment page": lambda s, n: f"/quotas/{_pick(s, 'allotments', n)}",
    "audit log": lambda s, n: "/audit",
    "reports": lambda s, n: "/reports",
    "search": lambda s, n: f"/search?q={quote(str(_pick(s, 'words', n)))}",
}

CEILINGS: dict[str, Callable[[Session, int], str]] = {
    "ceiling: bare Flask": lambda s, n: "/bench/bare",
    "ceiling: raw-SQL case list": lambda s, n: "/bench/raw-cases",
    "ceiling: raw-SQL workforce": lambda s, n: "/bench/raw-workforce",
}

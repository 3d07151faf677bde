"""The pages the benchmark drives, and the ids each signed-in client uses."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import psycopg

from bench.load import Session


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
    owners = [r[0] for r in conn.execute(
        "SELECT DISTINCT owner_id FROM cases WHERE company_id = %s AND owner_id IS NOT NULL "
        "ORDER BY owner_id LIMIT 5", (company_id,))]
    return {"cases": cases, "allotments": allotments, "words": names, "people": people,
            "owners": owners, "schemes": schemes}


def _pick(session: Session, kind: str, n: int) -> object:
    values = session.ids[kind]
    return values[n % len(values)]


PAGES: dict[str, Callable[[Session, int], str]] = {
    "dashboard": lambda s, n: "/",
    "case list": lambda s, n: "/cases",
    "case list: stage filter": lambda s, n: "/cases?stage=submitted",
    "case list: text search": lambda s, n: f"/cases?q={quote(str(_pick(s, 'words', n)))}",
    "case detail": lambda s, n: f"/cases/{_pick(s, 'cases', n)}",
    "workforce": lambda s, n: "/workforce",
    "workforce: owner filter": lambda s, n: f"/workforce?owner={_pick(s, 'owners', n)}",
    "workforce: 90 days, a scheme": lambda s, n:
        f"/workforce?days=90&scheme={_pick(s, 'schemes', n)}",
    "person page (chain)": lambda s, n: f"/candidates/{_pick(s, 'people', n)}",
    "allotment page": lambda s, n: f"/quotas/{_pick(s, 'allotments', n)}",
    "audit log": lambda s, n: "/audit",
}

CEILINGS: dict[str, Callable[[Session, int], str]] = {
    "ceiling: bare Flask": lambda s, n: "/bench/bare",
    "ceiling: raw-SQL case list": lambda s, n: "/bench/raw-cases",
    "ceiling: raw-SQL workforce": lambda s, n: "/bench/raw-workforce",
}

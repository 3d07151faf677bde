"""Count the SQL statements each benchmarked page issues, on small and large data.

The counts must be equal: a page whose statement count grows with the data
is doing N+1 queries. A form save counts its POST and the GET it redirects to.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg
import sqlalchemy as sa

from bench import generate
from bench.load import FormSave, Session, Target
from bench.pages import PAGES, sample_ids


def _app_for(url: str):
    from config import TestConfig
    from tracker import create_app

    # CSRF on, as in production: a form save posts the token its page holds.
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url.replace(
        "postgresql://", "postgresql+psycopg://"), RATELIMIT_ENABLED=False,
        WTF_CSRF_ENABLED=True)


def _visit(client: Any, target: Target, session: Session, seen: list[str]) -> int:
    """Request *target* as the bench does, counting only its measured requests into
    *seen*; the final status (a save that did not redirect: minus its status)."""
    if not isinstance(target, FormSave):
        seen.clear()
        return client.get(target(session, 0)).status_code
    page = client.get(target.page(session, 0)).get_data(as_text=True)
    posted = target.form(page, session, 0)
    if posted is None:
        return -1
    seen.clear()
    response = client.post(posted[0], data=posted[1], follow_redirects=True)
    return response.status_code if response.history else -response.status_code


def count_on(url: str) -> dict[str, int]:
    """Statements per page for the admin of company 1 of the database at *url*."""
    from tracker.extensions import db

    app = _app_for(url)
    with psycopg.connect(url) as conn:
        session = Session("", 1, sample_ids(conn, 1))
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', login)
    response = client.post("/login", data={"email": "u1@c1.example",
                                           "password": generate.BENCH_PASSWORD,
                                           "csrf_token": token.group(1) if token else ""})
    if response.status_code != 302:
        raise RuntimeError(f"bench sign-in failed on {url}")
    counts: dict[str, int] = {}
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001 - SQLAlchemy hook
        seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        for name, target in PAGES.items():
            _visit(client, target, session, seen)  # warm caches the same way on both sizes
            status = _visit(client, target, session, seen)
            counts[name] = len(seen) if status == 200 else -abs(status)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    with app.app_context():
        db.engine.dispose()
    return counts


def count_per_page(small_url: str, large_url: str) -> dict[str, dict[str, int]]:
    small, large = count_on(small_url), count_on(large_url)
    return {name: {"small": small[name], "large": large[name]} for name in PAGES}

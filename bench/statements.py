"""Count the SQL statements each benchmarked page issues, on small and large data.

The counts must be equal: a page whose statement count grows with the data
is doing N+1 queries.
"""

from __future__ import annotations

import psycopg
import sqlalchemy as sa

from bench import generate
from bench.load import Session
from bench.pages import PAGES, sample_ids


def _app_for(url: str):
    from config import TestConfig
    from tracker import create_app

    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url.replace(
        "postgresql://", "postgresql+psycopg://"), RATELIMIT_ENABLED=False)


def count_on(url: str) -> dict[str, int]:
    """Statements per page for the admin of company 1 of the database at *url*."""
    from tracker.extensions import db

    app = _app_for(url)
    with psycopg.connect(url) as conn:
        session = Session("", 1, sample_ids(conn, 1))
    client = app.test_client()
    response = client.post("/login", data={"email": "u1@c1.example",
                                           "password": generate.BENCH_PASSWORD})
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
        for name, path_for in PAGES.items():
            client.get(path_for(session, 0))  # warm caches the same way on both sizes
            seen.clear()
            status = client.get(path_for(session, 0)).status_code
            counts[name] = len(seen) if status == 200 else -status
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    with app.app_context():
        db.engine.dispose()
    return counts


def count_per_page(small_url: str, large_url: str) -> dict[str, dict[str, int]]:
    small, large = count_on(small_url), count_on(large_url)
    return {name: {"small": small[name], "large": large[name]} for name in PAGES}

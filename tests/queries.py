"""Counting the SQL statements a block runs, to catch N+1 queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask import Flask

from tracker.extensions import db


@contextmanager
def count_queries(app: Flask) -> Iterator[list[str]]:
    """Collect the SQL statements the app's engine executes inside the block."""
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001 - SQLAlchemy hook
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)

"""A fingerprint of every table, to prove that a request stored nothing."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import Flask

from tracker.extensions import db

# Audit entries are how refusals are recorded, so they may grow on a refused request.
NOT_STATE = frozenset({"audit_events"})


def fingerprint(app: Flask) -> dict[str, str]:
    """{table: hash of all its rows} for every table except the audit log."""
    tables = [t for t in db.metadata.sorted_tables if t.name not in NOT_STATE]
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            prints = _in_postgresql(tables)
        else:
            prints = {}
            for table in tables:
                rows = db.session.execute(
                    sa.select(table).order_by(*table.primary_key.columns)).all()
                prints[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
        db.session.rollback()
    return prints


def _in_postgresql(tables: list[sa.Table]) -> dict[str, str]:
    """The same in one statement: PostgreSQL hashes each table's rows as text.

    The fuzzer fingerprints twice per submission, thousands of times a run.
    """
    parts = []
    for table in tables:
        order = ", ".join(f'r."{c.name}"' for c in table.primary_key.columns)
        parts.append(f"SELECT '{table.name}' AS name, "
                     f"md5(coalesce(string_agg(r::text, '|' ORDER BY {order}), '')) AS hash "
                     f'FROM "{table.name}" AS r')
    rows = db.session.execute(sa.text(" UNION ALL ".join(parts)))
    return {name: digest for name, digest in rows}


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in after if before.get(name) != after[name])

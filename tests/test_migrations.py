"""The migrations build exactly the models' schema, and go down and up again cleanly.

Run on both databases: the migrations branch on the dialect (trigram indexes,
batch operations on SQLite), so each must be proven on its own.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from config import TestConfig
from tracker import create_app
from tracker.extensions import db

pytestmark = pytest.mark.sqlite


def comparable(obj, name, type_, reflected, compare_to) -> bool:
    """Leave out what SQLite cannot reflect: indexes on expressions such as `id DESC`."""
    index = obj if type_ == "index" else None
    if index is None or index.table.metadata is not db.metadata:
        return True
    return all(isinstance(part, sa.Column) for part in index.expressions)


def test_the_migrated_schema_matches_the_models(app):
    """What `flask db migrate` would write next is nothing: no model change lacks a migration."""
    with app.app_context(), db.engine.connect() as conn:
        options = {"include_object": comparable} if conn.dialect.name == "sqlite" else {}
        context = MigrationContext.configure(conn, opts=options)
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_downgrade_to_base_and_upgrade_again(fresh_database_url, tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=fresh_database_url,
                     UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with app.app_context():
        upgrade()
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert set(sa.inspect(db.engine).get_table_names()) == tables
        db.engine.dispose()

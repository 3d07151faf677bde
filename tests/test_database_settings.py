"""The app's PostgreSQL connections carry POSTGRES_OPTIONS (see config.py for why)."""

from __future__ import annotations

import sqlalchemy as sa

from tracker.extensions import db


def setting(app, name: str) -> str:
    with app.app_context():
        return db.session.execute(sa.text(f"SHOW {name}")).scalar_one()


def test_every_statement_gets_a_plan_for_its_own_company(app):
    assert setting(app, "plan_cache_mode") == "force_custom_plan"


def test_parallel_query_is_off(app):
    assert setting(app, "max_parallel_workers_per_gather") == "0"

"""Quota use under concurrency on PostgreSQL: 20 simultaneous submissions, 5 quotas."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from config import TestConfig
from tests.case_helpers import TODAY, pin_today, used, walk
from tracker import create_app
from tracker.cases.models import Case
from tracker.cases.moves import MoveRefused, move_case
from tracker.extensions import db

THREADS = 20
QUOTAS = 5


@pytest.fixture
def pool_app(app, database_url):
    """A second app on the same database with a pool big enough for every thread."""
    if not database_url.startswith("postgresql"):
        pytest.skip("concurrency is tested on PostgreSQL")
    wide = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                      SQLALCHEMY_ENGINE_OPTIONS={"pool_size": THREADS + 5, "max_overflow": 0},
                      TODAY_OVERRIDE="2025-06-02")
    yield wide
    with wide.app_context():
        db.engine.dispose()


def test_exactly_the_quota_succeeds_under_concurrent_submissions(app, pool_app, make,
                                                                  monkeypatch):
    pin_today(app, monkeypatch)
    company = make.company()
    allotment = make.techtas_allotment(company, positions=[{"quotas": QUOTAS}])
    cases = [make.case(company, allotment=allotment) for _ in range(THREADS)]
    for case in cases:
        make.documents(case)
        walk(app, case, "preparing")

    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(case) -> None:
        with pool_app.app_context():  # one app context, so one session, per thread
            db.session.execute(sa.text("SELECT 1"))  # hold a connection before the start
            barrier.wait(timeout=30)
            try:
                move_case(case.id, case.company_id, "submitted",
                          facts={"submitted_on": TODAY})
                result = "ok"
            except MoveRefused as refusal:
                result = f"refused: {refusal}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=submit, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == THREADS
    assert outcomes.count("ok") == QUOTAS, outcomes
    refusals = [o for o in outcomes if o != "ok"]
    assert all("No quota left on position" in o for o in refusals), refusals
    assert used(app, allotment.position_id) == QUOTAS
    with app.app_context():
        holders = db.session.scalar(sa.select(sa.func.count()).select_from(Case).where(
            Case.position_id == allotment.position_id, Case.quota_held,
            Case.stage == "submitted"))
    assert holders == QUOTAS


def test_the_database_check_refuses_used_above_quotas(app, make, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL constraint")
    allotment = make.techtas_allotment(make.company(), positions=[{"quotas": 2}])
    with app.app_context():
        with pytest.raises(IntegrityError, match="ck_quota_positions_used_within_quotas"):
            db.session.execute(sa.text("UPDATE quota_positions SET used = 3 WHERE id = :id"),
                               {"id": allotment.position_id})
        db.session.rollback()
    assert used(app, allotment.position_id) == 0

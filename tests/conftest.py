"""Shared fixtures: a fresh database built by the migrations, clients, factories.

By default the suite runs on a PostgreSQL database created for this test
session (TEST_PG_URL names the server, default postgres@127.0.0.1:5432) and
dropped at the end. With TEST_DB=sqlite it runs on a temporary SQLite file
instead; `make test` runs the tests marked `sqlite` that way too.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from config import TestConfig
from tests.case_helpers import pin_today
from tests.factories import Factory
from tracker import create_app
from tracker.extensions import db

# The reminder tests' real parts (SMTP server, Celery workers, own Redis), and
# queued tasks run in the test process (the password reset e-mail).
pytest_plugins = ["tests.reminder_fixtures", "tests.queued_tasks"]

PG_SERVER = os.environ.get("TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432")
USE_SQLITE = os.environ.get("TEST_DB") == "sqlite"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On SQLite, run only the tests marked `sqlite`."""
    if not USE_SQLITE:
        return
    skip = pytest.mark.skip(reason="PostgreSQL-only test (TEST_DB=sqlite)")
    for item in items:
        if "sqlite" not in item.keywords:
            item.add_marker(skip)


@contextlib.contextmanager
def new_database() -> Iterator[str]:
    """A brand-new, empty database (a PostgreSQL database or a SQLite file), dropped after."""
    if USE_SQLITE:
        with tempfile.TemporaryDirectory(prefix="tracker-test-") as folder:
            yield f"sqlite:///{folder}/test.db"
        return
    name = f"tracker_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{PG_SERVER.split('://', 1)[1]}/{name}"
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """This test session's database (each pytest-xdist worker has its own)."""
    with new_database() as url:
        yield url


@pytest.fixture
def fresh_database_url() -> Iterator[str]:
    """An empty database of the test's own, for tests that build or drop a schema."""
    with new_database() as url:
        yield url


def worker_redis_url(base: str) -> str:
    """*base* on a Redis database of this test process's own.

    pytest-xdist names its workers gw0, gw1, …: each gets database 1, 2, …, so
    parallel workers never share throttle counters or Celery's bookkeeping (the
    Celery workers a test starts are given the same URL). Database 0 is left to
    `make run`.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = 1 + int(worker.removeprefix("gw") or 0) % 15  # Redis has databases 0–15
    server, _, _ = base.rpartition("/") if base.count("/") > 2 else (base, "", "")
    return f"{server}/{number}"


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app on the test database, built by running the Alembic migrations."""
    work = tmp_path_factory.mktemp("instance")
    redis_url = worker_redis_url(TestConfig.REDIS_URL)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     UPLOAD_FOLDER=str(work / "uploads"), MAIL_FILE_PATH=str(work / "mail"),
                     REDIS_URL=redis_url,
                     CELERY={**TestConfig.CELERY, "broker_url": redis_url,
                             "result_backend": redis_url})
    with app.app_context():
        upgrade()
    yield app
    reset_login_throttle(app)
    # Tasks that pages queued and no worker ran (reset e-mails, Resend): leave
    # nothing of this session in the shared Redis.
    from tests.reminder_fixtures import purge_queue  # a plugin: loaded by then

    with contextlib.suppress(Exception):
        purge_queue(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empty every table and the mail outbox after each test: tests never see each other's."""
    yield
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    reset_login_throttle(app)
    # The locmem mail backend keeps one outbox for the whole session.
    getattr(app.extensions["mailman"], "outbox", []).clear()
    with app.app_context():
        db.session.remove()
        # DELETE, children before parents: on these near-empty tables it costs a
        # few milliseconds where TRUNCATE rewrites every table's files (~0.4 s).
        # Ids therefore keep counting up across tests: no test may expect id 1.
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


def reset_login_throttle(app: Flask) -> None:
    """Forget this session's sign-in failures (only keys under its own Redis prefix)."""
    limiter = app.extensions["login_limiter"]
    # If Redis was slow once (a loaded machine), Flask-Limiter counts in memory
    # until Redis answers again: clear that too (a private attribute, tests only).
    limiter._fallback_storage.reset()
    with contextlib.suppress(Exception):  # Redis down: nothing to clear there
        limiter.reset()


class SettableClock:
    """A clock for tests: starts at the real time, moves only when told to."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move time forward, e.g. clock.advance(minutes=31)."""
        self.now += timedelta(**delta)


@pytest.fixture
def clock(app: Flask) -> Iterator[SettableClock]:
    """Inject a settable clock into the app (tracker.clock.utcnow reads it)."""
    fake = SettableClock()
    app.config["CLOCK"] = fake
    yield fake
    app.config["CLOCK"] = None


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def make(app: Flask) -> Factory:
    """Factories that create committed rows and return plain records (see factories.py)."""
    return Factory(app)


@pytest.fixture
def login(client: FlaskClient):
    """login(user) signs *user* in through the real form on the test client."""

    def sign_in(user, password: str | None = None, the_client: FlaskClient | None = None):
        used = the_client or client
        response = used.post("/login", data={"email": user.email,
                                             "password": password or user.password})
        assert response.status_code == 302, "sign-in failed"
        return used

    return sign_in


# The fixtures most test modules need. A module that needs something else
# (a named company, a staff user with a given e-mail) defines its own
# fixture of the same name, which takes precedence over these.

@pytest.fixture
def company(make: Factory):
    """A company of its own for the test."""
    return make.company()


@pytest.fixture
def staff(make: Factory, company, login):
    """A staff user of `company`, signed in on `client`."""
    user = make.user(company, role="staff")
    login(user)
    return user


@pytest.fixture
def pinned_today(app: Flask, monkeypatch: pytest.MonkeyPatch) -> date:
    """clock.today() is case_helpers.TODAY for the test. Modules whose every test
    needs it say `pytestmark = pytest.mark.usefixtures("pinned_today")`."""
    return pin_today(app, monkeypatch)


@pytest.fixture
def allotment(make: Factory, company):
    """A TechTAS allotment of `company` with one position of 2 quotas."""
    return make.techtas_allotment(company, positions=[{"quotas": 2}])


@pytest.fixture
def techtas(make: Factory, company, allotment):
    """A TechTAS case on `allotment`, with every required document received."""
    case = make.case(company, allotment=allotment)
    make.documents(case)
    return case

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
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from config import TestConfig
from tests.case_helpers import pin_today
from tests.factories import Factory
from tracker import create_app
from tracker.extensions import db

# The reminder tests' real parts (SMTP server, Celery workers, own Redis).
pytest_plugins = ["tests.reminder_fixtures"]

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


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A brand-new, empty database for this test session."""
    if USE_SQLITE:
        folder = tempfile.mkdtemp(prefix="tracker-test-")
        yield f"sqlite:///{folder}/test.db"
        return
    name = f"tracker_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://{PG_SERVER.split('://', 1)[1]}/{name}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app on the test database, built by running the Alembic migrations."""
    work = tmp_path_factory.mktemp("instance")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     UPLOAD_FOLDER=str(work / "uploads"), MAIL_FILE_PATH=str(work / "mail"))
    with app.app_context():
        upgrade()
    yield app
    reset_login_throttle(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empty every table after each test, so tests never see each other's rows."""
    yield
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    reset_login_throttle(app)
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(sa.text(f"DELETE FROM {table}"))


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

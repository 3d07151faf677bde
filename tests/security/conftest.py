"""Fixtures of the security suite: the two-company world, an app with CSRF on."""

from __future__ import annotations

import os

import pytest
from flask import Flask
from hypothesis import HealthCheck, settings

from config import TestConfig
from tests.factories import Factory
from tests.security.world import World, build_world
from tracker import create_app

# Fuzzing stays modest by default so the suite stays fast: 15 random submissions
# per form on top of the ~950 fixed ones (test_fuzz_forms.MUST_TRY_BY_KIND), about
# 50 s for the module. FUZZ_EXAMPLES=200 (or 500) runs a deeper search locally.
# The world is built once per test, not per example.
settings.register_profile(
    "security",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def world(app: Flask, make: Factory) -> World:
    """Company A with a viewer, staff and admin; company B with an admin."""
    return build_world(app, make)


@pytest.fixture(scope="session")
def csrf_app(app: Flask, database_url: str) -> Flask:
    """A second app on the same database with CSRF protection switched on."""
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                      UPLOAD_FOLDER=app.config["UPLOAD_FOLDER"],
                      MAIL_FILE_PATH=app.config["MAIL_FILE_PATH"], WTF_CSRF_ENABLED=True)

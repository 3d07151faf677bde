"""The optional Server-Timing header used by the benchmark."""

from __future__ import annotations

import re

import pytest

from config import TestConfig
from tracker import create_app

pytestmark = pytest.mark.sqlite


def test_server_timing_only_when_enabled(app, database_url):
    assert "Server-Timing" not in app.test_client().get("/login").headers
    timed = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, SERVER_TIMING=True)
    header = timed.test_client().get("/login").headers["Server-Timing"]
    assert re.fullmatch(r"app;dur=\d+\.\d\d", header)

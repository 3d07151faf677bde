"""The Server-Timing header that the benchmark's app adds."""

from __future__ import annotations

import re

from bench import timing
from config import TestConfig
from tracker import create_app


def test_server_timing_only_on_the_benchmarks_app(app, database_url):
    assert "Server-Timing" not in app.test_client().get("/login").headers
    timed = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    timing.register(timed)
    header = timed.test_client().get("/login").headers["Server-Timing"]
    assert re.fullmatch(r"app;dur=\d+\.\d\d", header)

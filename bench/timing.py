"""The Server-Timing header that the benchmark reads (bench/app.py adds it).

It reports the time spent inside Flask for each request, so load tests can
tell server time from client and network overhead.
"""

from __future__ import annotations

import time

from flask import Flask, g
from werkzeug.wrappers import Response


def register(app: Flask) -> None:
    """Add a Server-Timing header with the time spent inside Flask to every response."""

    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def add_server_timing(response: Response) -> Response:
        started = g.get("request_started")
        if started is not None:
            elapsed_ms = (time.perf_counter() - started) * 1000
            response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.2f}"
        return response

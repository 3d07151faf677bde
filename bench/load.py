"""A small concurrent HTTP load generator (threads with keep-alive connections).

Each client thread owns one signed-in session and one persistent connection,
requests its page for a fixed duration, and records the client-observed
latency and the server's own time (from the `Server-Timing: app;dur=…`
header that bench/timing.py adds).
"""

from __future__ import annotations

import http.client
import re
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")


@dataclass
class Session:
    """A signed-in client: its cookie header and its company's sample ids."""

    cookie: str
    company_id: int
    ids: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    client_ms: list[float]
    server_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, values: list[float], q: float) -> float:
        if not values:
            return float("nan")
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]

    def __add__(self, other: Result) -> Result:
        """Two runs of the same page as one (requests per second over both durations)."""
        return Result(self.requests + other.requests, self.errors + other.errors,
                      self.seconds + other.seconds, self.client_ms + other.client_ms,
                      self.server_ms + other.server_ms)

    def summary(self) -> dict[str, float | int]:
        return {
            "requests": self.requests, "errors": self.errors, "rps": round(self.rps, 1),
            "p50_ms": round(self.percentile(self.client_ms, 50), 2),
            "p95_ms": round(self.percentile(self.client_ms, 95), 2),
            "p99_ms": round(self.percentile(self.client_ms, 99), 2),
            "server_p50_ms": round(self.percentile(self.server_ms, 50), 2),
            "server_p95_ms": round(self.percentile(self.server_ms, 95), 2),
            "server_p99_ms": round(self.percentile(self.server_ms, 99), 2),
        }


def sign_in(host: str, port: int, email: str, password: str) -> str:
    """Sign in through the login form; returns the session cookie header value."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("GET", "/login")
    page = conn.getresponse()
    body = page.read().decode()
    cookie = _cookie(page.getheader("Set-Cookie", ""))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body)
    form = {"email": email, "password": password, "csrf_token": token.group(1) if token else ""}
    conn.request("POST", "/login", body=urlencode(form), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        raise RuntimeError(f"sign-in of {email} failed with HTTP {response.status}")
    return _cookie(response.getheader("Set-Cookie", "")) or cookie


def _cookie(set_cookie: str) -> str:
    match = re.search(r"((?:__Host-)?session=[^;]+)", set_cookie)
    return match.group(1) if match else ""


def drive(host: str, port: int, sessions: list[Session], path_for: Callable[[Session, int], str],
          seconds: float, clients: int) -> Result:
    """Run *clients* threads for *seconds*, each requesting path_for(session, n)."""
    stop_at = time.perf_counter() + seconds
    lock = threading.Lock()
    client_ms: list[float] = []
    server_ms: list[float] = []
    counts = {"requests": 0, "errors": 0}

    def worker(index: int) -> None:
        session = sessions[index % len(sessions)]
        conn = http.client.HTTPConnection(host, port, timeout=30)
        mine_client, mine_server, n, errors = [], [], 0, 0
        while time.perf_counter() < stop_at:
            path = path_for(session, n)
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": session.cookie})
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            n += 1
            if response.status != 200:
                errors += 1
                continue
            mine_client.append(elapsed)
            timing = SERVER_TIMING.search(response.getheader("Server-Timing", ""))
            if timing:
                mine_server.append(float(timing.group(1)))
        conn.close()
        with lock:
            client_ms.extend(mine_client)
            server_ms.extend(mine_server)
            counts["requests"] += len(mine_client)
            counts["errors"] += errors

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(counts["requests"], counts["errors"], time.perf_counter() - started,
                  client_ms, server_ms)

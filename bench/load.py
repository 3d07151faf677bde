"""A small concurrent HTTP load generator (threads with keep-alive connections).

Each client thread owns one signed-in session and one persistent connection,
requests its page for a fixed duration, and records the client-observed
latency and the server's own time (from the `Server-Timing: app;dur=…`
header that bench/timing.py adds).

A target is either a page (a function giving the path to GET) or a form save
(FormSave): the client reads the form from the page once, then repeats what a
user's save costs: the POST, its redirect and the GET of the page it leads to,
whose form (and CSRF token) feeds the next save. One repetition is one request
in the figures, its time the POST's and the GET's together.
"""

from __future__ import annotations

import http.client
import re
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

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


@dataclass(frozen=True)
class FormSave:
    """A form the client posts again and again: *page* gives the path of the page holding
    it; *form* reads that page's HTML and returns (action, fields) of the next save, or
    None when the page offers none (the save is then counted as an error)."""

    page: Callable[[Session, int], str]
    form: Callable[[str, Session, int], tuple[str, dict[str, str]] | None]


Target = Callable[[Session, int], str] | FormSave


class _Client:
    """One client's connection and cookie (a save's responses update the cookie)."""

    def __init__(self, host: str, port: int, cookie: str) -> None:
        self.host, self.port, self.cookie = host, port, cookie
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def request(self, method: str, path: str, fields: dict[str, str] | None = None
                ) -> tuple[int, str, dict[str, str]]:
        """(status, body, headers) of one request on the kept-alive connection."""
        headers = {"Cookie": self.cookie}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        self.cookie = _cookie(response.getheader("Set-Cookie", "")) or self.cookie
        return response.status, text, {k.lower(): v for k, v in response.getheaders()}

    def reconnect(self) -> None:
        self.conn.close()
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)


def _server_ms(headers: dict[str, str]) -> float | None:
    timing = SERVER_TIMING.search(headers.get("server-timing", ""))
    return float(timing.group(1)) if timing else None


def _get(client: _Client, path: str) -> tuple[bool, float | None]:
    """One GET of a page: (answered 200, server ms)."""
    status, _body, headers = client.request("GET", path)
    return status == 200, _server_ms(headers)


def _open(client: _Client, save: FormSave, session: Session, n: int, state: dict[str, Any]
          ) -> bool:
    """Read the page holding the form (before the first save, and after a failed one)."""
    status, page, _ = client.request("GET", save.page(session, n))
    if status == 200:
        state["page"] = page
    return status == 200


def _save(client: _Client, save: FormSave, session: Session, n: int, state: dict[str, Any]
          ) -> tuple[bool, float | None]:
    """One save: POST the form read from the page, then GET the page it redirects to
    (the time of both). A refused save (no redirect) or a page without the form is an
    error, and the next save reads the page again."""
    posted = save.form(state.pop("page"), session, n)
    if posted is None:
        return False, None
    status, _body, headers = client.request("POST", *posted)
    location = headers.get("location")
    if status != 302 or not location:
        return False, None
    parts = urlsplit(location)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    got, page, page_headers = client.request("GET", path)
    if got != 200:
        return False, None
    state["page"] = page
    posted_ms, page_ms = _server_ms(headers), _server_ms(page_headers)
    return True, (posted_ms + page_ms if posted_ms is not None and page_ms is not None
                  else None)


def _step(client: _Client, target: Target, session: Session, n: int, state: dict[str, Any]
          ) -> tuple[bool, float | None, float]:
    """One measured repetition of *target*: (succeeded, server ms, client ms). A save's
    page is read first, untimed, when the client holds none."""
    if (isinstance(target, FormSave) and "page" not in state
            and not _open(client, target, session, n, state)):
        return False, None, 0.0
    started = time.perf_counter()
    if isinstance(target, FormSave):
        ok, server = _save(client, target, session, n, state)
    else:
        ok, server = _get(client, target(session, n))
    return ok, server, (time.perf_counter() - started) * 1000


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


def drive(host: str, port: int, sessions: list[Session], target: Target,
          seconds: float, clients: int) -> Result:
    """Run *clients* threads for *seconds*, each requesting *target* (a page's path for
    (session, n), or a FormSave) again and again."""
    stop_at = time.perf_counter() + seconds
    lock = threading.Lock()
    client_ms: list[float] = []
    server_ms: list[float] = []
    counts = {"requests": 0, "errors": 0}

    def worker(index: int) -> None:
        session = sessions[index % len(sessions)]
        client = _Client(host, port, session.cookie)
        state: dict[str, Any] = {}
        mine_client, mine_server, n, errors = [], [], 0, 0
        while time.perf_counter() < stop_at:
            try:
                ok, server, elapsed = _step(client, target, session, n, state)
            except (OSError, http.client.HTTPException):
                errors += 1
                state.clear()
                client.reconnect()
                continue
            n += 1
            if not ok:
                errors += 1
                continue
            mine_client.append(elapsed)
            if server is not None:
                mine_server.append(server)
        client.conn.close()
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

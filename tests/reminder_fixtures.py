"""Real parts for the reminder tests: an SMTP server, Celery workers, a Redis of our own.

Loaded as a pytest plugin from tests/conftest.py, so the browser tests can use
them too. Everything started here is stopped by its own PID.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition: Callable[[], object], timeout: float = 20, interval: float = 0.05,
             message: str = "condition") -> object:
    """Poll *condition* until it returns something true; fail the test after *timeout*."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


@dataclass
class Received:
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        # Flask-Mailman folds a non-ASCII subject onto its own line ("Subject:\n =?utf-8?…");
        # unfolding leaves a leading space that mail clients do not show.
        return str(self.message["Subject"]).strip()

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    def part(self, subtype: str) -> str:
        """The text/plain or text/html body."""
        return self.message.get_body(preferencelist=(subtype,)).get_content()


@dataclass
class SmtpSink:
    """aiosmtpd on 127.0.0.1 that keeps what it receives; can be stopped and restarted.

    `hold_at(n)` makes the server stall the n-th transaction (1-based) at MAIL
    FROM, before any message data, so a test can kill the sending worker there.
    """

    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)
    controller: Controller | None = None
    transactions: int = 0
    hold: int = 0
    refuse: str = ""  # an SMTP reply to RCPT TO, e.g. "550 5.1.1 mailbox unavailable"
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        self.transactions += 1
        if self.hold and self.transactions == self.hold:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        self.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def start(self) -> SmtpSink:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.release.set()
            self.controller.stop()
            self.controller = None

    def hold_at(self, n: int) -> None:
        self.hold, self.transactions = n, 0
        self.holding.clear()
        self.release.clear()

    def subjects(self) -> list[str]:
        return [r.subject for r in self.received]

    def clear(self) -> None:
        self.received.clear()


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A running SMTP server on a free port of 127.0.0.1."""
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp_mail(app: Flask, smtp_sink: SmtpSink) -> Iterator[SmtpSink]:
    """Make the in-process app send over SMTP to the sink (instead of locmem)."""
    state = app.extensions["mailman"]
    saved = (state.backend, state.server, state.port, state.timeout)
    state.backend, state.server, state.port, state.timeout = (
        "smtp", "127.0.0.1", smtp_sink.port, 2)
    yield smtp_sink
    state.backend, state.server, state.port, state.timeout = saved


# Long enough that a request which sent the e-mail itself could not hide it in noise.
SMTP_SECONDS = 0.3


class SlowSmtpSink(SmtpSink):
    """An SMTP server that takes SMTP_SECONDS to accept each message, like a real one far away."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(SMTP_SECONDS)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp(app) -> Iterator[SlowSmtpSink]:
    """A slow SMTP server, which the in-process app also sends to (if it sends at all)."""
    sink = SlowSmtpSink().start()
    state = app.extensions["mailman"]
    saved = (state.backend, state.server, state.port, state.timeout)
    state.backend, state.server, state.port, state.timeout = "smtp", "127.0.0.1", sink.port, 5
    yield sink
    state.backend, state.server, state.port, state.timeout = saved
    sink.stop()


class Worker:
    """`celery -A wsgi.celery_app worker` as a real process, on this session's queue."""

    def __init__(self, env: dict[str, str], log: Path, pool: str = "solo") -> None:
        self.env, self.log, self.pool = env, log, pool
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30, wait: bool = True) -> Worker:
        """Start the process; unless wait=False, return once it consumes tasks."""
        self._offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(BIN / "celery"), "-A", "wsgi.celery_app", "worker", "--pool", self.pool,
                 "--concurrency", "1", "--loglevel", "INFO", "--without-gossip",
                 "--without-mingle", "--without-heartbeat",
                 "-n", f"test-{os.getpid()}-{time.monotonic_ns()}@%h"],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        if wait:
            self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 30) -> None:
        wait_for(lambda: self.ready() or self._died(), timeout,
                 message="the Celery worker to be ready")
        assert self.process.poll() is None, self.output()

    def ready(self) -> bool:
        return b" ready." in self.log.read_bytes()[self._offset:]

    def _died(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no chance to finish or acknowledge anything."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-5000:]


def worker_env(app: Flask, smtp_port: int, **extra: str) -> dict[str, str]:
    """The environment of a test worker: the test database, queue and SMTP server."""
    env = dict(os.environ)
    env.update({
        "APP_ENV": "test", "FLASK_APP": "wsgi",
        "TEST_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "CELERY_QUEUE": app.config["CELERY"]["task_default_queue"],
        "REDIS_URL": app.config["REDIS_URL"],
        "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_port),
        "APP_BASE_URL": app.config["APP_BASE_URL"],
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("CELERY_BROKER_URL", None)
    env.update(extra)
    return env


@pytest.fixture
def start_worker(app: Flask, tmp_path: Path, session_queue: str,
                 ) -> Iterator[Callable[..., Worker]]:
    """start_worker(smtp_port, **env) starts a worker; every one is stopped afterwards."""
    workers: list[Worker] = []
    purge_queue(app)  # no task left over from an earlier test may reach this worker

    def start(smtp_port: int, wait: bool = True, **extra: str) -> Worker:
        log = tmp_path / f"worker-{len(workers) + 1}.log"
        worker = Worker(worker_env(app, smtp_port, **extra), log)
        workers.append(worker)
        return worker.start(wait=wait)

    yield start
    for worker in workers:
        worker.stop()
    for n, worker in enumerate(workers, 1):  # shown by pytest only when the test failed
        print(f"--- worker {n} log ---\n" + worker.output())


def purge_queue(app: Flask) -> None:
    """Empty this session's Celery queue on the app's broker."""
    celery = app.extensions["celery"]
    with celery.connection_for_write() as connection:
        connection.default_channel.queue_purge(celery.conf.task_default_queue)


def forget_unacked(redis_url: str, queue: str) -> int:
    """Drop this queue's messages that SIGKILLed workers left unacknowledged.

    kombu keeps them in the Redis-wide `unacked` hash and would put them back on
    the queue an hour later, long after this session and its database are gone.
    """
    import json

    import redis

    client = redis.Redis.from_url(redis_url)
    mine = [tag for tag, raw in client.hgetall("unacked").items()
            if json.loads(raw)[2] == queue]
    if mine:
        client.zrem("unacked_index", *mine)
        client.hdel("unacked", *mine)
    return len(mine)


@pytest.fixture(scope="session")
def session_queue(app: Flask) -> Iterator[str]:
    """This session's queue name; emptied at the end, so nothing is left in the shared Redis."""
    queue = app.extensions["celery"].conf.task_default_queue
    yield queue
    purge_queue(app)
    forget_unacked(app.config["REDIS_URL"], queue)


class RedisServer:
    """A redis-server of the test's own on a free port, stopped by its PID."""

    def __init__(self, folder: Path) -> None:
        self.port, self.folder = free_port(), folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, 10, message="redis-server")
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()

"""The shipped gunicorn configuration (gunicorn.conf.py) against slow and malformed clients.

gunicorn runs as in production: `gunicorn -c gunicorn.conf.py wsgi:app`, production
settings, on the test database, stopped by its PID.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest

from tests.reminder_fixtures import BIN, ROOT, free_port, wait_for


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@pytest.fixture
def gunicorn(app, tmp_path) -> Iterator[int]:
    """The shipped configuration serving wsgi:app; yields its port."""
    port = free_port()
    env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": "g" * 48,
           "TRUSTED_HOSTS": "127.0.0.1", "GUNICORN_BIND": f"127.0.0.1:{port}",
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "REDIS_URL": app.config["REDIS_URL"], "UPLOAD_FOLDER": str(tmp_path)}
    log = (tmp_path / "gunicorn.log").open("wb")
    process = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: answers(port) or process.poll() is not None, 30,
                 message="gunicorn to listen")
        assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def http(port: int, raw: bytes, timeout: float = 10) -> bytes:
    """Send *raw* on a new connection; everything the server answers until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


def trickle(port: int, stop: threading.Event) -> None:
    """A client that announces a 1,000-byte body and sends it 7 bytes at a time."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: 1000\r\n\r\n")
        sent = 0
        while sent < 1000 and not stop.wait(0.5):
            sock.sendall(b"e=xxxx&"[: 1000 - sent])
            sent += 7


def test_slow_clients_do_not_stall_the_server(gunicorn):
    """As many trickling clients as a sync set-up has workers: /healthz answers at once."""
    stop = threading.Event()
    slow = [threading.Thread(target=trickle, args=(gunicorn, stop), daemon=True)
            for _ in range(4)]
    for client in slow:
        client.start()
    time.sleep(1.5)  # every slow client is inside a request by now
    try:
        seconds = []
        for _ in range(3):
            started = time.monotonic()
            # A stalled server would not answer before the slow bodies end (~70 s):
            # http() gives up after 10 s and the test fails.
            response = http(gunicorn, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                      b"Connection: close\r\n\r\n")
            seconds.append(time.monotonic() - started)
            assert response.startswith(b"HTTP/1.1 200")
        # The fastest of three: on a loaded 2-core machine one answer may queue for CPU.
        assert min(seconds) < 1.0, seconds
    finally:
        stop.set()
        for client in slow:
            client.join(5)


def test_a_malformed_chunk_size_is_a_400(gunicorn):
    response = http(gunicorn, b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              b"Content-Type: application/x-www-form-urlencoded\r\n"
                              b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                              b"ZZZ\r\nemail=a\r\n0\r\n\r\n")
    assert response.startswith(b"HTTP/1.1 400"), response[:200]

"""gunicorn's production settings: `gunicorn wsgi:app` reads this file from the working folder.

Why these (the README's "Running in production" says more):
- Threaded workers (gthread). A sync worker serves one connection from its first byte to
  its last, so two clients sending a body a few bytes at a time held both workers of a
  2-worker server and every other request waited. A gthread worker parses each request
  in one of its threads: a slow client holds a thread, not the worker.
- A timeout for every request and for idle keep-alive connections, and limits on the
  request line and headers, so a client cannot hold a thread for ever or send endless
  headers. The body's size is Flask's MAX_CONTENT_LENGTH.
- Workers restart after a number of requests (with jitter, not all at once), which
  bounds any slow growth of memory.

Threads only move the limit: many slow clients still exhaust them. In production a
buffering reverse proxy (nginx, a cloud load balancer) goes in front and hands gunicorn
whole requests. Every setting can be changed with an environment variable.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = _int("WEB_CONCURRENCY", 2)
threads = _int("GUNICORN_THREADS", 8)
# A worker that has not answered its master for this long is restarted.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5  # seconds an idle keep-alive connection is kept
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = 500

"""Run queued Celery tasks in the test process, for tests that need what a task does
(the password reset e-mail) without starting a worker.

The task still goes through the real broker: the view publishes it to this test
session's queue on Redis, and `run_tasks()` takes it from there, decodes it and
runs the registered task (in the app context, as the worker would). The tests
of the worker itself start a real one (tests/reminder_fixtures.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from tests.reminder_fixtures import purge_queue


def run_queued(app: Flask, prefix: str = "auth.") -> int:
    """Run each waiting task whose name starts with *prefix*; drop any other. Returns
    how many ran."""
    celery = app.extensions["celery"]
    ran = 0
    with celery.connection_for_read() as connection:
        queue = connection.SimpleQueue(celery.conf.task_default_queue)
        try:
            while True:
                try:
                    message = queue.get(block=False)
                except queue.Empty:
                    return ran
                message.ack()
                name = message.headers.get("task", "")
                args, kwargs, _embed = message.payload  # Celery's message protocol 2
                if name.startswith(prefix):
                    celery.tasks[name](*args, **kwargs)
                    ran += 1
        finally:
            queue.close()


@pytest.fixture
def run_tasks(app: Flask) -> Iterator[Callable[[], int]]:
    """run_tasks() runs the account tasks queued so far (the queue starts empty)."""
    purge_queue(app)  # nothing queued by an earlier test runs in this one
    yield lambda: run_queued(app)
    purge_queue(app)

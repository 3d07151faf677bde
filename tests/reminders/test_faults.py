"""Exactly once, whatever fails: real Celery workers, real SMTP, real Redis.

Each test starts `celery -A wsgi.celery_app worker` as a process on this
session's own queue and database, sending to aiosmtpd on 127.0.0.1, then
breaks something for real: SIGKILL, concurrent scans, SMTP down, Redis down.
"""

from __future__ import annotations

import subprocess
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from config import TestConfig
from tests.reminder_fixtures import BIN, ROOT, worker_env
from tests.reminder_fixtures import wait_for as wait_until
from tests.reminders import builders as build
from tracker import create_app
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment

EXPIRY = date(2030, 6, 30)
DAY = EXPIRY - timedelta(days=30)


def enqueue(app, name: str, *args) -> None:
    """Queue a task as beat would, on the app's own queue."""
    with app.app_context():
        app.extensions["celery"].send_task(name, args=args, ignore_result=True)


def statuses(app) -> Counter:
    """Statuses of the reminders to send (not the older offsets superseded by them)."""
    return Counter(row["status"] for row in build.ledger(app, kind="quota_expiry")
                   if row["reason"] != "superseded")


def due_allotments(app, make, count: int) -> list[int]:
    """*count* allotments whose 30-day reminder is due on DAY (and nothing older)."""
    company = make.company()
    make.user(company, role="admin", password=None)
    with app.app_context():
        from tracker.companies.models import Company
        db.session.get(Company, company.id).quota_reminder_offsets = "30"
        db.session.commit()
    return [build.allotment(app, company.id, EXPIRY) for _ in range(count)]


def all_sent(app, count: int) -> bool:
    return statuses(app) == Counter({"sent": count})


def test_the_daily_scan_runs_in_the_worker(app, make, smtp_sink, start_worker):
    due_allotments(app, make, 3)
    start_worker(smtp_sink.port)
    enqueue(app, "reminders.scan", DAY.isoformat())
    wait_until(lambda: all_sent(app, 3), message="3 reminders sent")
    assert len(smtp_sink.received) == 3
    rows = build.ledger(app, kind="quota_expiry")
    assert sorted(r.message_id for r in smtp_sink.received) == sorted(
        r["message_id"] for r in rows)


def test_worker_killed_mid_batch_sends_each_reminder_once(app, make, smtp_sink, start_worker):
    due_allotments(app, make, 6)
    smtp_sink.hold_at(3)  # the third e-mail stalls at MAIL FROM, before any data
    worker = start_worker(smtp_sink.port)
    enqueue(app, "reminders.scan", DAY.isoformat())
    assert smtp_sink.holding.wait(30), worker.output()
    worker.kill()
    smtp_sink.release.set()
    assert statuses(app) == Counter({"sent": 2, "sending": 1, "pending": 3})
    (stuck,) = build.ledger(app, status="sending")

    start_worker(smtp_sink.port)  # the restart
    wait_until(lambda: all_sent(app, 6), message="all 6 sent after the restart")
    time.sleep(1)  # let any duplicate task the restart queued run (and find nothing to do)
    assert all_sent(app, 6)
    assert len(smtp_sink.received) == 6
    assert len({r.message_id for r in smtp_sink.received}) == 6
    rows = {r["id"]: r for r in build.ledger(app, kind="quota_expiry")}
    assert rows[stuck["id"]]["attempts"] == 2  # taken over once its lease ran out
    assert stuck["message_id"] in {r.message_id for r in smtp_sink.received}


def test_concurrent_scans_send_nothing_twice(app, make, smtp_sink, start_worker):
    """A worker's scan and two manual `flask send-reminders` runs at the same moment."""
    count = 30
    due_allotments(app, make, count)
    start_worker(smtp_sink.port)
    env = worker_env(app, smtp_sink.port)
    command = [str(BIN / "flask"), "send-reminders", "--today", DAY.isoformat()]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    enqueue(app, "reminders.scan", DAY.isoformat())
    outputs = [run.communicate(timeout=60)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    wait_until(lambda: all_sent(app, count), message=f"{count} reminders sent")
    time.sleep(0.5)
    assert len(smtp_sink.received) == count
    assert max(Counter(r.message_id for r in smtp_sink.received).values()) == 1
    assert max(Counter(r.subject for r in smtp_sink.received).values()) == 1


def test_smtp_down_retries_then_failed_then_hourly_retry_sends(app, make, smtp_sink,
                                                                start_worker):
    due_allotments(app, make, 1)
    smtp_sink.stop()  # nothing listens on the port now
    start_worker(smtp_sink.port)
    enqueue(app, "reminders.scan", DAY.isoformat())
    wait_until(lambda: statuses(app) == Counter({"failed": 1}), message="the row to fail")
    (row,) = build.ledger(app, kind="quota_expiry")
    assert row["attempts"] == TestConfig.REMINDER_MAX_RETRIES + 1
    assert "ConnectionRefusedError" in row["error"]

    smtp_sink.start()  # the mail server is back on the same port
    enqueue(app, "reminders.retry_failed")  # what beat runs every hour
    wait_until(lambda: all_sent(app, 1), message="the hourly retry to send it")
    assert len(smtp_sink.received) == 1
    (row,) = build.ledger(app, kind="quota_expiry")
    assert row["attempts"] == TestConfig.REMINDER_MAX_RETRIES + 2 and row["error"] == ""


def test_smtp_back_during_the_backoff_is_sent_by_a_retry(app, make, smtp_sink, start_worker):
    due_allotments(app, make, 1)
    smtp_sink.stop()
    start_worker(smtp_sink.port, REMINDER_MAX_RETRIES="6", REMINDER_RETRY_BASE_SECONDS="0.5",
                 REMINDER_RETRY_MAX_SECONDS="2")
    enqueue(app, "reminders.scan", DAY.isoformat())
    wait_until(lambda: (build.ledger(app, kind="quota_expiry") or [{}])[0].get("attempts", 0)
               >= 2, message="two failed attempts")
    (row,) = build.ledger(app, kind="quota_expiry")
    assert row["status"] in {"pending", "sending"} and "will retry" in row["error"]
    smtp_sink.start()
    wait_until(lambda: all_sent(app, 1), message="a retry to send it")
    assert len(smtp_sink.received) == 1


@pytest.fixture
def redis_app(app, own_redis):
    """The app (same database) with its broker on a Redis of the test's own."""
    queue = app.config["CELERY"]["task_default_queue"] + "-own-redis"
    celery = {**app.config["CELERY"], "broker_url": own_redis.url,
              "result_backend": own_redis.url, "task_default_queue": queue}
    web = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                     REDIS_URL=own_redis.url, CELERY=celery)
    yield web
    with web.app_context():
        db.engine.dispose()
    app.extensions["celery"].set_default()


def test_redis_down_pages_work_and_sends_resume(app, redis_app, own_redis, make, smtp_sink,
                                                start_worker, login):
    """Redis stops: pages answer, health says degraded, Resend waits. Redis returns: a
    worker that was running reconnects, one started during the outage comes up, the day's
    missed scan runs by itself (catch-up) and everything waiting is sent, once."""
    company = make.company()
    admin = make.user(company, role="admin")
    failed_allotment = build.allotment(app, company.id, EXPIRY)
    failed_id = build.ledger_row(app, company.id, failed_allotment, attempts=4,
                                 error="SMTP was down")
    build.allotment(app, company.id, EXPIRY + timedelta(days=1))  # for the missed scan
    queue = {"REDIS_URL": own_redis.url,
             "CELERY_QUEUE": redis_app.config["CELERY"]["task_default_queue"]}
    running = start_worker(smtp_sink.port, **queue)
    web = login(admin, the_client=redis_app.test_client())

    own_redis.stop()
    started = time.monotonic()
    health = web.get("/healthz")
    assert health.status_code == 503 and health.json["redis"] == "down"
    assert web.get("/").status_code == 200
    assert web.get("/notifications").status_code == 200
    response = web.post(f"/notifications/{failed_id}/resend", follow_redirects=True)
    assert response.status_code == 200 and b"unreachable" in response.data
    assert time.monotonic() - started < 5  # four requests; none waits for Redis
    assert build.ledger(app, id=failed_id)[0]["status"] == "pending"
    # A worker (re)starting during the outage, on the morning the 09:00 scan was missed.
    late = start_worker(smtp_sink.port, wait=False, REMINDER_CATCH_UP="1",
                        REMINDER_SCAN_TIME="00:00", TODAY_OVERRIDE=DAY.isoformat(), **queue)
    time.sleep(1)
    assert statuses(app) == Counter({"pending": 1})

    own_redis.start()  # back on the same port, empty (it keeps nothing on disk)
    assert web.get("/healthz").status_code == 200
    late.wait_ready()
    wait_until(lambda: all_sent(app, 2), timeout=30, message="both reminders sent")
    assert len(smtp_sink.received) == 2
    assert running.process.poll() is None
    wait_until(lambda: running.output().count("Connected to redis") == 2, timeout=30,
               message="the running worker to reconnect")
    with app.app_context():
        from tracker.reminders.services import last_scan
        assert (last_scan().scan_on, last_scan().trigger) == (DAY, "catch-up")


def test_a_reconnecting_worker_sends_what_the_broker_lost_at_once(app, redis_app, own_redis,
                                                                    make, smtp_sink,
                                                                    start_worker):
    """Redis restarts empty while a reminder is `pending`: its task is gone. The worker
    re-queues it as soon as it reconnects, not at the next hourly retry."""
    (allotment,) = due_allotments(app, make, 1)
    worker = start_worker(smtp_sink.port, REDIS_URL=own_redis.url, TODAY_OVERRIDE=DAY.isoformat(),
                          CELERY_QUEUE=redis_app.config["CELERY"]["task_default_queue"])
    own_redis.stop()
    with app.app_context():
        company_id = db.session.scalar(sa.select(QuotaAllotment.company_id)
                                       .where(QuotaAllotment.id == allotment))
    # Queued before the outage, more than a lease ago; the queue went with Redis.
    lost = build.ledger_row(app, company_id, allotment, status="pending", due_on=EXPIRY,
                            updated_at=datetime.now(UTC) - timedelta(minutes=5))
    own_redis.start()
    wait_until(lambda: worker.output().count("Connected to redis") == 2, timeout=30,
               message="the worker to reconnect")
    wait_until(lambda: build.ledger(app, id=lost)[0]["status"] == "sent", timeout=15,
               message="the lost reminder sent after the reconnection")
    assert len(smtp_sink.received) == 1

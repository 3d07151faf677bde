"""Small rules tested on their own: backoff, permanent errors, the schedule, catch-up."""

from __future__ import annotations

import random
import smtplib
import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from config import TestConfig, celery_settings
from tests.reminders import builders as build
from tracker.celery_app import celery_settings as app_celery_settings
from tracker.reminders import services
from tracker.reminders.delivery import backoff_delay, permanent
from tracker.reminders.tasks import catch_up


def test_backoff_grows_exponentially_with_jitter_up_to_the_cap():
    rng = random.Random(5)
    for retries in range(8):
        ceiling = min(10.0, 0.5 * 2 ** retries)
        delays = [backoff_delay(retries, 0.5, 10.0, rng) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) == 200  # jitter: no two workers retry in lockstep


def test_which_smtp_errors_are_permanent():
    assert permanent(smtplib.SMTPResponseException(550, b"mailbox unavailable"))
    assert permanent(smtplib.SMTPRecipientsRefused({"a@b.example": (550, b"no")}))
    assert not permanent(smtplib.SMTPResponseException(421, b"try later"))
    assert not permanent(smtplib.SMTPServerDisconnected("gone"))
    assert not permanent(ConnectionRefusedError(111, "Connection refused"))


def test_beat_schedule_and_timezone(app):
    conf = app.extensions["celery"].conf
    assert conf.timezone == "Asia/Hong_Kong"
    daily, hourly = (conf.beat_schedule[name] for name in (
        "reminders-daily-scan", "reminders-hourly-retry"))
    assert daily["task"] == "reminders.scan" and hourly["task"] == "reminders.retry_failed"
    assert (daily["schedule"].hour, daily["schedule"].minute) == ({9}, {0})
    assert (len(hourly["schedule"].hour), hourly["schedule"].minute) == (24, {0})
    for name in ("reminders.scan", "reminders.send", "reminders.retry_failed",
                 "reminders.resume"):
        assert name in app.extensions["celery"].tasks
    assert conf.task_acks_late and conf.task_reject_on_worker_lost


def test_scan_time_is_configurable(monkeypatch):
    monkeypatch.setenv("REMINDER_SCAN_TIME", "07:30")
    schedule = celery_settings("redis://x", "q")["beat_schedule"]["reminders-daily-scan"]
    assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({7}, {30})


def test_embedded_broker_settings(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "CELERY", {**app.config["CELERY"],
                                               "broker_url": "filesystem://"})
    monkeypatch.setitem(app.config, "CELERY_FS_FOLDER", str(tmp_path))
    settings = app_celery_settings(app)
    options = settings["broker_transport_options"]
    assert options["data_folder_in"] == options["data_folder_out"] == str(tmp_path / "queue")
    assert (tmp_path / "queue").is_dir() and (tmp_path / "processed").is_dir()
    assert settings["result_backend"] is None


@pytest.mark.usefixtures("session_queue")
def test_catch_up_runs_a_missed_daily_scan_once(app, make, monkeypatch):
    company = make.company()
    build.allotment(app, company.id, date(2030, 6, 30), positions=((1, 0),))
    monkeypatch.setitem(app.config, "REMINDER_CATCH_UP", True)
    monkeypatch.setitem(app.config, "TODAY_OVERRIDE", "2030-05-31")
    before_nine = datetime(2030, 5, 31, 0, 59, tzinfo=UTC)  # 08:59 in Hong Kong
    after_nine = before_nine + timedelta(minutes=2)
    with app.app_context():
        assert not catch_up(before_nine)
        assert catch_up(after_nine)  # the broker was down at 09:00: the scan runs now
        assert services.last_scan().trigger == "catch-up"
        assert not catch_up(after_nine + timedelta(hours=1))  # once a day
    assert [r["offset_days"] for r in build.ledger(app, status="pending")] == [30]
    assert TestConfig.REMINDER_CATCH_UP is False  # tests pin their own dates


def test_simultaneous_scans_claim_each_reminder_once(app, make):
    """Four scans released at the same instant on PostgreSQL: every row claimed exactly once."""
    company = make.company()
    for _ in range(200):
        build.allotment(app, company.id, date(2030, 6, 30))
    start = threading.Barrier(4)
    results: list[services.ScanResult] = []

    def scan() -> None:
        with app.app_context():
            start.wait()
            results.append(services.scan(date(2030, 5, 31)))

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    claimed = [ledger_id for result in results for ledger_id in result.to_send]
    # In practice the first statement to reach a row claims it; the others wait on the
    # unique index until it commits, then insert nothing ("claimed per scan: 200, 0, 0, 0").
    assert len(results) == 4
    assert len(claimed) == len(set(claimed)) == 200
    assert sum(result.skipped for result in results) == 400

"""`flask send-reminders [--today] [--dry-run]`: summary table, exit codes, progress bar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from config import TestConfig
from tests.reminders import builders as build
from tracker import create_app
from tracker.extensions import db

EXPIRY = date(2030, 6, 30)
DAY = EXPIRY - timedelta(days=30)


def company_with_allotments(app, make, count: int = 1):
    company = make.company()
    make.user(company, role="admin", password=None)
    return [build.allotment(app, company.id, EXPIRY) for _ in range(count)]


@pytest.mark.sqlite
def test_dry_run_lists_what_would_be_claimed_and_writes_nothing(app, runner, make):
    (allotment,) = company_with_allotments(app, make)
    result = runner.invoke(args=["send-reminders", "--today", DAY.isoformat(), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Reminders for 31/05/2030 (dry run)",
        "kind              object due        offset  status",
        f"quota_expiry     {allotment:>7} 30/06/2030     30  send",
        f"quota_expiry     {allotment:>7} 30/06/2030     60  skip (a more urgent one is due)",
        f"quota_expiry     {allotment:>7} 30/06/2030     90  skip (a more urgent one is due)",
        "claimed  sent  failed  skipped",
        "      1     0       0        2",
        "Dry run: nothing was written or sent.",
    ]
    assert build.ledger(app) == []


@pytest.mark.sqlite
def test_sends_in_process_and_prints_the_summary(app, runner, make):
    company_with_allotments(app, make, 2)
    result = runner.invoke(args=["send-reminders", "--today", DAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Reminders for 31/05/2030", "claimed  sent  failed  skipped",
        "      2     2       0        4"]
    assert result.stderr == ""  # no progress bar for two e-mails
    assert {r["status"] for r in build.ledger(app) if r["offset_days"] == 30} == {"sent"}
    again = runner.invoke(args=["send-reminders", "--today", DAY.isoformat()])
    assert "      0     0       0        0" in again.stdout


def test_progress_bar_when_sending_many(app, runner, make):
    company_with_allotments(app, make, 20)
    result = runner.invoke(args=["send-reminders", "--today", DAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "Sending: 100%" in result.stderr and "20/20" in result.stderr
    assert "     20    20       0       40" in result.stdout


def test_smtp_down_marks_failed_and_still_exits_0(app, runner, make, smtp_mail):
    company_with_allotments(app, make)
    smtp_mail.stop()
    result = runner.invoke(args=["send-reminders", "--today", DAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "      1     0       1        2" in result.stdout
    assert "Notifications page" in result.stdout
    (row,) = build.ledger(app, status="failed")
    assert "ConnectionRefusedError" in row["error"] and row["attempts"] == 1


@pytest.mark.sqlite
def test_bad_date_is_refused(runner):
    result = runner.invoke(args=["send-reminders", "--today", "31/05/2030"])
    assert result.exit_code == 2
    assert "Invalid value for '--today'" in result.output


def test_exit_1_when_the_database_is_unreachable(app):
    broken = create_app(TestConfig,
                        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:1/x")
    try:
        result = broken.test_cli_runner().invoke(args=["send-reminders"])
    finally:
        with broken.app_context():
            db.engine.dispose()
        app.extensions["celery"].set_default()
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: could not run the scan:")
    assert len(result.stderr.strip().splitlines()) == 1

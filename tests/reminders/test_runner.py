"""`make run`'s runner: web, worker and beat start and stop together; no Redis → embedded broker.

This is the README's "done when": with nothing but the embedded SQLite
database and no Redis, an allotment expiring in 30 days gets its e-mail
written to the mail folder, by the worker and by `flask send-reminders`.
"""

from __future__ import annotations

import email
import email.policy
import os
import signal
import subprocess
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

from config import DevelopmentConfig
from tests.reminder_fixtures import BIN, ROOT, free_port, wait_for
from tracker import create_app
from tracker.auth import services as accounts
from tracker.companies import services as companies
from tracker.extensions import db
from tracker.permissions import Role
from tracker.quotas.models import QuotaAllotment
from tracker.runner import broker_env

TODAY = date(2030, 5, 31)


def test_broker_falls_back_only_without_redis():
    env, line = broker_env({"REDIS_URL": "redis://127.0.0.1:1/0"})
    assert env["CELERY_BROKER_URL"] == "filesystem://"
    assert line.startswith("No Redis answers at redis://127.0.0.1:1/0")
    env, line = broker_env({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert "CELERY_BROKER_URL" not in env and line is None
    chosen = {"CELERY_BROKER_URL": "amqp://guest@127.0.0.1//", "REDIS_URL": "redis://x:1/0"}
    assert broker_env(chosen) == (chosen, None)


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1)
    except urllib.error.HTTPError:
        return True  # 503 "degraded" is an answer
    except OSError:
        return False
    return True


def _subjects(folder: Path) -> list[str]:
    subjects = []
    for path in sorted(folder.glob("*.log")):
        data = path.read_bytes()
        if not data.rstrip().endswith(b"-" * 79):
            continue  # still being written: the file backend ends each message with this line
        raw = data.split(b"\n" + b"-" * 79)[0]
        subjects.append(str(email.message_from_bytes(
            raw, policy=email.policy.default)["Subject"]).strip())
    return subjects


def _allotment(app, reference: str) -> None:
    with app.app_context():
        company = companies.company_by_brn("12345678")
        db.session.add(QuotaAllotment(company_id=company.id, itc_reference=reference,
                                      allotment_date=date(2029, 6, 30),
                                      valid_until=date(2030, 6, 30), total_quotas=2))
        db.session.commit()


def test_make_run_without_redis_sends_reminders_to_the_mail_folder(tmp_path):
    port = free_port()
    env = {**os.environ, "APP_ENV": "development", "FLASK_APP": "wsgi",
           "DATABASE_URL": f"sqlite:///{tmp_path}/dev.db", "REDIS_URL": "redis://127.0.0.1:1/0",
           "CELERY_FS_FOLDER": str(tmp_path / "celery"), "MAIL_FILE_PATH": str(tmp_path / "mail"),
           "TODAY_OVERRIDE": TODAY.isoformat(), "PORT": str(port), "PYTHONUNBUFFERED": "1"}
    for name in ("CELERY_BROKER_URL", "MAIL_SERVER", "MAIL_BACKEND", "CELERY_QUEUE"):
        env.pop(name, None)
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=env["DATABASE_URL"],
                     CELERY_FS_FOLDER=env["CELERY_FS_FOLDER"], TODAY_OVERRIDE=TODAY.isoformat(),
                     CELERY={**DevelopmentConfig.CELERY, "broker_url": "filesystem://"})
    with app.app_context():
        company = companies.create_company("Demo Technology Limited", "12345678")
        accounts.create_user(company, "admin@demo.example", "Demo Admin", Role.ADMIN)
    _allotment(app, "ITC/DEMO/1")

    log = tmp_path / "runner.log"
    with log.open("wb") as out:
        runner = subprocess.Popen([str(BIN / "python"), "-m", "tracker.runner"], cwd=ROOT,
                                  env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), 30,
                 message="the web process")
        first = log.read_text().splitlines()[0]
        assert first.startswith("No Redis answers at redis://127.0.0.1:1/0: background jobs use "
                                "the embedded filesystem broker")
        children = [int(pid) for pid in subprocess.run(
            ["pgrep", "-P", str(runner.pid)], capture_output=True, text=True).stdout.split()]
        assert len(children) == 3

        # Beat's daily scan, through the embedded broker to the worker.
        with app.app_context():
            app.extensions["celery"].send_task("reminders.scan", ignore_result=True)
        mail = tmp_path / "mail"
        wait_for(lambda: len(_subjects(mail)) == 1, 30, message="the worker's e-mail")
        assert _subjects(mail) == [
            "TechTAS quota ITC/DEMO/1 expires in 30 days — 2 of 2 unused"]

        # The operator's command, no worker needed.
        _allotment(app, "ITC/DEMO/2")
        result = subprocess.run([str(BIN / "flask"), "send-reminders"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "claimed  sent  failed  skipped\n      1     1       0        2" in result.stdout
        assert "TechTAS quota ITC/DEMO/2 expires in 30 days — 2 of 2 unused" in _subjects(mail)
    finally:
        runner.send_signal(signal.SIGTERM)  # what Ctrl-C does to the runner
        runner.wait(30)
    for pid in children:
        assert not os.path.exists(f"/proc/{pid}"), f"child {pid} still running"

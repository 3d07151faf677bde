"""Celery tasks: thin wrappers over the scan and delivery services. They take ids.

Beat runs `reminders.scan` daily and `reminders.retry_failed` hourly (see
config.py); a worker runs `reminders.resume` each time it connects to the broker.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from celery import shared_task
from flask import current_app

from tracker.clock import app_timezone
from tracker.clock import today as clock_today
from tracker.reminders import delivery, services


def as_of(today: str | None) -> date:
    """The day a task works for: the one it was given, else the app's today."""
    return date.fromisoformat(today) if today else clock_today()


def enqueue_sends(ids: Iterable[int], today: str | None = None,
                  waits: dict[int, float] | None = None) -> int:
    """Queue one send task per ledger row (after its wait, if any), over one connection."""
    celery = current_app.extensions["celery"]
    count = 0
    with celery.producer_or_acquire() as producer:
        for ledger_id in ids:
            wait = (waits or {}).get(ledger_id) or None
            # ignore_result: nothing reads results, and asking the result
            # backend to watch each task would touch Redis a second time.
            celery.send_task("reminders.send", args=(ledger_id, today), countdown=wait,
                             producer=producer, ignore_result=True)
            count += 1
    return count


@shared_task(name="reminders.scan")
def scan(today: str | None = None, trigger: str = "beat") -> dict[str, int]:
    """Claim what is due, then queue a send for each claimed row."""
    result = services.scan(as_of(today), trigger=trigger)
    enqueue_sends(result.to_send, today)
    return {"claimed": len(result.to_send), "skipped": result.skipped}


@shared_task(name="reminders.send", bind=True, max_retries=None)
def send(self, ledger_id: int, today: str | None = None) -> str:
    """Send one ledger row; on SMTP trouble retry with backoff, then mark it failed."""
    config = current_app.config
    final = self.request.retries >= config["REMINDER_MAX_RETRIES"]
    try:
        return delivery.deliver(ledger_id, as_of(today), final=final)
    except delivery.SendFailed as error:
        delay = delivery.backoff_delay(self.request.retries,
                                       config["REMINDER_RETRY_BASE_SECONDS"],
                                       config["REMINDER_RETRY_MAX_SECONDS"])
        raise self.retry(countdown=delay, exc=error) from error


@shared_task(name="reminders.resume")
def resume() -> int:
    """Hand unfinished rows to workers again (a worker died, a message was lost)."""
    waits = dict(delivery.stalled())
    queued = enqueue_sends(waits, waits=waits)
    catch_up()
    return queued


@shared_task(name="reminders.retry_failed")
def retry_failed() -> int:
    """Hourly: give recently failed rows another go, resume stalled ones, catch up the scan."""
    queued = enqueue_sends(delivery.failed_recently(current_app.config["REMINDER_RETRY_DAYS"]))
    return queued + resume()


def catch_up(now: datetime | None = None) -> bool:
    """Run today's scan if its time has passed and none ran (the broker was down at 09:00)."""
    if not current_app.config.get("REMINDER_CATCH_UP", True):
        return False
    local = (now or datetime.now(UTC)).astimezone(app_timezone())
    hour, minute = (int(part) for part in current_app.config["REMINDER_SCAN_TIME"].split(":"))
    if (local.hour, local.minute) < (hour, minute) or services.scanned_on(clock_today()):
        return False
    result = services.scan(trigger="catch-up")
    enqueue_sends(result.to_send)
    return True

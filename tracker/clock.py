"""The one place the app asks what day and time it is.

Tests and operators can pin "today" (TODAY_OVERRIDE, or an explicit argument)
instead of mocking the system clock, and tests can inject a whole clock: a
callable returning an aware UTC datetime, set as the app's CLOCK config value.
Session timeouts, audit timestamps and "today" all read it, so a test moves
time forward by changing what that callable returns, never by sleeping.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def app_timezone() -> ZoneInfo:
    """The timezone dates are shown and reckoned in (default Asia/Hong_Kong)."""
    name = current_app.config["APP_TIMEZONE"] if has_app_context() else "Asia/Hong_Kong"
    return ZoneInfo(name)


def utcnow() -> datetime:
    """Timezone-aware current time in UTC (what timestamps are stored in).

    Honours an injected clock (the CLOCK config value) when there is an app context.
    """
    if has_app_context():
        clock: Callable[[], datetime] | None = current_app.config.get("CLOCK")
        if clock is not None:
            return clock()
    return datetime.now(UTC)


def today() -> date:
    """Today's date in the app's timezone, unless pinned by TODAY_OVERRIDE."""
    if has_app_context() and current_app.config.get("TODAY_OVERRIDE"):
        return date.fromisoformat(current_app.config["TODAY_OVERRIDE"])
    return utcnow().astimezone(app_timezone()).date()


def to_local(moment: datetime) -> datetime:
    """Convert a stored UTC timestamp (naive means UTC) to the app's timezone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(app_timezone())

"""Health of the services the app depends on."""

from __future__ import annotations

import redis
import sqlalchemy as sa
from flask import current_app

from tracker.extensions import db


def database_ok() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "down"
        db.session.rollback()
        return False


def redis_ok() -> bool:
    try:
        client = redis.Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=0.5,
                                      socket_connect_timeout=0.5)
        return bool(client.ping())
    except redis.RedisError:
        return False


def health() -> tuple[dict[str, str], int]:
    """({"database": "ok"|"down", "redis": ..., "status": ...}, HTTP status)."""
    checks = {"database": database_ok(), "redis": redis_ok()}
    body = {name: "ok" if ok else "down" for name, ok in checks.items()}
    healthy = all(checks.values())
    body["status"] = "ok" if healthy else "degraded"
    return body, 200 if healthy else 503

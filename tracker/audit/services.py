"""Writing audit entries. Callers commit; an entry shares its change's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from tracker.audit.models import AuditEvent
from tracker.extensions import db


def json_safe(value: Any) -> Any:
    """Turn dates, decimals and enums into values a JSON column can hold."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of *fields* on *obj*, JSON-safe (to diff later)."""
    return {name: json_safe(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def client_ip() -> str | None:
    """The requesting client's address (ProxyFix makes it the real one behind a proxy)."""
    return request.remote_addr if has_request_context() else None


def record(
    action: str,
    object_type: str = "",
    object_id: int | None = None,
    *,
    changes: dict[str, Any] | None = None,
    summary: str = "",
    company_id: int | None = None,
    user_id: int | None = None,
) -> AuditEvent:
    """Add an audit entry to the session (the caller's commit saves it).

    Who and which company default to the signed-in user.
    """
    if has_request_context() and current_user and current_user.is_authenticated:
        company_id = company_id if company_id is not None else current_user.company_id
        user_id = user_id if user_id is not None else current_user.id
    event = AuditEvent(
        action=action, object_type=object_type, object_id=object_id,
        changes=changes or None, summary=summary[:300],
        company_id=company_id, user_id=user_id, ip=client_ip(),
    )
    db.session.add(event)
    return event


def record_denied(path: str, needed: Any) -> None:
    """Log a refused access (403) in its own small transaction."""
    record("denied", summary=f"{request.method} {path} needs {json_safe(needed)}")
    db.session.commit()

"""Writing audit entries. Callers commit; an entry shares its change's transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from tracker.audit.models import AuditEvent
from tracker.extensions import db

logger = logging.getLogger(__name__)


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


def record_denied(status: int) -> None:
    """Log a refused request (403, or 404 for another company's record) with who/what/IP.

    Runs from the error handler: whatever the aborted view had changed is rolled
    back first, then the entry is committed on its own. It names the route's
    pattern and its numeric arguments, never the raw path, so a token in a URL
    cannot end up in the log.
    """
    db.session.rollback()
    rule = request.url_rule.rule if request.url_rule else "(no route)"
    numbers = ", ".join(f"{k}={v}" for k, v in (request.view_args or {}).items()
                        if isinstance(v, int))
    object_type, object_id = g.get("denied_object") or ("", None)
    needed = g.get("denied_needs")
    summary = " ".join(part for part in (
        str(status), request.method, rule, f"({numbers})" if numbers else "",
        f"needs {json_safe(needed)}" if needed else "",
        f"{object_type} {object_id} belongs to another company" if object_type else "",
    ) if part)
    try:
        event = record("denied", object_type, object_id, summary=summary)
        if object_type:
            # Kept for the operators, out of the requester's company log: there an
            # entry for an existing id, and none for a missing one, would tell the
            # company's admins which ids exist in other companies.
            event.company_id = None
        db.session.commit()
    except SQLAlchemyError:  # the refusal stands even if the log cannot be written
        db.session.rollback()
        logger.exception("could not audit a denied request")

"""Company scoping: the one way views load a record by id.

Every lookup is filtered by the signed-in user's company, so an id belonging
to another company answers 404 exactly like an id that does not exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from tracker.extensions import db

M = TypeVar("M")


def company_id() -> int:
    """The signed-in user's company id."""
    return current_user.company_id


def scoped(model: type[M]) -> sa.Select:
    """SELECT of *model* limited to the signed-in user's company."""
    return sa.select(model).where(model.company_id == company_id())  # type: ignore[attr-defined]


def parse_id(value: Any, model: type[Any] | None = None) -> int | None:
    """*value* as a primary-key id, or None when it cannot be one.

    Digits only, and within the id column's range: PostgreSQL refuses to
    compare an INTEGER column with 99999999999, which would be a 500, not a 404.
    """
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()):
        return None
    limit = 2**31 - 1
    if model is not None and isinstance(model.id.type, sa.BigInteger):  # type: ignore[attr-defined]
        limit = 2**63 - 1
    number = int(text)
    return number if 0 < number <= limit else None


def get_or_404(model: type[M], object_id: Any, *options: Any) -> M:
    """Load *model* by id within the user's company, or abort with 404."""
    object_id = parse_id(object_id, model)
    if object_id is None:
        abort(404)
    statement = scoped(model).where(model.id == object_id)  # type: ignore[attr-defined]
    if options:
        statement = statement.options(*options)
    obj = db.session.scalar(statement)
    if obj is None:
        abort(404)
    return obj


def get_in_company(model: type[M], object_id: Any, company: int) -> M | None:
    """Load *model* by id only if it belongs to *company* (for ids posted in forms)."""
    object_id = parse_id(object_id, model)
    if object_id is None:
        return None
    return db.session.scalar(
        sa.select(model).where(model.id == object_id, model.company_id == company)  # type: ignore[attr-defined]
    )

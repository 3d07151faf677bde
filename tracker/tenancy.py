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


def get_or_404(model: type[M], object_id: Any, *options: Any) -> M:
    """Load *model* by id within the user's company, or abort with 404."""
    statement = scoped(model).where(model.id == object_id)  # type: ignore[attr-defined]
    if options:
        statement = statement.options(*options)
    obj = db.session.scalar(statement)
    if obj is None:
        abort(404)
    return obj


def get_in_company(model: type[M], object_id: Any, company: int) -> M | None:
    """Load *model* by id only if it belongs to *company* (for ids posted in forms)."""
    if object_id in (None, ""):
        return None
    return db.session.scalar(
        sa.select(model).where(model.id == object_id, model.company_id == company)  # type: ignore[attr-defined]
    )

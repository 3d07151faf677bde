"""Company scoping: the one way views load a record by id.

Every lookup is filtered by the signed-in user's company, so an id belonging
to another company answers 404 exactly like an id that does not exist.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol, TypeVar

import sqlalchemy as sa
from flask import abort, g
from flask_login import current_user
from sqlalchemy.orm import Mapped

from tracker.extensions import db
from tracker.validators import MAX_INTEGER


class CompanyOwned(Protocol):
    """A model whose rows belong to one company (its columns are read on the class)."""

    __tablename__: str
    id: ClassVar[Mapped[int]]
    company_id: ClassVar[Mapped[int]]


M = TypeVar("M", bound=CompanyOwned)

MAX_ID = 2**63 - 1  # BIGINT; ids beyond it cannot exist


def company_id() -> int:
    """The signed-in user's company id."""
    return current_user.company_id


def scoped(model: type[M]) -> sa.Select[M]:
    """SELECT of *model* limited to the signed-in user's company."""
    return sa.select(model).where(model.company_id == company_id())


def as_id(value: Any, model: type[Any] | None = None) -> int | None:
    """*value* as a database id (of *model*'s id column, if given), or None.

    Ids posted in forms are text: "abc", "1.5" or 99999999999999999999 would
    otherwise reach the database and fail there (a 500 instead of a message).
    """
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    limit = MAX_ID
    if model is not None and not isinstance(model.id.type, sa.BigInteger):
        limit = MAX_INTEGER
    return number if 0 < number <= limit else None


def get_or_404(model: type[M], object_id: Any, *options: Any) -> M:
    """Load *model* by id within the user's company, or abort with 404.

    When the id exists in another company the 404 handler also writes a
    "denied" audit entry: someone tried to reach a record that is not theirs.
    """
    number = as_id(object_id, model)
    obj = None
    if number is not None:
        statement = scoped(model).where(model.id == number)
        if options:
            statement = statement.options(*options)
        obj = db.session.scalar(statement)
    if obj is None:
        if number is not None and _exists_anywhere(model, number):
            g.denied_object = (model.__tablename__, number)
        abort(404)
    return obj


def _exists_anywhere(model: type[M], object_id: int) -> bool:
    return db.session.scalar(
        sa.select(model.id).where(model.id == object_id)
    ) is not None


def get_in_company(model: type[M], object_id: Any, company: int) -> M | None:
    """Load *model* by id only if it belongs to *company* (for ids posted in forms)."""
    number = as_id(object_id, model)
    if number is None:
        return None
    return db.session.scalar(
        sa.select(model).where(model.id == number, model.company_id == company)
    )

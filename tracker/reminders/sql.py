"""Date arithmetic the two supported databases spell differently."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class add_days(FunctionElement):  # noqa: N801 - reads like the SQL function it renders
    """`add_days(date_column, 30)`: the date 30 days later, on PostgreSQL and SQLite.

    The number of days is a constant of the rules, so it is rendered into the
    SQL rather than bound (PostgreSQL has no `date + bigint` operator).
    """

    type = sa.Date()
    inherit_cache = True
    name = "add_days"

    def __init__(self, column: sa.SQLColumnExpression[Any], days: int) -> None:
        self.days = int(days)
        super().__init__(column)

    def _gen_cache_key(self, anon_map: Any, bindparams: list) -> tuple:
        return (*super()._gen_cache_key(anon_map, bindparams), self.days)


@compiles(add_days)
def _add_days_postgresql(element: add_days, compiler: Any, **kw: Any) -> str:
    (column,) = list(element.clauses)
    return f"({compiler.process(column, **kw)} + {element.days})"


@compiles(add_days, "sqlite")
def _add_days_sqlite(element: add_days, compiler: Any, **kw: Any) -> str:
    (column,) = list(element.clauses)
    return f"date({compiler.process(column, **kw)}, '{element.days:+d} days')"

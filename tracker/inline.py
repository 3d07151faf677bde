"""`IN` lists of the rules' own codes, written into the SQL text instead of bound.

The attention rule, the dashboard and the lists compare columns with constant codes
from the rules (stages, schemes, kinds, document items): dozens of lists, several
hundred codes in all. Bound as parameters, SQLAlchemy expands each list into fresh
placeholders on every execution and the driver parses the whole (tens of kilobytes)
statement again; written as literals, the statement's text is fixed when it is first
compiled, and SQLAlchemy's compiled cache serves it from then on. The codes are the
rules' constants, never user input, and are checked to be plain identifiers before
they are written out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute

Column = sa.ColumnElement[Any] | QueryableAttribute[Any]
_CODE = re.compile(r"[A-Za-z0-9_]+")


def _literal(code: str) -> sa.ColumnElement[Any]:
    if not _CODE.fullmatch(code):
        raise ValueError(f"not a rule code: {code!r}")
    return sa.literal_column(f"'{code}'")


def one_of(column: Column, codes: Iterable[str]) -> sa.ColumnElement[bool]:
    """*column* IN (the *codes*, as literals); false for no codes."""
    literals = [_literal(code) for code in codes]
    return column.in_(literals) if literals else sa.false()


def pair_in(columns: tuple[Column, Column],
            pairs: Sequence[tuple[str, str]]) -> sa.ColumnElement[bool]:
    """(first, second) IN (the *pairs*, as literals); false for no pairs."""
    if not pairs:
        return sa.false()
    return sa.tuple_(*columns).in_([sa.tuple_(_literal(a), _literal(b)) for a, b in pairs])

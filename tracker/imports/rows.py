"""One row's verdict in an import's preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"


@dataclass
class RowCheck:
    """One row's verdict: its mark, its values and its problems (column → message)."""

    number: int
    mark: str = NEW
    values: dict[str, Any] = field(default_factory=dict)
    record_id: int | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    # What the row writes, built by its check when the kind's rules need the record itself
    # (a case walked to its stage): added to the session by the write.
    record: Any = None

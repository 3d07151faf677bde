"""Taking and returning TechTAS quotas, safely under concurrency.

A quota is taken by one guarded UPDATE (`used < quotas`): on PostgreSQL
concurrent takers queue on the row lock and each re-checks the guard, so the
count can never pass the total. The table's CHECK constraint backs this up.
Callers own the transaction (commit or roll back with the rest of the move).
"""

from __future__ import annotations

import sqlalchemy as sa

from tracker.extensions import rows_changed
from tracker.quotas.models import QuotaPosition


def take_quota(position_id: int) -> bool:
    """Use one quota of the position; False when none is left."""
    return rows_changed(
        sa.update(QuotaPosition)
        .where(QuotaPosition.id == position_id, QuotaPosition.used < QuotaPosition.quotas)
        .values(used=QuotaPosition.used + 1)
        .execution_options(synchronize_session=False)
    ) == 1


def return_quota(position_id: int) -> bool:
    """Give one quota of the position back; False when none was in use."""
    return rows_changed(
        sa.update(QuotaPosition)
        .where(QuotaPosition.id == position_id, QuotaPosition.used > 0)
        .values(used=QuotaPosition.used - 1)
        .execution_options(synchronize_session=False)
    ) == 1

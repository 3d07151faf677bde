"""Loading cases for pages: everything a page shows in a fixed number of statements."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload

from tracker.auth.models import User
from tracker.cases.models import Case, CaseStageEvent
from tracker.quotas.models import QuotaAllotment
from tracker.tenancy import get_or_404


def load_case(case_id: int) -> Case:
    """A case of the signed-in user's company with its candidate, quota, timeline, documents."""
    return get_or_404(
        Case, case_id,
        joinedload(Case.candidate), joinedload(Case.position),
        joinedload(Case.owner).raiseload(User.company),
        joinedload(Case.allotment).selectinload(QuotaAllotment.positions),
        selectinload(Case.events).joinedload(CaseStageEvent.moved_by).raiseload(User.company),
        selectinload(Case.documents),
    )

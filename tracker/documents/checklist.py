"""Which checklist items of a case are still outstanding."""

from __future__ import annotations

from tracker.cases.models import Case
from tracker.rules.documents import DocumentItem, checklist


def missing_required_documents(case: Case) -> list[DocumentItem]:
    """Required items of the case's scheme not yet received nor marked not applicable."""
    settled = {d.code for d in case.documents if d.status in ("received", "not_applicable")}
    return [item for item in checklist(case.scheme) if item.required and item.code not in settled]

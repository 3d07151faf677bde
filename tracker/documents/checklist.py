"""A case's document checklist: its scheme's and kind's items (rules/case_checklists.py)
joined with the case's rows.

Rows (CaseDocument) are created lazily, on an item's first change: an item
without a row is "missing". Everything here only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.clock import today
from tracker.documents.models import CaseDocument, DocumentedCase
from tracker.rules.case_checklists import checklist_for
from tracker.rules.documents import DocumentItem
from tracker.rules.text import Text

# Statuses that settle a required item (cases.attention filters on them in SQL too).
SETTLED = ("received", "not_applicable")
# Shown translated (a Text renders in the reader's language); the audit keeps the English.
STATUS_LABELS = {"missing": Text("Missing"), "received": Text("Received"),
                 "not_applicable": Text("Not applicable")}


def case_items(case: DocumentedCase) -> tuple[DocumentItem, ...]:
    """The items the case tracks: by its scheme and kind (an extension's as filed on its
    submission date, or today before that)."""
    return checklist_for(case.scheme, case.kind, case.submitted_on or today())


def missing_required_documents(case: DocumentedCase) -> list[DocumentItem]:
    """Required items of the case's checklist not yet received nor marked not applicable."""
    settled = {d.code for d in case.documents if d.status in SETTLED}
    return [item for item in case_items(case) if item.required and item.code not in settled]


@dataclass(frozen=True)
class ChecklistRow:
    """One item of a case's checklist as shown: its rule and its current state."""

    item: DocumentItem
    document: CaseDocument | None

    @property
    def status(self) -> str:
        return self.document.status if self.document else "missing"

    @property
    def received_on(self) -> date | None:
        return self.document.received_on if self.document else None

    @property
    def has_file(self) -> bool:
        return bool(self.document and self.document.stored_name)


def checklist_rows(case: DocumentedCase) -> list[ChecklistRow]:
    """The case's checklist in the scheme's order, with each item's row if any."""
    by_code = {d.code: d for d in case.documents}
    return [ChecklistRow(item, by_code.get(item.code)) for item in case_items(case)]


@dataclass(frozen=True)
class DocumentSummary:
    """Counts of a case's checklist, for lists and the dashboard."""

    total: int
    received: int
    not_applicable: int
    missing: int
    missing_required: tuple[DocumentItem, ...]

    @property
    def complete(self) -> bool:
        """True when nothing required is outstanding."""
        return not self.missing_required


def summarise(items: tuple[DocumentItem, ...], statuses: dict[str, str]) -> DocumentSummary:
    """Summary of the checklist *items* given {code: status} of the existing rows."""
    status_of = [statuses.get(item.code, "missing") for item in items]
    return DocumentSummary(
        total=len(items),
        received=status_of.count("received"),
        not_applicable=status_of.count("not_applicable"),
        missing=status_of.count("missing"),
        missing_required=tuple(item for item, status in zip(items, status_of, strict=True)
                               if item.required and status not in SETTLED),
    )


def document_summary(case: DocumentedCase) -> DocumentSummary:
    """The document summary of one case."""
    return summarise(case_items(case), {d.code: d.status for d in case.documents})

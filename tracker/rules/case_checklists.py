"""The document checklist of a case by its scheme and kind, from the data that owns each.

An entry application and a dependant's (scheme "DEP") use the scheme's checklist
(rules/documents.py); an extension of stay the extension's (rules/extension.py, by
filing date); a change of employment the scheme's, as a new application, plus the
person's current permission (rules/employer_change.py); a record has none.
"""

from __future__ import annotations

from datetime import date

from tracker.rules import documents, employer_change, extension
from tracker.rules.documents import DocumentItem


def checklist_for(scheme: str, kind: str, on: date) -> tuple[DocumentItem, ...]:
    """The items a case of *scheme* and *kind* tracks (*on*: its filing date, or today)."""
    if kind == "extension":
        return extension.checklist(on, scheme)
    if kind == "change_of_employment":
        return (*documents.checklist(scheme), employer_change.CURRENT_PERMISSION)
    if kind == "record":
        return ()
    return documents.checklist(scheme)


def checklist_item_for(scheme: str, kind: str, code: str, on: date) -> DocumentItem | None:
    """The item *code* of that checklist, or None."""
    return next((item for item in checklist_for(scheme, kind, on) if item.code == code), None)

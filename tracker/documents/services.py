"""Changing a case's documents: status, upload, removal of the file.

Each function takes a Case the caller has already loaded within the user's
company, checks the input, writes one audit entry and commits once. Refusals
raise DocumentError with a message for the user; nothing is changed then. The
message is English: a fixed one is N_-marked, one with values is a `Text`, so
the view shows it in the reader's language (`DocumentError.translated`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from tracker.audit.services import json_safe, record
from tracker.clock import today, utcnow
from tracker.documents import filetypes, storage
from tracker.documents.checklist import STATUS_LABELS, case_items
from tracker.documents.models import DOCUMENT_STATUSES, CaseDocument, DocumentedCase
from tracker.extensions import db
from tracker.i18n import N_
from tracker.rules.documents import DocumentItem
from tracker.rules.text import Text

EARLIEST_RECEIVED = date(2000, 1, 1)  # older dates are typing mistakes
AUDITED = ("status", "received_on", "file_name")


class DocumentError(Exception):
    """A refused change, with the message to show (English; see the module docstring)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def translated(self) -> str:
        """The message in the reader's language."""
        if isinstance(self.message, Text):
            return self.message.translated()
        return gettext(self.message)


@dataclass(frozen=True)
class Upload:
    """An uploaded file as the service needs it (independent of Werkzeug)."""

    filename: str
    stream: BinaryIO


def item_of(case: DocumentedCase, code: str) -> DocumentItem | None:
    """The checklist item *code* of the case's checklist (None: not on it)."""
    return next((item for item in case_items(case) if item.code == code), None)


def document_of(case: DocumentedCase, code: str) -> CaseDocument | None:
    """The case's existing row for *code*, if the item was ever changed."""
    return next((d for d in case.documents if d.code == code), None)


def _row_for(case: DocumentedCase, code: str) -> CaseDocument:
    """The row for *code*, created (unsaved) on first change."""
    document = document_of(case, code)
    if document is None:
        document = CaseDocument(company_id=case.company_id, code=code, status="missing",
                                file_name="", stored_name="", content_type="", size_bytes=0)
        case.documents.append(document)
    return document


def _state(document: CaseDocument | None) -> dict[str, object]:
    if document is None:
        return {"status": "missing", "received_on": None, "file_name": ""}
    return {name: json_safe(getattr(document, name)) for name in AUDITED}


def _audit(case: DocumentedCase, item: DocumentItem, before: dict[str, object],
           document: CaseDocument, what: str) -> None:
    """One audit entry on the case for *item* ({code.field: [old, new]})."""
    after = _state(document)
    changes = {f"{item.code}.{k}": [before[k], v] for k, v in after.items() if before[k] != v}
    record("document", "case", case.id, changes=changes, summary=f"{item.label}: {what}",
           company_id=case.company_id)


def _commit() -> None:
    """The single commit of a change."""
    try:
        db.session.commit()
    except IntegrityError as error:  # another user created the same row meanwhile
        db.session.rollback()
        raise DocumentError(N_("Someone changed this document at the same moment. "
                               "Please reload the page and try again.")) from error


def _audit_and_commit(case: DocumentedCase, item: DocumentItem, before: dict[str, object],
                      document: CaseDocument, what: str) -> None:
    """One audit entry on the case, then the single commit."""
    _audit(case, item, before, document, what)
    _commit()


def checked_status(status: str, received_on: date | None) -> tuple[str, date | None]:
    """(status, received date) as stored: a received item gets a date (default today) that
    is neither in the future nor implausibly old; the other statuses none. Else
    DocumentError."""
    if status not in DOCUMENT_STATUSES:
        raise DocumentError(N_("Choose missing, received or not applicable."))
    if status != "received":
        return status, None
    received_on = received_on or today()
    if received_on > today():
        raise DocumentError(N_("The received date cannot be in the future."))
    if received_on < EARLIEST_RECEIVED:
        raise DocumentError(N_("The received date looks wrong: check the year."))
    return status, received_on


def _apply_status(case: DocumentedCase, item: DocumentItem, status: str,
                  received_on: date | None) -> bool:
    """Put a checked status on *item* and record its audit entry (no commit); False when
    nothing changed (no entry then)."""
    before = _state(document_of(case, item.code))
    if (before["status"], before["received_on"]) == (status, json_safe(received_on)):
        return False
    document = _row_for(case, item.code)
    document.status, document.received_on = status, received_on
    old = STATUS_LABELS[str(before["status"])].lower()
    _audit(case, item, before, document, f"{old} → {STATUS_LABELS[status].lower()}")
    return True


def set_status(case: DocumentedCase, item: DocumentItem, status: str,
               received_on: date | None = None) -> bool:
    """Mark *item* missing / received (on a date, default today) / not applicable.

    Returns False when nothing changed (no audit entry then).
    """
    status, received_on = checked_status(status, received_on)
    if not _apply_status(case, item, status, received_on):
        return False
    _commit()
    return True


@dataclass(frozen=True)
class StatusChange:
    """One checklist item's posted status and received date (None: blank or unreadable)."""

    item: DocumentItem
    status: str
    received_on: date | None


class ChecklistRefused(Exception):
    """Some items of a checklist save were refused: {item code: message} (English, as
    DocumentError's); nothing was saved."""

    def __init__(self, errors: dict[str, DocumentError]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


def set_statuses(case: DocumentedCase, changes: list[StatusChange],
                 unreadable: dict[str, DocumentError] | None = None) -> list[DocumentItem]:
    """Save several items' statuses at once: every item is checked first, and any refusal
    (with the form's own *unreadable* ones) refuses the whole save, naming each item.

    One audit entry per changed item, one commit; returns the items that changed.
    """
    errors = dict(unreadable or {})
    checked = []
    for change in changes:
        try:
            checked.append((change.item, *checked_status(change.status, change.received_on)))
        except DocumentError as error:
            errors[change.item.code] = error
    if errors:
        raise ChecklistRefused(errors)
    changed = [item for item, status, received_on in checked
               if _apply_status(case, item, status, received_on)]
    if changed:
        _commit()
    return changed


def clean_filename(name: str) -> str:
    """The name as typed, minus any folder part and control characters, at most 255 chars.

    Category C includes the bidirectional marks and overrides (U+200F, U+202E…), which
    would make "\u202eexe.pdf" show as "fdp.exe".
    """
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = (stem[:250 - len(extension)] + dot + extension) if dot else name[:255]
    return name


def size_of(stream: BinaryIO) -> int:
    """Bytes in *stream* (which is left at its start)."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def human_size(size: int) -> str:
    """Bytes for people: 900 KB, 10 MB, 12.3 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def not_allowed(name: str, seen: str | None) -> Text:
    """The refusal of a file whose content is none of the allowed types (*seen*: what it
    looks like, when recognised)."""
    types = filetypes.ALLOWED_LABELS
    if seen:
        return Text("“%(name)s” is not a %(types)s file (its content looks like %(seen)s). "
                    "The type is read from the content, not the name. Nothing was saved.",
                    name=name, types=types, seen=seen)
    return Text("“%(name)s” is not a %(types)s file. The type is read from the content, "
                "not the name. Nothing was saved.", name=name, types=types)


def check_upload(upload: Upload) -> tuple[str, filetypes.AllowedType, int]:
    """(clean name, type, size) of an acceptable upload, else DocumentError."""
    name = clean_filename(upload.filename or "")
    if not name:
        raise DocumentError(N_("Choose a file to upload."))
    size, limit = size_of(upload.stream), current_app.config["MAX_DOCUMENT_BYTES"]
    if size == 0:
        raise DocumentError(Text("“%(name)s” is empty.", name=name))
    if size > limit:
        raise DocumentError(Text("“%(name)s” is %(size)s; the limit per file is %(limit)s. "
                                 "Nothing was saved.", name=name, size=human_size(size),
                                 limit=human_size(limit)))
    kind, seen = filetypes.allowed_type(upload.stream)
    if kind is None:
        raise DocumentError(not_allowed(name, seen))
    hidden = filetypes.hidden_content(upload.stream, kind)
    if hidden:
        raise DocumentError(Text("“%(name)s” was refused: %(reason)s. Save it again from the "
                                 "program that made it, or scan it, and upload that. "
                                 "Nothing was saved.", name=name, reason=hidden))
    # Downloaded under the type it really is, whatever the name claimed.
    return kind.named(name), kind, size


@dataclass(frozen=True)
class StoredFile:
    """An accepted upload once on disk: the name shown, the stored name, type and size."""

    name: str
    stored_name: str
    mime: str
    size: int


def store_upload(company_id: int, upload: Upload) -> StoredFile:
    """Check *upload* (check_upload) and copy it into the company's storage, else
    DocumentError. Every upload goes through here: HR's and the candidate portal's."""
    name, kind, size = check_upload(upload)
    try:
        stored_name = storage.save(company_id, upload.stream, kind.extension)
    except OSError as error:  # disk full, folder not writable: the operator must act
        current_app.logger.exception("could not store an upload")
        raise DocumentError(N_("The file could not be stored. Nothing was saved; please "
                               "try again later or tell your administrator.")) from error
    return StoredFile(name, stored_name, kind.mime, size)


def attach_file(case: DocumentedCase, item: DocumentItem, upload: Upload) -> CaseDocument:
    """Store *upload* as *item*'s file (replacing any earlier one) and mark it received.

    An item already received keeps its received date; otherwise it is received today.
    The single commit also saves what the caller added to the session before (the
    portal's review of the candidate's upload, tracker/portal/documents.py).
    """
    stored = store_upload(case.company_id, upload)
    name, stored_name = stored.name, stored.stored_name
    try:
        before = _state(document_of(case, item.code))
        document = _row_for(case, item.code)
        replaced = document.stored_name
        document.file_name, document.stored_name = name, stored_name
        document.content_type, document.size_bytes = stored.mime, stored.size
        document.uploaded_at = utcnow()
        if document.status != "received":
            document.status, document.received_on = "received", today()
        _audit_and_commit(case, item, before, document, f"file “{name}” uploaded")
    except BaseException:
        db.session.rollback()
        storage.delete(case.company_id, stored_name)
        raise
    storage.delete(case.company_id, replaced)
    return document


def remove_file(case: DocumentedCase, item: DocumentItem) -> None:
    """Delete *item*'s file (its status and received date stay as they are)."""
    document = document_of(case, item.code)
    if document is None or not document.stored_name:
        raise DocumentError(N_("This item has no file to remove."))
    before = _state(document)
    stored_name = document.stored_name
    document.file_name = document.stored_name = document.content_type = ""
    document.size_bytes, document.uploaded_at = 0, None
    _audit_and_commit(case, item, before, document, f"file “{before['file_name']}” removed")
    # Only once the database no longer points to it.
    storage.delete(case.company_id, stored_name)

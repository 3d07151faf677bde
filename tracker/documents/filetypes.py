"""What an uploaded file really is, judged by its content (never by its name).

`filetype` reads the magic numbers; Office files are ZIP archives, so for them
the archive's entries decide (filetype's own Office guess looks only at the
first few entries, which writers order differently).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import filetype

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class AllowedType:
    mime: str
    extension: str  # used for the stored name only
    label: str


ALLOWED: dict[str, AllowedType] = {
    "application/pdf": AllowedType("application/pdf", "pdf", "PDF"),
    "image/png": AllowedType("image/png", "png", "PNG image"),
    "image/jpeg": AllowedType("image/jpeg", "jpg", "JPEG image"),
    DOCX: AllowedType(DOCX, "docx", "Word document (DOCX)"),
    XLSX: AllowedType(XLSX, "xlsx", "Excel workbook (XLSX)"),
}
ALLOWED_LABELS = "PDF, PNG, JPEG, Word (DOCX) or Excel (XLSX)"
# For the file picker only: a hint to the browser, not a check.
ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx," + ",".join(ALLOWED)

# Entries an Office Open XML package must have: the content-types part and its main part.
OFFICE_MAIN_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}
HEAD_BYTES = 8192


def office_type(stream: BinaryIO) -> str | None:
    """DOCX or XLSX when *stream* is a ZIP holding that format's parts, else None."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        stream.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    return next((mime for part, mime in OFFICE_MAIN_PARTS.items() if part in names), None)


def sniff(stream: BinaryIO) -> str | None:
    """The MIME type *stream*'s content shows, or None when it is not recognised.

    The stream is left at its start.
    """
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime == "application/zip" or kind.mime in (DOCX, XLSX):
        return office_type(stream) or "application/zip"
    return kind.mime


def allowed_type(stream: BinaryIO) -> tuple[AllowedType | None, str | None]:
    """(the allowed type of *stream*, or None; the MIME type seen, for messages)."""
    seen = sniff(stream)
    return ALLOWED.get(seen or ""), seen

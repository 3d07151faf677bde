"""What an uploaded file really is, judged by its content (never by its name).

`filetype` reads the magic numbers; Office files are ZIP archives, so for them
the archive's entries decide (filetype's own Office guess looks only at the
first few entries, which writers order differently).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import filetype

from tracker.rules.text import Text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class AllowedType:
    mime: str
    extension: str  # of the stored file, and of the name it is downloaded under
    label: Text
    also: tuple[str, ...] = ()  # other extensions that name this type too

    def named(self, name: str) -> str:
        """*name* with this type's extension: a PDF called "report.html" is "report.pdf"."""
        stem, dot, extension = name.rpartition(".")
        if dot and extension.lower() in (self.extension, *self.also):
            return name
        return f"{stem if dot and stem else name}.{self.extension}"


ALLOWED: dict[str, AllowedType] = {
    "application/pdf": AllowedType("application/pdf", "pdf", Text("PDF")),
    "image/png": AllowedType("image/png", "png", Text("PNG image")),
    "image/jpeg": AllowedType("image/jpeg", "jpg", Text("JPEG image"), also=("jpeg",)),
    DOCX: AllowedType(DOCX, "docx", Text("Word document (DOCX)")),
    XLSX: AllowedType(XLSX, "xlsx", Text("Excel workbook (XLSX)")),
}
ALLOWED_LABELS = Text("PDF, PNG, JPEG, Word (DOCX) or Excel (XLSX)")
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


# What a browser would run if it ever rendered the file as a page: an image or an
# Office package carrying it is a polyglot, refused rather than stored.
HTML_MARKERS = re.compile(rb"<\s*(?:html|script|svg|iframe|object|embed|body|!doctype)\b",
                          re.IGNORECASE)
# The last bytes of a complete image: the IEND chunk with its CRC, the EOI marker.
IMAGE_ENDINGS = {"image/png": b"IEND\xaeB`\x82", "image/jpeg": b"\xff\xd9"}
# Office parts that carry code or web content instead of a document: VBA macros,
# ActiveX controls, and HTML or MHT pieces (altChunk) that Word renders.
OFFICE_ACTIVE_CONTENT = re.compile(
    r"vbaProject|vbaData|macroEnabled|activeX|text/html|application/xhtml\+xml|"
    r"message/rfc822|\.(?:html?|mht|js|vbs|exe|dll)$", re.IGNORECASE)


def hidden_content(stream: BinaryIO, kind: AllowedType) -> Text | None:
    """Why a file of an allowed type must still be refused, or None.

    An image with anything after its last byte (HTML appended to a PNG), an image
    or Office file containing HTML or script, an Office file with macros. The
    stream is left at its start.
    """
    stream.seek(0)
    data = stream.read()
    stream.seek(0)
    ending = IMAGE_ENDINGS.get(kind.mime)
    if ending is not None:
        if not data.rstrip(b"\x00").endswith(ending):
            return Text("it has data after the end of the image")
        if HTML_MARKERS.search(data):
            return Text("it contains web page code")
    if kind.mime in (DOCX, XLSX):
        return _office_problem(stream)
    return None


def _office_problem(stream: BinaryIO) -> Text | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.namelist()
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return Text("it is not a readable Office file")
    finally:
        stream.seek(0)
    if any(OFFICE_ACTIVE_CONTENT.search(text) for text in (types, *parts)):
        return Text("it contains macros, controls or web page code")
    return None


def allowed_type(stream: BinaryIO) -> tuple[AllowedType | None, str | None]:
    """(the allowed type of *stream*, or None; the MIME type seen, for messages)."""
    seen = sniff(stream)
    return ALLOWED.get(seen or ""), seen

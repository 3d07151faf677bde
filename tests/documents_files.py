"""Small real files of each kind, made in memory for the upload tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def pdf(padding: int = 0) -> bytes:
    """A minimal valid one-page PDF (optionally padded with a comment to grow it)."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
            + b"%" + b"x" * padding + b"\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def png() -> bytes:
    """A valid 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def jpeg() -> bytes:
    """The start of a JFIF JPEG (enough for a content check)."""
    return bytes.fromhex("ffd8ffe000104a46494600010100000100010000") + b"\x00" * 64 + b"\xff\xd9"


def _zip(entries: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in entries:
            archive.writestr(name, "<?xml version='1.0'?><x/>")
    return buffer.getvalue()


def docx() -> bytes:
    """A ZIP with the parts of a Word document (LibreOffice's entry order)."""
    return _zip(["_rels/.rels", "docProps/app.xml", "word/_rels/document.xml.rels",
                 "word/document.xml", "[Content_Types].xml"])


def xlsx() -> bytes:
    """A ZIP with the parts of an Excel workbook."""
    return _zip(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                 "xl/worksheets/sheet1.xml"])


def plain_zip() -> bytes:
    """A ZIP that is no Office document."""
    return _zip(["notes.txt"])


HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
TEXT = b"This is only text pretending to be a PDF.\n"


def docx_with(*extra: str) -> bytes:
    """A Word document carrying more parts, e.g. macros or an HTML chunk."""
    return _zip(["[Content_Types].xml", "_rels/.rels", "word/document.xml", *extra])

"""A CSV or XLSX file → its header row and its data rows, as text or dates.

Real spreadsheets carry a UTF-8 BOM or GB18030/Big5 text (CSV), formula cells, Excel
serial dates, a merged title row above the headers and empty rows at the end; the
reader takes each of them and answers anything else with one ReadError.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from tracker.i18n import N_, Refusal

MAX_BYTES = 10 * 1024 * 1024  # a larger upload is refused before it is read
MAX_ROWS = 50_000
MAX_COLUMNS = 100
# Tried in this order: a GB18030 or Big5 file is never valid UTF-8, and GB18030 reads
# most bytes, so Big5 goes first (a Big5 file read as GB18030 gives wrong characters).
ENCODINGS = ("utf-8-sig", "big5hkscs", "gb18030")
Cell = str | date


class ReadError(Refusal):
    """The file cannot be imported: one message says why."""


@dataclass(frozen=True)
class Sheet:
    """The header row (trimmed text) and the data rows below it, with their row numbers
    as the spreadsheet shows them."""

    headers: list[str]
    rows: list[tuple[int, list[Cell]]]


def read_sheet(filename: str, content: bytes) -> Sheet:
    """Read *content* (an upload named *filename*) as CSV or XLSX."""
    if len(content) > MAX_BYTES:
        raise ReadError(N_("The file is larger than 10 MB."))
    if not content.strip():
        raise ReadError(N_("The file is empty."))
    if content[:4] == b"PK\x03\x04":
        lines = _xlsx_lines(content)
    elif filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise ReadError(N_("The file is not a spreadsheet (CSV or XLSX)."))
    else:
        lines = _csv_lines(content)
    return _sheet(lines)


def _csv_lines(content: bytes) -> list[tuple[int, list[Cell]]]:
    if b"\x00" in content:
        raise ReadError(N_("The file is not a spreadsheet (CSV or XLSX)."))
    text = _decoded(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return [(number, list(row)) for number, row in enumerate(reader, start=1)]
    except csv.Error:
        raise ReadError(N_("The file is not a spreadsheet (CSV or XLSX).")) from None


def _decoded(content: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(N_("The file's text is neither UTF-8, Big5 nor GB18030."))


def _xlsx_lines(content: bytes) -> list[tuple[int, list[Cell]]]:
    from openpyxl import load_workbook

    try:
        # data_only: a formula cell gives the value Excel cached when it saved the file.
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ReadError(N_("The file is not a spreadsheet (CSV or XLSX).")) from None
    try:
        sheet = book.worksheets[0]
        return [(number, [_xlsx_cell(value) for value in row[:MAX_COLUMNS]])
                for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
                if number <= MAX_ROWS + 20]
    except Exception:  # noqa: BLE001 - a damaged workbook fails in many ways inside openpyxl
        raise ReadError(N_("The file is not a spreadsheet (CSV or XLSX).")) from None
    finally:
        book.close()


def _xlsx_cell(value: object) -> Cell:
    """A date cell as a date; a whole number without ".0"; anything else as text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _blank(row: Iterable[Cell]) -> bool:
    return all(isinstance(cell, str) and not cell.strip() for cell in row)


def _sheet(lines: list[tuple[int, list[Cell]]]) -> Sheet:
    """The first row with two or more filled cells is the header row: a merged title row
    above it fills one cell only. Blank rows (the trailing ones included) are dropped."""
    filled = [(n, row) for n, row in lines if not _blank(row)]
    start = next((i for i, (_, row) in enumerate(filled)
                  if sum(1 for cell in row if str(cell).strip()) >= 2), None)
    if start is None:
        raise ReadError(N_("The file has no header row."))
    headers = [" ".join(str(cell).split()) for cell in filled[start][1]]
    rows = filled[start + 1:]
    if len(rows) > MAX_ROWS:
        raise ReadError(N_("The file has more than 50,000 rows."))
    if not rows:
        raise ReadError(N_("The file has no rows below its header row."))
    return Sheet(headers, [(n, row + [""] * (len(headers) - len(row))) for n, row in rows])

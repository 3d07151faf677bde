"""Two streaming writers, CSV and XLSX, fed by a generator of rows.

Neither holds the rows: CSV is written one row at a time into the response, and
openpyxl's write-only workbook appends each row to its worksheet's temporary file,
so memory stays flat however long the list. Every text cell goes through
`safe_cell` first (OWASP "CSV Injection"): a spreadsheet would run a cell starting
with =, +, -, @, a tab or a carriage return as a formula.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

Cell = str | int | float | Decimal | date | datetime | bool | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 64 * 1024  # bytes read from the finished XLSX file per response chunk
CSV_BATCH = 200  # rows joined into one chunk of the CSV response


def safe_cell(value: Cell) -> Cell:
    """*value*, with a text that a spreadsheet would read as a formula made plain text
    by a leading single quote. Numbers and dates are left alone (a negative number is
    a number, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_text(value: Cell) -> Cell:
    """A CSV cell: dates in ISO 8601 (YYYY-MM-DD, with the time for a timestamp)."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


def csv_chunks(headers: list[str], rows: Iterable[list[Cell]]) -> Iterator[bytes]:
    """The CSV file in UTF-8, a few hundred rows per chunk. It starts with a byte order mark,
    so that Excel reads the UTF-8 (Chinese names) as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([safe_cell(header) for header in headers])
    for number, row in enumerate(rows, start=1):
        writer.writerow([_csv_text(value) for value in row])
        if number % CSV_BATCH == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _xlsx_cell(sheet: object, value: Cell) -> object:
    """A value of the write-only sheet as it is, except a date: a real date cell shown
    DD/MM/YYYY. A cell object only there: openpyxl takes a plain value into a cell it
    reuses, while each cell object handed to it costs a failed conversion first."""
    if not isinstance(value, date):
        return safe_cell(value)
    cell = WriteOnlyCell(sheet)  # type: ignore[arg-type]
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)  # Excel has no time zones: the caller made it local
        cell.number_format = "DD/MM/YYYY HH:MM"
    else:
        cell.number_format = "DD/MM/YYYY"
    cell.value = value
    return cell


def xlsx_chunks(title: str, headers: list[str], rows: Iterable[list[Cell]]) -> Iterator[bytes]:
    """The XLSX file: the rows written through a write-only workbook into a temporary
    file, which is then sent in chunks."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])  # Excel's limit for a sheet name
    sheet.append([safe_cell(header) for header in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    with tempfile.TemporaryFile() as spool:
        workbook.save(spool)
        spool.seek(0)
        while chunk := spool.read(CHUNK):
            yield chunk

"""The blank template of each kind, as CSV or XLSX: one header per field, in the
reader's language with the field's code, e.g. "出生日期 (date_of_birth)"."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from tracker.imports.mapping import Kind


def headers(kind: Kind) -> list[str]:
    return [f"{_(field.label)} ({field.code})" for field in kind.fields]


def template_csv(kind: Kind) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the Chinese headers as Chinese."""
    out = io.StringIO()
    csv.writer(out).writerow(headers(kind))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(kind: Kind) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = kind.code
    sheet.append(headers(kind))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

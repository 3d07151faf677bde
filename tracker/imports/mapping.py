"""What each kind of import reads: its fields, and which of the file's columns holds each.

A template's header reads "Label (field_code)" in the reader's language, so a filled-in
template maps itself in either language; any other header is mapped by the user once
and remembered for the company's next import of that kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, timedelta

import sqlalchemy as sa
from flask import has_app_context
from flask_babel import force_locale, gettext

from tracker.candidates.models import QUALIFICATION_LEVELS
from tracker.extensions import db
from tracker.i18n import LANGUAGES, N_
from tracker.imports.models import ImportMapping
from tracker.imports.rows import RowCheck
from tracker.rules.dependants import RELATIONS
from tracker.rules.text import Text, translated
from tracker.validators import EARLIEST_DATE, LATEST_DATE

RELATION_CHOICES = tuple((code, str(r.label)) for code, r in RELATIONS.items())


@dataclass(frozen=True)
class FieldSpec:
    code: str
    label: str  # N_-marked, translated where shown
    type: str = "text"  # text, date, int, choice, bool
    required: bool = False
    # Other headers naming the field (N_-marked: an export's header), read in any language.
    aliases: tuple[str, ...] = ()
    # A choice's (code, label) pairs: a cell may hold the code or the label in any language.
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    fields: tuple[FieldSpec, ...]
    # The kind's own row check and write (None: tracker.imports.validation.CHECKERS and
    # writing's candidate or allotment write). A checker marks the rows; a writer adds
    # what they hold (the caller commits) and says how many rows it wrote.
    checker: Callable[[int, list[RowCheck], dict[str, str]], None] | None = dataclass_field(
        default=None, compare=False)
    writer: Callable[[int, list[RowCheck], int | None], int] | None = dataclass_field(
        default=None, compare=False)

    def field(self, code: str) -> FieldSpec:
        return next(f for f in self.fields if f.code == code)


CANDIDATES = Kind("candidates", N_("Candidates"), (
    FieldSpec("full_name", N_("Full name"), required=True),
    FieldSpec("chinese_name", N_("Chinese name")),
    FieldSpec("nationality", N_("Nationality"), required=True),
    FieldSpec("date_of_birth", N_("Date of birth"), "date", required=True),
    FieldSpec("place_of_birth", N_("Place of birth")),
    FieldSpec("passport_number", N_("Passport number"), required=True),
    FieldSpec("passport_expiry", N_("Passport expiry"), "date", required=True),
    FieldSpec("email", N_("Email")),
    FieldSpec("qualification_level", N_("Highest qualification"), "choice",
              choices=QUALIFICATION_LEVELS),
    FieldSpec("qualification_subject", N_("Subject")),
    FieldSpec("qualification_institution", N_("Institution")),
    FieldSpec("stem_degree", N_("STEM degree"), "bool"),
    FieldSpec("years_experience", N_("Years of relevant experience"), "int"),
    FieldSpec("current_location", N_("Current location")),
    # A dependant's row (as the candidate export writes it): checked by the dependant rules.
    FieldSpec("relation", N_("Relation"), "choice", choices=RELATION_CHOICES),
    FieldSpec("principal_passport", N_("Dependant of (passport number)")),
))
# One row per position; the letter's facts repeated on each of its rows.
ALLOTMENTS = Kind("allotments", N_("Allotments"), (
    FieldSpec("itc_reference", N_("ITC reference"), required=True),
    FieldSpec("allotment_date", N_("Allotment date"), "date", required=True),
    FieldSpec("valid_until", N_("Valid until"), "date"),
    FieldSpec("total_quotas", N_("Number of quotas"), "int", required=True),
    FieldSpec("job_title", N_("Job title"), required=True),
    FieldSpec("technology_area", N_("Technology area"), required=True),
    FieldSpec("monthly_salary", N_("Monthly salary (HKD)"), "int", required=True),
    FieldSpec("quotas", N_("Quotas"), "int", required=True),
    FieldSpec("required_qualification", N_("Required qualification")),
    FieldSpec("notes", N_("Notes")),
))
KINDS = {kind.code: kind for kind in (CANDIDATES, ALLOTMENTS)}  # all kinds: imports/kinds.py
CODE_IN_HEADER = re.compile(r"\(([a-z_]+)\)\s*$")
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 01/01/1900 (Excel counts a 29/02/1900)
YES = {"yes", "y", "true", "1", "是", "有"}
NO = {"no", "n", "false", "0", "否", "沒有", "没有"}


_SPELLINGS: dict[str, frozenset[str]] = {}


def folded(text: str) -> str:
    """A header or label as compared: lower-case, spaces collapsed."""
    return " ".join(str(text).split()).casefold()


def spellings(message: str) -> frozenset[str]:
    """*message* (a msgid or a Text) folded, as written in each language of the tracker
    (kept once known: a 50,000-row file reads the same labels on every row)."""
    if message in _SPELLINGS:
        return _SPELLINGS[message]
    found = {folded(message)}
    for language in LANGUAGES:
        with force_locale(language):
            found.add(folded(translated(message) if isinstance(message, Text)
                             else gettext(message)))
    if has_app_context():  # outside one, only the English was read: not kept
        _SPELLINGS[message] = frozenset(found)
    return frozenset(found)


def guess_mapping(kind: Kind, headers: list[str], remembered: dict[str, str]
                  ) -> dict[str, str]:
    """field code → header: the remembered header if the file has it, else a header
    naming the field's code ("Full name (full_name)", "full_name"), its label or one of
    its aliases in any language (so that an export of the list maps itself)."""
    mapping: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for header in headers:
        found = CODE_IN_HEADER.search(header)
        by_name.setdefault(found.group(1) if found else folded(header), header)
    for field in kind.fields:
        names = [field.code, *(n for m in (field.label, *field.aliases)
                               for n in sorted(spellings(m)))]
        if remembered.get(field.code) in headers:
            mapping[field.code] = remembered[field.code]
        elif named := next((by_name[n] for n in names if n in by_name), None):
            mapping[field.code] = named
    return mapping


def missing_required(kind: Kind, mapping: dict[str, str], headers: list[str]) -> list[FieldSpec]:
    """The required fields no column of the file is mapped to."""
    return [f for f in kind.fields if f.required and mapping.get(f.code) not in headers]


def remembered_mapping(company_id: int, kind: str) -> dict[str, str]:
    row = db.session.scalar(sa.select(ImportMapping).where(
        ImportMapping.company_id == company_id, ImportMapping.kind == kind))
    return dict(row.mapping) if row else {}


def remember_mapping(company_id: int, kind: str, mapping: dict[str, str]) -> None:
    """Keep *mapping* for the company's next import of *kind* (the caller commits)."""
    row = db.session.scalar(sa.select(ImportMapping).where(
        ImportMapping.company_id == company_id, ImportMapping.kind == kind))
    if row is None:
        db.session.add(ImportMapping(company_id=company_id, kind=kind, mapping=mapping))
    else:
        row.mapping = mapping


class CellError(ValueError):
    """A cell that cannot be read as its field's type; the message says why."""


def parse_cell(field: FieldSpec, raw: str) -> object:
    """The cell's value for *field* (None for a blank cell, "" for blank text)."""
    raw = unquoted(raw)
    text = " ".join(raw.split()) if field.type != "text" else raw.strip()
    if field.type == "text":
        return text
    if not text:
        return None
    if field.type == "date":
        return parse_date(text)
    if field.type == "int":
        if not re.fullmatch(r"-?\d{1,9}", text):
            raise CellError(N_("Enter a whole number."))
        return int(text)
    if field.type == "bool":
        if text.lower() in YES or folded(text) in spellings(N_("Yes")):
            return True
        if text.lower() in NO or folded(text) in spellings(N_("No")):
            return False
        raise CellError(N_("Enter yes or no."))
    return choice_code(field, text)


def unquoted(raw: str) -> str:
    """A cell an export made plain text ("'=…", tracker.exports.writers.safe_cell) as it was."""
    return raw[1:] if raw[:1] == "'" and raw[1:2] in ("=", "+", "-", "@", "\t", "\r") else raw


def choice_code(field: FieldSpec, text: str) -> str:
    """A choice's code from its code or its label in any language (else the text as
    typed, lower-cased, for the record's own check to refuse)."""
    for code, label in field.choices:
        if folded(text) == code or folded(text) in spellings(label):
            return code
    return text.lower()


def parse_date(text: str) -> date:
    """DD/MM/YYYY (or D-M-YYYY, D.M.YYYY), ISO YYYY-MM-DD, or an Excel serial number."""
    try:
        if re.fullmatch(r"\d{4,5}", text):
            value = EXCEL_EPOCH + timedelta(days=int(text))
        elif found := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            value = date(int(found[1]), int(found[2]), int(found[3]))
        elif found := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
            value = date(int(found[3]), int(found[2]), int(found[1]))
        else:
            raise CellError(N_("Enter a date as DD/MM/YYYY."))
    except (ValueError, OverflowError) as error:
        if isinstance(error, CellError):
            raise
        raise CellError(N_("Enter a date as DD/MM/YYYY.")) from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise CellError(Text("The date %(day)s is out of range (1900 to 2199).",
                             day=value.strftime("%d/%m/%Y")))
    return value

"""The preview: every row of an import marked new, update, unchanged or error.

A row's values are read per column (tracker.imports.mapping), then checked by the
service that owns the record's rules (for candidates tracker.candidates.services
.check_candidate, the candidate form's own check), never by a copy of a rule here.
Records are matched within the importing company only, so another company's records
are neither read nor touched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from tracker.audit.services import snapshot
from tracker.candidates import services as candidate_services
from tracker.candidates.models import Candidate
from tracker.i18n import shown
from tracker.imports.allotments import check_allotments
from tracker.imports.batches import candidates_by_passport, chunked
from tracker.imports.mapping import CellError, Kind, parse_cell
from tracker.imports.rows import ERROR, UNCHANGED, UPDATE, RowCheck
from tracker.rules.text import Text


def stored_message(message: str) -> list[Any]:
    """A message as JSON: [template, values] so it reads in the reader's language later."""
    if isinstance(message, Text):
        return [message.template, {k: str(v) for k, v in message.values.items()}]
    return [message, {}]


def message_text(template: str, values: dict[str, str]) -> str:
    """A stored message in the reader's language."""
    return shown(Text(template, **values) if values else template)


def cells(kind: Kind, mapping: dict[str, str], headers: list[str], row: list[str]
          ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The mapped fields' values of one row, and the cells that could not be read."""
    values: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for kind_field in kind.fields:
        header = mapping.get(kind_field.code)
        if header not in headers:
            continue
        try:
            values[kind_field.code] = parse_cell(kind_field, str(row[headers.index(header)]))
        except CellError as error:
            errors.append((header, str(error.args[0])))
    return values, errors


def check_rows(kind: Kind, company_id: int, mapping: dict[str, str], headers: list[str],
               rows: list[list[Any]], progress: Callable[[int], None] | None = None
               ) -> list[RowCheck]:
    """Check every row ([number, cells]) in order; *progress* hears the rows read."""
    columns = {code: header for code, header in mapping.items() if header in headers}
    checks = []
    for done, (number, row) in enumerate(rows, start=1):
        values, errors = cells(kind, mapping, headers, row)
        checks.append(RowCheck(number, values=values, errors=errors))
        if progress is not None:
            progress(done)
    (kind.checker or CHECKERS[kind.code])(company_id, checks, columns)
    for check in checks:
        check.errors = list(dict.fromkeys(check.errors))  # two rules naming one problem
        if check.errors:
            check.mark = ERROR
    return checks


def check_candidates(company_id: int, checks: list[RowCheck], columns: dict[str, str]) -> None:
    """Each row on its own; the same passport twice in the file refused on the second.

    The recorded candidates are read CHUNK rows at a time (tracker/imports/batches), not
    row by row: the rows of a large file are checked in a few dozen statements.
    """
    seen: dict[str, int] = {}
    for part in chunked(checks):
        recorded = candidates_by_passport(company_id, (
            candidate_services.normalise_passport(str(c.values.get("passport_number") or ""))
            for c in part))
        for check in part:
            check_candidate_row(company_id, check, columns, seen, recorded)


def check_candidate_row(company_id: int, check: RowCheck, columns: dict[str, str],
                        seen: dict[str, int],
                        recorded: dict[str, Candidate] | None = None) -> None:
    """A candidate row: matched by passport number within the company; an existing
    candidate keeps what the file has no column for. *recorded*: the company's candidates
    by passport number, looked up already for the row (else looked up here)."""
    number = candidate_services.normalise_passport(check.values.get("passport_number") or "")
    if recorded is None:
        existing = candidate_services.find_by_passport(company_id, number) if number else None
    else:
        existing = recorded.get(number) if number else None
    data = (snapshot(existing, candidate_services.FIELDS) if existing
            else dict.fromkeys(candidate_services.FIELDS))
    _restore_dates(existing, data)
    unreadable = {columns.get(code) for code in check.values} & {c for c, _ in check.errors}
    data.update({k: v for k, v in check.values.items() if columns.get(k) not in unreadable})
    # The row's number was looked up: it is the matched candidate's (excluded from the
    # duplicate check) or nobody's, so the check needs no lookup of its own.
    problems = candidate_services.value_problems(data)
    for code, message in problems.items():
        if columns.get(code) not in unreadable:
            check.errors.append((columns.get(code, code), message))
    if number in seen:
        check.errors.append((columns["passport_number"],
                             Text("Passport number %(number)s is also on row %(row)s.",
                                  number=number, row=seen[number])))
    elif number:
        seen[number] = check.number
    check.values = data
    if existing is not None:
        check.record_id = existing.id
        check.mark = UPDATE if _differs(existing, data) else UNCHANGED


def _restore_dates(existing: Candidate | None, data: dict[str, Any]) -> None:
    """snapshot() gives dates as ISO text (for the audit log): the checks need dates."""
    if existing is None:
        return
    for name in list(data):
        if isinstance(getattr(existing, name), date):
            data[name] = getattr(existing, name)


def _differs(existing: Candidate, data: dict[str, Any]) -> bool:
    """Whether writing *data* would change the stored candidate (after the service's own
    normalising: trimmed text, upper-cased passport, lower-cased e-mail)."""
    values, _ = _cleaned(data)
    return any(getattr(existing, name) != value for name, value in values.items())


def _cleaned(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    try:
        return candidate_services._clean(dict(data)), {}
    except candidate_services.CandidateError as error:
        return data, {error.field: error.message}


def cleaned_candidate(data: dict[str, Any]) -> dict[str, Any]:
    """The values the candidate service stores for *data* (already checked)."""
    return candidate_services._clean(dict(data))


CHECKERS: dict[str, Callable[[int, list[RowCheck], dict[str, str]], None]] = {
    "candidates": check_candidates,
    "allotments": check_allotments,
}

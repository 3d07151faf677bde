"""An import from upload to written: the job, its preview, and the one write.

Every step re-reads the job by id and company, so the same functions serve a request
and the Celery worker (tracker/imports/tasks.py). Writing checks the rows again first
(what was valid at the preview may have changed), writes nothing if any row is refused
unless the user chose to import the valid rows, and records one audit entry with the
counts. A small file is written in one transaction; a large one in batches, the job's
progress saved after each.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import load_only

from tracker.audit.services import record
from tracker.candidates.models import Candidate, search_name_for
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.i18n import N_, Refusal
from tracker.imports.allotments import write_allotments
from tracker.imports.batches import candidates_by_id, chunked
from tracker.imports.dependants import link_dependants
from tracker.imports.kinds import KINDS
from tracker.imports.mapping import missing_required, remember_mapping
from tracker.imports.models import ImportJob
from tracker.imports.reading import Sheet
from tracker.imports.rows import ERROR, NEW, UPDATE, RowCheck
from tracker.imports.validation import (
    check_rows,
    cleaned_candidate,
    message_text,
    stored_message,
)
from tracker.quotas.status import validity_months
from tracker.rules.text import Text, joined

BATCH = 1000  # rows per transaction on the large path
LARGE = 2000  # rows above which the worker checks and writes


class ImportRefused(Refusal):
    """The import cannot go ahead as asked; the message says why."""


def create_job(company_id: int, user_id: int | None, kind: str, filename: str,
               sheet: Sheet) -> ImportJob:
    """Keep the file as read, waiting for its column mapping."""
    rows = [[number, [c.isoformat() if isinstance(c, date) else c for c in cells]]
            for number, cells in sheet.rows]
    job = ImportJob(company_id=company_id, user_id=user_id, kind=kind,
                    filename=filename[:200], headers=sheet.headers, rows=rows,
                    mapping={}, marks=[], total=len(rows), status="mapping")
    db.session.add(job)
    db.session.commit()
    return job


def job_in_company(job_id: int, company_id: int) -> ImportJob | None:
    return db.session.scalar(sa.select(ImportJob).where(ImportJob.id == job_id,
                                                        ImportJob.company_id == company_id))


def recent_jobs(company_id: int, limit: int = 10) -> list[ImportJob]:
    """The company's latest imports, newest first: where a user comes back to one."""
    return list(db.session.scalars(
        sa.select(ImportJob).where(ImportJob.company_id == company_id)
        .order_by(ImportJob.created_at.desc(), ImportJob.id.desc()).limit(limit)
        .options(load_only(ImportJob.id, ImportJob.kind, ImportJob.filename,
                                  ImportJob.status, ImportJob.total, ImportJob.created_at))))


def set_mapping(job: ImportJob, mapping: dict[str, str]) -> None:
    """Keep the chosen columns (remembered for the company's next import of the kind);
    refuses a mapping that leaves a required field without a column."""
    kind = KINDS[job.kind]
    mapping = {code: header for code, header in mapping.items() if header in job.headers}
    missing = missing_required(kind, mapping, job.headers)
    if missing:
        raise ImportRefused(Text("The file has no column for: %(fields)s.",
                                 fields=joined([Text(f.label) for f in missing], ", ")))
    job.mapping = mapping
    job.status = "checking"
    job.progress = 0
    remember_mapping(job.company_id, job.kind, mapping)
    db.session.commit()


def fail(job: ImportJob, message: str) -> None:
    """The step could not run: back to the mapping, with *message* (N_-marked) shown."""
    job.status, job.message = "failed", message[:300]
    db.session.commit()


def mark_writing(job: ImportJob) -> None:
    """The worker will write this job (its page shows the progress meanwhile)."""
    job.status, job.progress, job.message = "writing", 0, ""
    db.session.commit()


def preview(job: ImportJob) -> None:
    """Mark every row and count the marks (committed)."""
    marks: list[list[Any]] = []
    counts = dict.fromkeys(("new", "update", "unchanged", "error"), 0)
    checks = _checks(job)
    db.session.rollback()  # what a kind's check did on trial (the quotas a case took)
    for check in checks:
        counts[check.mark] += 1
        marks.append([check.number, check.mark,
                      [[column, *stored_message(message)] for column, message in check.errors]])
    job.marks = marks
    job.new_count, job.update_count = counts["new"], counts["update"]
    job.unchanged_count, job.error_count = counts["unchanged"], counts["error"]
    job.status, job.progress, job.message = "previewed", 100, ""
    db.session.commit()


def _checks(job: ImportJob) -> list[RowCheck]:
    """Check the rows, saving the job's progress every BATCH rows on a large file."""
    def progress(done: int) -> None:
        if job.total > LARGE and done % BATCH == 0:
            _save_progress(job.id, done * 100 // max(job.total, 1))

    return check_rows(KINDS[job.kind], job.company_id, job.mapping, job.headers, job.rows,
                      progress)


def _save_progress(job_id: int, percent: int) -> None:
    """Save the percentage in its own short statement, seen by the page at once."""
    with db.engine.begin() as connection:
        connection.execute(sa.update(ImportJob).where(ImportJob.id == job_id)
                           .values(progress=min(percent, 100)))


def write(job: ImportJob, valid_only: bool) -> None:
    """Write the job's rows (all valid, or the valid ones when *valid_only*)."""
    checks = _checks(job)
    refused = [c for c in checks if c.mark == ERROR]
    if refused and not valid_only:
        db.session.rollback()  # what the check did on trial
        job.status = "previewed"
        db.session.commit()
        raise ImportRefused(N_("Some rows have errors: nothing was written. Correct the file, "
                               "or import the valid rows only."))
    job.status, job.valid_only = "writing", valid_only
    written = _write_rows(job, [c for c in checks if c.mark in (NEW, UPDATE)])
    job.written_count = written
    job.status, job.progress, job.finished_at = "done", 100, utcnow()
    record("import", "import_job", job.id, company_id=job.company_id, user_id=job.user_id,
           changes={"new": sum(c.mark == NEW for c in checks),
                    "updated": sum(c.mark == UPDATE for c in checks),
                    "unchanged": sum(c.mark == "unchanged" for c in checks),
                    "refused": len(refused)},
           summary=f"{job.kind}: {job.filename}")
    db.session.commit()


def _write_rows(job: ImportJob, checks: list[RowCheck]) -> int:
    """Add or update each record, BATCH rows at a time (on a large file each batch
    committed and the progress saved)."""
    kind = KINDS[job.kind]
    if kind.writer is not None:  # a kind whose check built its records
        return kind.writer(job.company_id, checks, job.user_id)
    if job.kind == "allotments":  # positions travel with their letter: one add per group
        write_allotments(job.company_id, checks, validity_months())
        return len(checks)
    # Read once: after a commit the job is expired, and touching it would reload its
    # whole file (rows and marks) once per batch, a cost growing with the square of the rows.
    job_id, company_id, large = job.id, job.company_id, job.total > LARGE
    done = 0
    for part in chunked(checks, BATCH):
        write_candidates(company_id, part)
        done += len(part)
        if large:
            db.session.commit()
            _save_progress(job_id, done * 100 // max(len(checks), 1))
    link_dependants(job.company_id, checks)
    return len(checks)


def write_candidates(company_id: int, checks: Sequence[RowCheck]) -> None:
    """Add the new candidates in one bulk INSERT (no ORM objects: a large file's
    inserts would spend most of their time building and flushing them), and change the
    company's candidates the rows matched (read in one statement, flushed in batches)."""
    added = [cleaned_candidate(c.values) for c in checks if c.record_id is None]
    if added:
        db.session.execute(sa.insert(cast(sa.Table, Candidate.__table__)), [
            {**values, "company_id": company_id,
             "search_name": search_name_for(values["full_name"], values["chinese_name"])}
            for values in added])
    matched = candidates_by_id(company_id, (c.record_id for c in checks
                                            if c.record_id is not None))
    for check in checks:
        if check.record_id is not None:
            write_candidate(company_id, check, matched)


def write_candidate(company_id: int, check: RowCheck,
                    matched: dict[int, Candidate] | None = None) -> None:
    """Add a candidate, or change the company's candidate the row matched (*matched*: the
    rows' candidates read already, by id; else read here)."""
    values = cleaned_candidate(check.values)
    if check.record_id is None:
        db.session.add(Candidate(company_id=company_id, **values))
        return
    if matched is None:
        matched = candidates_by_id(company_id, [check.record_id])
    candidate = matched.get(check.record_id)
    if candidate is None:  # removed since the check: leave it removed
        return
    for name, value in values.items():
        setattr(candidate, name, value)


def report_csv(job: ImportJob) -> str:
    """The refused rows as CSV: row number, column, reason (in the current language),
    then the row's cells as read, so the file can be corrected and imported again."""
    cells_by_row = {number: cells for number, cells in job.rows}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "column", "reason", *job.headers])
    for number, mark, errors in job.marks:
        if mark != ERROR:
            continue
        for column, template, values in errors:
            writer.writerow([safe_cell(str(c)) for c in (
                number, column, message_text(template, values), *cells_by_row.get(number, []))])
    return out.getvalue()


def safe_cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP "CSV Injection")."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

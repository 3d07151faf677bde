"""The worker's side of a large import: check, then write, by job id."""

from __future__ import annotations

from celery import shared_task

from tracker.extensions import db
from tracker.imports import writing
from tracker.imports.models import ImportJob


@shared_task(name="imports.preview")
def preview(job_id: int) -> str:
    """Mark every row of the job (the page polls its progress)."""
    job = db.session.get(ImportJob, job_id)
    if job is None or job.status != "checking":
        return "skipped"  # a repeated delivery: already checked
    writing.preview(job)
    return job.status


@shared_task(name="imports.write")
def write(job_id: int, valid_only: bool) -> str:
    """Write the job's rows; a refusal leaves the job previewed with its message."""
    job = db.session.get(ImportJob, job_id)
    if job is None or job.status != "writing":
        return "skipped"
    try:
        writing.write(job, valid_only)
    except writing.ImportRefused as refusal:
        db.session.rollback()
        job = db.session.get_one(ImportJob, job_id)
        job.status, job.message = "previewed", refusal.message[:300]
        db.session.commit()
    return job.status

"""Import pages: upload, map the columns, preview, write; a large file goes to the worker
and the page follows its progress (static/imports.js polls the JSON status)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from kombu.exceptions import OperationalError
from werkzeug.wrappers import Response

from tracker.i18n import N_, shown
from tracker.imports import blank, writing
from tracker.imports.forms import UploadForm, WriteForm, mapping_form, posted_mapping
from tracker.imports.kinds import KINDS
from tracker.imports.mapping import guess_mapping, remembered_mapping
from tracker.imports.models import ImportJob
from tracker.imports.reading import MAX_BYTES, ReadError, read_sheet
from tracker.imports.validation import message_text
from tracker.permissions import Role, role_required
from tracker.security import accepts_files

bp = Blueprint("imports", __name__, url_prefix="/imports")
PREVIEW_ROWS = 500  # rows shown on the page; the report has every refused one
STATUS_LABELS = {"mapping": N_("Columns to match"), "checking": N_("Checking"),
                 "previewed": N_("Ready to import"), "writing": N_("Writing"),
                 "done": N_("Imported"), "failed": N_("Failed")}


def _job(job_id: int) -> ImportJob:
    """The company's job, or 404 (another company's job looks absent)."""
    job = writing.job_in_company(job_id, current_user.company_id)
    if job is None:
        abort(404)
    return job


@bp.route("/", methods=["GET", "POST"], strict_slashes=False)
@accepts_files
@role_required(Role.STAFF)
def index() -> str | Response:
    """Choose the kind and upload the file; the templates to download."""
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            sheet = read_sheet(upload.filename or "", upload.read(MAX_BYTES + 1))
        except ReadError as error:
            form.file.errors = [*form.file.errors, error.shown()]
        else:
            job = writing.create_job(current_user.company_id, current_user.id,
                                     form.kind.data, upload.filename or "", sheet)
            return redirect(url_for("imports.mapping", job_id=job.id))
    return render_template("imports/index.html", form=form, kinds=KINDS,
                           jobs=writing.recent_jobs(current_user.company_id),
                           statuses=STATUS_LABELS)


@bp.get("/template/<kind>.<fmt>")
@role_required(Role.VIEWER)
def template(kind: str, fmt: str) -> Response:
    """The blank template of *kind* (csv or xlsx), headers in the reader's language."""
    if kind not in KINDS or fmt not in ("csv", "xlsx"):
        abort(404)
    body = blank.template_csv(KINDS[kind]) if fmt == "csv" else blank.template_xlsx(KINDS[kind])
    mimetype = ("text/csv" if fmt == "csv" else
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename={kind}-template.{fmt}"})


@bp.route("/<int:job_id>/mapping", methods=["GET", "POST"])
@role_required(Role.STAFF)
def mapping(job_id: int) -> str | Response:
    """Which column holds which field (the remembered mapping first), then the preview."""
    job = _job(job_id)
    kind = KINDS[job.kind]
    chosen = job.mapping or guess_mapping(kind, job.headers,
                                          remembered_mapping(job.company_id, job.kind))
    form = mapping_form(kind, job.headers, chosen, request.form if request.method == "POST"
                        else None)
    if job.status not in ("mapping", "previewed", "failed"):
        return redirect(url_for("imports.show", job_id=job.id))
    if request.method == "POST" and form.validate():
        try:
            writing.set_mapping(job, posted_mapping(form, kind, job.headers))
        except writing.ImportRefused as error:
            flash(error.shown(), "danger")
        else:
            if job.total > writing.LARGE:
                _queue(job, "imports.preview", (job.id,))
            else:
                writing.preview(job)
            return redirect(url_for("imports.show", job_id=job.id))
    return render_template("imports/mapping.html", job=job, form=form, kind=kind)


def _queue(job: ImportJob, task: str, args: tuple[object, ...]) -> None:
    """Hand a large file's step to the worker; the page follows the job's progress."""
    try:
        current_app.extensions["celery"].send_task(task, args=args, ignore_result=True)
    except (OperationalError, OSError):
        writing.fail(job, N_("The background service is unreachable: try again later."))


@bp.get("/<int:job_id>")
@role_required(Role.STAFF)
def show(job_id: int) -> str:
    """The preview (every row marked) or the progress of the worker's step."""
    job = _job(job_id)
    rows = {number: cells for number, cells in job.rows[:PREVIEW_ROWS]}
    marks = [(number, mark, [(column, message_text(t, v)) for column, t, v in errors])
             for number, mark, errors in job.marks[:PREVIEW_ROWS]]
    return render_template("imports/show.html", job=job, kind=KINDS[job.kind], marks=marks,
                           rows=rows, form=WriteForm(), message=shown(job.message)
                           if job.message else "")


@bp.get("/<int:job_id>/status.json")
@role_required(Role.STAFF)
def status(job_id: int) -> Response:
    """The job's status and progress, polled by the page while the worker runs."""
    job = _job(job_id)
    return jsonify(status=job.status, progress=job.progress, total=job.total,
                   written=job.written_count)


@bp.post("/<int:job_id>/write")
@role_required(Role.STAFF)
def write(job_id: int) -> Response:
    """Write the rows: all of them valid, or the valid ones when the user chose so."""
    job = _job(job_id)
    form = WriteForm()
    if not form.validate() or job.status != "previewed":
        return redirect(url_for("imports.show", job_id=job.id))
    valid_only = bool(form.valid_only.data)
    if job.total > writing.LARGE:
        writing.mark_writing(job)
        _queue(job, "imports.write", (job.id, valid_only))
        return redirect(url_for("imports.show", job_id=job.id))
    try:
        writing.write(job, valid_only)
    except writing.ImportRefused as error:
        flash(error.shown(), "danger")
    else:
        flash(_("Imported: %(new)s added, %(updated)s updated.", new=job.new_count,
                updated=job.update_count), "success")
    return redirect(url_for("imports.show", job_id=job.id))


@bp.get("/<int:job_id>/report.csv")
@role_required(Role.STAFF)
def report(job_id: int) -> Response:
    """The refused rows with their column and reason, to correct and import again."""
    job = _job(job_id)
    body = "\ufeff" + writing.report_csv(job)
    return Response(body.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=import-{job.id}-refused.csv"})

"""The candidate's Documents page: each document HR asked for, its state (asked,
uploaded and awaiting review, accepted, returned with the reason), and a form to send
a file for it; and the candidate's own files, to download again.

Routes live on the portal's blueprint (views.bp), so the guard and the portal session
apply as to every portal page; every record comes through scope.py (another person's
request or file answers 404). A refused file shows the page again with the message on
its item (the words of HR's own upload refusals: the same check makes them).
"""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from tracker.clock import today
from tracker.documents import storage
from tracker.documents.filetypes import ACCEPT, ALLOWED_LABELS
from tracker.documents.forms import UploadForm, first_error
from tracker.documents.services import DocumentError, Upload, human_size
from tracker.portal import document_reads, documents, scope
from tracker.portal.documents import PortalDocumentError
from tracker.portal.guard import current_account, load_portal_account
from tracker.portal.models import PortalAccount
from tracker.portal.views import bp
from tracker.security import accepts_files

UPLOAD_ENDPOINT = "portal.upload_document"


def _account() -> PortalAccount:
    account = current_account()
    assert account is not None  # guard.py sends anyone without one to the sign-in
    return account


def _page(errors: dict[int, str] | None = None, status: int = 200) -> tuple[str, int]:
    """The Documents page; *errors*: {request id: message} of a refused file."""
    cases = document_reads.candidate_documents(_account(), str(get_locale()), today())
    return render_template("portal/documents.html", cases=cases, errors=errors or {},
                           accept=ACCEPT, allowed=ALLOWED_LABELS,
                           limit=human_size(current_app.config["MAX_DOCUMENT_BYTES"])), status


@bp.get("/documents", endpoint="documents")
def documents_page() -> tuple[str, int]:
    """Every document asked of the candidate, with its state and an upload form."""
    return _page()


@bp.post("/documents/<int:request_id>/upload", endpoint="upload_document")
@accepts_files
def upload(request_id: int) -> Response | tuple[str, int]:
    """Send a file for a requested document; it waits for HR's review."""
    account = _account()
    asked = scope.own_request_or_404(account, request_id)
    if asked.kind != "document":
        abort(404)
    form = UploadForm()
    if not form.validate():
        return _page({asked.id: first_error(form)}, 400)
    file = form.file.data
    try:
        row = documents.upload(account, asked, Upload(file.filename or "", file.stream))
    except DocumentError as error:
        return _page({asked.id: error.translated()}, 400)
    except PortalDocumentError as error:
        return _page({asked.id: error.shown()}, 400)
    flash(_("“%(name)s” is sent. HR will review it.", name=row.file_name), "success")
    return redirect(url_for("portal.documents", _anchor=f"request-{asked.id}"))


@bp.get("/uploads/<int:upload_id>/file")
def download(upload_id: int) -> Response:
    """One of the candidate's own files, as an attachment (never shown inline)."""
    found = document_reads.own_upload_or_404(_account(), upload_id)
    return storage.attachment(found.company_id, found.stored_name, found.content_type,
                              found.file_name)


def too_large(error: RequestEntityTooLarge) -> Response | tuple[str, int]:
    """A body over MAX_CONTENT_LENGTH: on the upload, say so on the Documents page (the
    candidate's own; anyone else gets the plain error page)."""
    message = _("The upload is larger than the %(limit)s allowed. Nothing was saved.",
                limit=human_size(current_app.config["MAX_CONTENT_LENGTH"]))
    if "portal_account" not in g:  # the input guard read the body before the session
        load_portal_account()
    if request.endpoint == UPLOAD_ENDPOINT and current_account() is not None:
        request_id = (request.view_args or {}).get("request_id")
        scope.own_request_or_404(_account(), request_id)
        return _page({int(request_id): message} if request_id else {}, 413)
    return render_template("errors/error.html", code=413, title=_("Too large"),
                           text=message), 413


bp.register_error_handler(RequestEntityTooLarge, too_large)

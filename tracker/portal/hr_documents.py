"""HR's side of the documents asked through the portal (blueprint `portal_documents`):
asking the candidate for checklist items, reading an upload, accepting or returning it.

Shown as a panel under the case's checklist (cases.documents.CHECKLIST_PANELS), on the
case page and the documents page alike; its forms come back to the page that showed
them (`?next=`, like the checklist's own forms). A refused form shows that page again
with every message on its field, nothing saved.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from tracker.cases.documents import CHECKLIST_PANELS, ChecklistView, back_to, render_page
from tracker.cases.models import Case
from tracker.cases.queries import load_case
from tracker.clock import today
from tracker.documents import storage
from tracker.documents.checklist import ChecklistRow, checklist_rows
from tracker.documents.services import DocumentError
from tracker.i18n import shown
from tracker.permissions import Role, role_required
from tracker.portal import document_mail, document_reads, documents
from tracker.portal.document_forms import AcceptForm, DocumentRequestForm, ReturnForm
from tracker.portal.documents import PortalDocumentError, RequestRefused
from tracker.portal.models import PortalRequest, PortalUpload

bp = Blueprint("portal_documents", __name__)

Page = Response | tuple[str, int]
POSTED = "portal_documents_posted"  # g: a refused form, to show again with its errors
ANCHOR = "#portal-documents"


def _again(case: Case, key: str | int, form: object) -> tuple[str, int]:
    """The page that showed the panel, again, with the refused *form* in it."""
    g.setdefault(POSTED, {})[key] = form
    if back_to(case).split("?")[0] == url_for("cases.show", case_id=case.id):
        from tracker.cases.page import render_case_page  # the case page includes the panel
        return render_case_page(case), 400
    return render_page(case, status=400)


def _back(case: Case, anchor: str = ANCHOR) -> Response:
    return redirect(f"{back_to(case)}{anchor}")


@bp.post("/cases/<int:case_id>/portal/documents")
@role_required(Role.STAFF)
def request_documents(case_id: int) -> Page:
    """Ask the candidate for the ticked checklist items by a date (one e-mail)."""
    case = load_case(case_id)
    form = DocumentRequestForm()
    form.codes.choices = _choices(checklist_rows(case))
    form.validate()
    try:
        asked = documents.request_documents(current_user._get_current_object(), case,
                                            list(form.codes.data or []), form.due_on.data)
    except RequestRefused as refusal:
        for name, messages in refusal.errors.items():
            if not form[name].errors:  # a date it could not read says enough
                form[name].errors = [shown(message) for message in messages]
        return _again(case, "request", form)
    except PortalDocumentError as error:
        flash(error.shown(), "danger")
        return _back(case)
    if document_mail.queue_requested(asked):
        flash(ngettext("Asked the candidate for %(num)d document; they are e-mailed.",
                       "Asked the candidate for %(num)d documents; they are e-mailed.",
                       len(asked)), "success")
    else:
        flash(_("The request is saved, but its email could not be sent: the background "
                "service is unreachable. The candidate sees it in the portal."), "warning")
    return _back(case)


def _choices(rows: list[ChecklistRow]) -> list[tuple[str, str]]:
    """The request form's checkboxes: every item of the case's checklist."""
    return [(row.item.code, row.item.label) for row in rows]


def _upload(case_id: int, upload_id: int) -> tuple[Case, PortalUpload]:
    case = load_case(case_id)
    return case, document_reads.case_upload_or_404(case, upload_id)


def _reviewed(case: Case, reviewed: PortalRequest, message: str) -> Response:
    """Mail the candidate the review, and back to the panel saying what was done."""
    if not document_mail.queue_reviewed(reviewed):
        message += " " + _("The candidate could not be e-mailed: the background service "
                           "is unreachable.")
    flash(message, "success")
    return _back(case)


@bp.post("/cases/<int:case_id>/portal/uploads/<int:upload_id>/accept")
@role_required(Role.STAFF)
def accept(case_id: int, upload_id: int) -> Page:
    """Accept the candidate's file: the checklist item is received, with that file."""
    case, upload = _upload(case_id, upload_id)
    if not AcceptForm().validate_on_submit():
        flash(_("The form expired; please try again."), "warning")
        return _back(case)
    try:
        accepted = documents.accept(current_user._get_current_object(), case, upload)
    except (PortalDocumentError, DocumentError) as error:
        flash(error.shown() if isinstance(error, PortalDocumentError) else error.translated(),
              "danger")
        return _back(case)
    return _reviewed(case, accepted, _("Accepted “%(name)s”: the document is received.",
                                       name=upload.file_name))


@bp.post("/cases/<int:case_id>/portal/uploads/<int:upload_id>/return")
@role_required(Role.STAFF)
def return_upload(case_id: int, upload_id: int) -> Page:
    """Send the candidate's file back with the reason; the checklist stays as it is."""
    case, upload = _upload(case_id, upload_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        return _again(case, upload.id, form)
    try:
        returned = documents.return_upload(current_user._get_current_object(), case, upload,
                                           form.reason.data or "")
    except PortalDocumentError as error:
        form.reason.errors = [error.shown()]
        return _again(case, upload.id, form)
    return _reviewed(case, returned, _("Returned “%(name)s” to the candidate.",
                                       name=upload.file_name))


@bp.get("/cases/<int:case_id>/portal/uploads/<int:upload_id>/file")
@role_required(Role.VIEWER)
def download(case_id: int, upload_id: int) -> Response:
    """A file the candidate sent for this case, as an attachment (like HR's own files)."""
    case, upload = _upload(case_id, upload_id)
    return storage.attachment(case.company_id, upload.stored_name, upload.content_type,
                              upload.file_name)


def panel(checklist: ChecklistView) -> Markup:
    """The panel under the checklist: what the candidate owes and by when (overdue
    marked), their files waiting for review, and the form asking for more."""
    case = checklist.case
    posted = g.get(POSTED, {})
    account = documents.account_for_case(case)
    entries = document_reads.waiting_entries(case, today())
    waiting = {entry.request.document_code for entry in entries}
    request_form = posted.get("request") if checklist.can_edit else None
    if request_form is None and checklist.can_edit and account is not None:
        request_form = DocumentRequestForm(formdata=None)
        request_form.codes.choices = _choices(checklist.rows)
        request_form.propose([row.item.code for row in checklist.rows
                              if row.status == "missing" and row.item.code not in waiting])
    return Markup(render_template(
        "portal/_hr_documents.html", checklist=checklist, account=account, entries=entries,
        request_form=request_form, waiting=waiting,
        return_forms={key: form for key, form in posted.items() if key != "request"},
        blank_return=ReturnForm(formdata=None), accept_form=AcceptForm(formdata=None),
        today=today(), next={"next": checklist.back_to}))


CHECKLIST_PANELS.append(panel)

"""Document checklist pages and per-item actions of a case (blueprint `documents`).

They live with the cases because they load a case (queries.load_case, like every
case page); the rows, the checklist rules and the file handling they call are in
tracker/documents, below the cases.

The case page and the documents page include templates/documents/_checklist.html;
the view rendering either passes `checklist=document_checklist(case)`, everything
the partial shows. The POST routes return to the page that showed the
checklist (its path travels as `?next=` in each form's action), at the item's
anchor, refusals included (a flash: the page never lands on a POST address). The
whole checklist's statuses are saved by one form (every refusal at once, nothing
saved then); an upload sent by tracker/static/case_page.js (header
`X-Requested-With: fetch`) is answered with JSON: the message and the item's new row.

Item labels, statuses and the services' refusals are English `Text` or N_-marked
strings; they are translated here or in the templates, when shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

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
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from tracker.cases.models import Case
from tracker.cases.queries import load_case
from tracker.documents import services, storage
from tracker.documents.checklist import (
    SETTLED,
    STATUS_LABELS,
    ChecklistRow,
    DocumentSummary,
    case_items,
    checklist_rows,
    document_summary,
)
from tracker.documents.filetypes import ACCEPT, ALLOWED_LABELS
from tracker.documents.forms import (
    ChecklistForm,
    RemoveFileForm,
    StatusForm,
    UploadForm,
    first_error,
    posted_statuses,
)
from tracker.documents.services import ChecklistRefused, DocumentError, Upload, human_size
from tracker.permissions import Role, role_required
from tracker.rules.documents import DocumentItem
from tracker.rules.schemes import SCHEMES, workflow_for_case
from tracker.rules.text import Text
from tracker.security import accepts_files
from tracker.tenancy import get_in_company

bp = Blueprint("documents", __name__)

Page = Response | tuple[str, int] | tuple[Response, int]
# Panels other packages show under the checklist (the candidate portal's documents,
# tracker/portal/hr_documents.py), so this package never imports them: each renders
# its HTML for the checklist being shown.
CHECKLIST_PANELS: list[Callable[[ChecklistView], Markup]] = []


@dataclass(frozen=True)
class ChecklistView:
    """What the checklist partial renders for one case."""

    case: Case
    rows: list[ChecklistRow]
    summary: DocumentSummary
    can_edit: bool
    back_to: str
    # Past submission to ImmD, settled items fold away and nothing warns of missing ones.
    past_submission: bool = False
    errors: dict[str, str] = field(default_factory=dict)  # {code: message}, translated
    posted: dict[str, dict[str, str]] = field(default_factory=dict)  # a refused save's values
    accept: str = ACCEPT
    statuses: tuple[tuple[str, Text], ...] = tuple(STATUS_LABELS.items())
    allowed: Text = ALLOWED_LABELS

    @property
    def open_rows(self) -> list[ChecklistRow]:
        """The rows shown at once: all, or once past submission those not settled."""
        return [row for row in self.rows if not self.folds(row)]

    @property
    def settled_rows(self) -> list[ChecklistRow]:
        """The rows folded away (past submission, settled, and not refused just now)."""
        return [row for row in self.rows if self.folds(row)]

    def folds(self, row: ChecklistRow) -> bool:
        return (self.past_submission and row.status in SETTLED
                and row.item.code not in self.errors)

    @property
    def panels(self) -> list[Markup]:
        """What other packages show under the checklist (CHECKLIST_PANELS)."""
        return [panel(self) for panel in CHECKLIST_PANELS]

    def value(self, row: ChecklistRow, name: str, stored: str) -> str:
        """A field's value: as posted in a refused save, else as stored."""
        return self.posted.get(row.item.code, {}).get(name, stored)


def local_path(target: str | None) -> str | None:
    """*target* if it is a path on this site (never another host), else None."""
    # Browsers drop tabs/newlines and read "\\" as "/": "/\t/evil" would mean "//evil".
    if not target or "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") \
            or parts.path.startswith("//"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_url(case: Case) -> str:
    """The standalone checklist page of *case*."""
    return url_for("documents.checklist_page", case_id=case.id)


def back_to(case: Case) -> str:
    """The page to return to after a post: the showing page, else the documents page.

    The forms carry it in their action's query string, not in the body, so it
    can be read even when the body was refused as too large.
    """
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return local_path(request.args.get("next")) or page_url(case)


bp.add_app_template_filter(human_size, "filesize")


def past_submission(case: Case) -> bool:
    """True once the case left the stages before its submission to ImmD."""
    return case.stage not in workflow_for_case(case.scheme, case.kind).pre_submission_codes()


def document_checklist(case: Case, errors: dict[str, str] | None = None,
                       posted: dict[str, dict[str, str]] | None = None) -> ChecklistView:
    """The checklist of *case* for the signed-in user: the partial's `checklist`
    (*errors* and *posted*: a refused save's messages and values, by item)."""
    return ChecklistView(case=case, rows=checklist_rows(case), summary=document_summary(case),
                         can_edit=current_user.can(Role.STAFF), back_to=back_to(case),
                         past_submission=past_submission(case), errors=errors or {},
                         posted=posted or {})


def load_item(case_id: int, code: str) -> tuple[Case, DocumentItem]:
    """The case and its checklist item *code* (404 if the scheme has no such item)."""
    case = load_case(case_id)
    item = services.item_of(case, code)
    if item is None:
        abort(404)
    return case, item


def render_page(case: Case, checklist: ChecklistView | None = None,
                status: int = 200) -> tuple[str, int]:
    """The documents page (*checklist*: one showing a refused save)."""
    scheme = SCHEMES.get(case.scheme)
    scheme_name = scheme.name_in(str(get_locale())) if scheme else case.scheme
    return render_template("documents/page.html", case=case,
                           checklist=checklist or document_checklist(case),
                           scheme_name=scheme_name), status


def by_fetch() -> bool:
    """True for a post sent by the page's script, which wants JSON, not a page."""
    return request.headers.get("X-Requested-With") == "fetch"


def refuse(case: Case, item: DocumentItem, message: str, status: int = 400) -> Page:
    """Back to the item with what was refused (*message* translated); nothing was changed."""
    text = _("%(label)s: %(message)s", label=item.label.translated(), message=message)
    if by_fetch():
        return jsonify(ok=False, message=text), status
    flash(text, "danger")
    return redirect(f"{back_to(case)}#doc-{item.code}")


def done(case: Case, item: DocumentItem, message: str) -> Response:
    """Flash *message* (translated) and go back to the item on the page that showed it;
    to the script, the message and the item's new row."""
    if by_fetch():
        view = document_checklist(case)
        row = next(r for r in view.rows if r.item.code == item.code)
        html = render_template("documents/_row.html", row=row, checklist=view)
        return jsonify(ok=True, message=message, counts=counts_text(view.summary),
                       row=html.strip())
    flash(message, "success")
    return redirect(f"{back_to(case)}#doc-{item.code}")


def counts_text(summary: DocumentSummary) -> str:
    """The checklist's counts line (the partial writes the same)."""
    return _("%(received)s received · %(not_applicable)s not applicable · %(missing)s "
             "missing (of %(total)s)", received=summary.received,
             not_applicable=summary.not_applicable, missing=summary.missing,
             total=summary.total)


@bp.get("/cases/<int:case_id>/documents")
@role_required(Role.VIEWER)
def checklist_page(case_id: int) -> tuple[str, int]:
    """The case's document checklist on its own page."""
    return render_page(load_case(case_id))


@bp.post("/cases/<int:case_id>/documents")
@role_required(Role.STAFF)
def save_checklist(case_id: int) -> Page:
    """Save the statuses of several items in one go: every refusal shown at once, on its
    item, and then nothing saved."""
    case = load_case(case_id)
    if not ChecklistForm().validate():
        flash(_("The form could not be read. Please try again."), "danger")
        return redirect(f"{back_to(case)}#documents")
    changes, unreadable = posted_statuses(request.form, case_items(case))
    try:
        changed = services.set_statuses(case, changes, unreadable)
    except ChecklistRefused as refusal:
        return refused_save(case, {code: error.translated()
                                   for code, error in refusal.errors.items()})
    except DocumentError as error:
        flash(error.translated(), "danger")
        return redirect(f"{back_to(case)}#documents")
    flash(_("Documents saved: %(items)s.", items=", ".join(i.label.translated() for i in changed))
          if changed else _("Documents: no change."), "success")
    return redirect(f"{back_to(case)}#documents")


def refused_save(case: Case, errors: dict[str, str]) -> tuple[str, int]:
    """The page that showed the checklist again, with each refused item's message and
    every posted value kept."""
    posted = {item.code: {"status": request.form.get(f"status-{item.code}", ""),
                          "received": request.form.get(f"received-{item.code}", "")}
              for item in case_items(case) if f"status-{item.code}" in request.form}
    view = document_checklist(case, errors, posted)
    flash(ngettext("%(num)d document could not be saved; nothing was saved.",
                   "%(num)d documents could not be saved; nothing was saved.", len(errors)),
          "danger")
    if back_to(case).split("?")[0] == url_for("cases.show", case_id=case.id):
        from tracker.cases.page import render_case_page  # the case page includes this module
        return render_case_page(case, checklist=view), 400
    return render_page(case, view, 400)


@bp.post("/cases/<int:case_id>/documents/<code>/status")
@role_required(Role.STAFF)
def set_status(case_id: int, code: str) -> Page:
    """Set an item's status (and received date)."""
    case, item = load_item(case_id, code)
    form = StatusForm()
    if not form.validate():
        return refuse(case, item, first_error(form))
    try:
        changed = services.set_status(case, item, form.status.data, form.received_on.data)
    except DocumentError as error:
        return refuse(case, item, error.translated())
    label = item.label.translated()
    return done(case, item, _("%(item)s: saved.", item=label) if changed
                else _("%(item)s: no change.", item=label))


@bp.post("/cases/<int:case_id>/documents/<code>/upload")
@accepts_files
@role_required(Role.STAFF)
def upload(case_id: int, code: str) -> Page:
    """Attach a file to an item (checked by size and content) and mark it received."""
    case, item = load_item(case_id, code)
    form = UploadForm()
    if not form.validate():
        return refuse(case, item, first_error(form))
    file = form.file.data
    try:
        document = services.attach_file(case, item, Upload(file.filename or "", file.stream))
    except DocumentError as error:
        return refuse(case, item, error.translated())
    return done(case, item, _("%(item)s: “%(name)s” uploaded.", item=item.label.translated(),
                              name=document.file_name))


@bp.post("/cases/<int:case_id>/documents/<code>/remove")
@role_required(Role.STAFF)
def remove_file(case_id: int, code: str) -> Page:
    """Delete an item's file."""
    case, item = load_item(case_id, code)
    form = RemoveFileForm()
    if not form.validate():
        return refuse(case, item, first_error(form))
    try:
        services.remove_file(case, item)
    except DocumentError as error:
        return refuse(case, item, error.translated())
    return done(case, item, _("%(item)s: file removed.", item=item.label.translated()))


@bp.get("/cases/<int:case_id>/documents/<code>/file")
@role_required(Role.VIEWER)
def download(case_id: int, code: str) -> Response:
    """An item's file, as an attachment under its original name (never rendered inline)."""
    case, _item = load_item(case_id, code)
    document = services.document_of(case, code)
    if document is None:
        abort(404)
    return storage.attachment(case.company_id, document.stored_name, document.content_type,
                              document.file_name)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> Page:
    """A request over MAX_CONTENT_LENGTH: say so on the checklist, or on the error page.

    This can run before the view's own checks (e.g. CSRF reads the form first),
    so the case is shown only to staff of its company.
    """
    message = _("The upload is larger than the %(limit)s allowed. Nothing was saved.",
                limit=human_size(current_app.config["MAX_CONTENT_LENGTH"]))
    case_id = (request.view_args or {}).get("case_id")
    case = None
    if current_user.is_authenticated and current_user.can(Role.STAFF) and case_id:
        case = get_in_company(Case, case_id, current_user.company_id)
    if case is None:
        return render_template("errors/error.html", code=413, title=_("Too large"),
                               text=message), 413
    code = (request.view_args or {}).get("code", "")
    if by_fetch():
        return jsonify(ok=False, message=message), 413
    flash(message, "danger")
    anchor = f"#doc-{code}" if code else "#documents"
    return redirect(f"{back_to(case)}{anchor}")

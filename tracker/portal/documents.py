"""Documents through the portal: HR asks the candidate for checklist items by a date,
the candidate uploads a file per item, HR accepts it (the checklist item is then
received, with that file) or returns it with a reason.

An upload passes exactly the checks and limits of HR's own uploads and lands in the same
storage (documents.services.store_upload), but apart from the checklist (PortalUpload):
nothing reaches the case until HR accepts, and accepting goes through
documents.services.attach_file, the function HR's own upload uses. Each function here
owns its commit and writes the audit entry; refusals raise a Refusal (English, shown
translated), and nothing is changed then.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from tracker.audit.services import record
from tracker.auth.models import User
from tracker.cases.models import Case
from tracker.clock import today, utcnow
from tracker.documents import storage
from tracker.documents.checklist import case_items
from tracker.documents.services import DocumentError, Upload, attach_file, item_of, store_upload
from tracker.extensions import db
from tracker.i18n import N_, Refusal
from tracker.portal.models import PortalAccount, PortalRequest, PortalUpload
from tracker.rules.documents import DocumentItem
from tracker.rules.text import Text

# A request's candidate has something to send, or HR has something to review.
WAITING_STATUSES = ("requested", "returned", "submitted")
DUE_DAYS = 14  # the due date HR's form proposes
LATEST_DUE_DAYS = 366  # a due date further out is a typing mistake
REASON_LENGTH = 1000


class PortalDocumentError(Refusal):
    """A refused request, upload or review (tracker.i18n.Refusal)."""


class RequestRefused(Exception):
    """HR's request for documents was refused: {form field: [message, …]} (English, as
    a Refusal's); nothing was saved."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


def account_for_case(case: Case) -> PortalAccount | None:
    """The active portal account that sees *case*: the person's own, else (for a
    dependant) their principal's, who sees the dependants' cases too (portal/scope.py)."""
    people = [case.candidate_id]
    if case.candidate.principal_id is not None:
        people.append(case.candidate.principal_id)
    found = {account.candidate_id: account for account in db.session.scalars(
        sa.select(PortalAccount).where(PortalAccount.company_id == case.company_id,
                                       PortalAccount.candidate_id.in_(people),
                                       PortalAccount.active))}
    return next((found[person] for person in people if person in found), None)


def waiting_codes(case: Case) -> set[str]:
    """The checklist codes of the case asked of the candidate and not yet accepted."""
    return set(db.session.scalars(sa.select(PortalRequest.document_code).where(
        PortalRequest.company_id == case.company_id, PortalRequest.case_id == case.id,
        PortalRequest.kind == "document", PortalRequest.status.in_(WAITING_STATUSES))))


def _due_problem(due_on: date | None) -> str | None:
    """Why *due_on* cannot be a request's due date, or None."""
    if due_on is None:
        return N_("Choose the date the candidate should send them by.")
    if due_on < today():
        return N_("The due date cannot be in the past.")
    if due_on > today() + timedelta(days=LATEST_DUE_DAYS):
        return N_("The due date is more than a year away: check the year.")
    return None


def _chosen_items(case: Case, codes: list[str]) -> tuple[list[DocumentItem], list[str]]:
    """The checklist items *codes* name, and why the choice is refused (empty: it is not)."""
    items = {item.code: item for item in case_items(case)}
    if not codes:
        return [], [N_("Choose at least one document.")]
    if any(code not in items for code in codes):
        return [], [N_("Choose documents from this case's checklist.")]
    chosen = [items[code] for code in dict.fromkeys(codes)]
    waiting = waiting_codes(case)
    return chosen, [Text("%(item)s: already asked of the candidate.", item=item.label)
                    for item in chosen if item.code in waiting]


def request_documents(user: User, case: Case, codes: list[str],
                      due_on: date | None) -> list[PortalRequest]:
    """Ask the candidate for the checklist items *codes* of *case* by *due_on*: one
    request each, one audit entry, one commit. Every refusal at once (RequestRefused)."""
    if case.company_id != user.company_id:
        raise PortalDocumentError(N_("This case belongs to another company."))
    account = account_for_case(case)
    items, problems = _chosen_items(case, codes)
    if account is None:
        problems = [N_("Invite the candidate to the portal first: nobody there can see "
                       "this case yet.")]
    errors = {"codes": problems} if problems else {}
    due_problem = _due_problem(due_on)
    if due_problem:
        errors["due_on"] = [due_problem]
    if errors or account is None:
        raise RequestRefused(errors)
    requests = [PortalRequest(company_id=case.company_id, case_id=case.id,
                              account_id=account.id, kind="document", document_code=item.code,
                              due_on=due_on, requested_by_id=user.id) for item in items]
    db.session.add_all(requests)
    record("portal_documents_requested", "case", case.id, company_id=case.company_id,
           user_id=user.id, changes={"portal_documents": [None, [i.code for i in items]]},
           summary=f"Asked the candidate for {', '.join(str(i.label) for i in items)}"
                   f" by {due_on}")
    db.session.commit()
    return requests


def _label(case: Case, request: PortalRequest) -> str:
    item = item_of(case, request.document_code or "")
    return str(item.label) if item else str(request.document_code)


def upload(account: PortalAccount, request: PortalRequest, sent: Upload) -> PortalUpload:
    """Keep the candidate's file for *request* (one of the account's, loaded through
    portal/scope.py) until HR reviews it; a file still waiting for review is replaced.

    The checks and the storage are HR's own (store_upload): DocumentError when refused.
    """
    if request.kind != "document" or request.account_id != account.id:
        raise PortalDocumentError(N_("This request asks for no document."))
    if request.status == "accepted":
        raise PortalDocumentError(N_("HR has already accepted this document."))
    case = db.session.get_one(Case, request.case_id)
    stored = store_upload(account.company_id, sent)
    try:
        db.session.refresh(request, with_for_update=True)  # against a review meanwhile
        if request.status == "accepted":
            raise PortalDocumentError(N_("HR has already accepted this document."))
        replaced = list(db.session.scalars(sa.select(PortalUpload).where(
            PortalUpload.request_id == request.id, PortalUpload.status == "pending")))
        for old in replaced:
            db.session.delete(old)
        row = PortalUpload(company_id=account.company_id, request_id=request.id,
                           file_name=stored.name, stored_name=stored.stored_name,
                           content_type=stored.mime, size_bytes=stored.size)
        db.session.add(row)
        request.status, request.submitted_at, request.reason = "submitted", utcnow(), ""
        record("portal_document_uploaded", "case", case.id, company_id=case.company_id,
               changes={f"{request.document_code}.portal_file": [None, stored.name]},
               summary=f"{_label(case, request)}: “{stored.name}” sent by the candidate "
                       f"for review")
        db.session.commit()
    except BaseException:
        db.session.rollback()
        storage.delete(account.company_id, stored.stored_name)
        raise
    for old in replaced:  # once the database no longer points to them
        storage.delete(account.company_id, old.stored_name)
    return row


def _mark_reviewed(user: User, case: Case, upload_row: PortalUpload, status: str,
                   reason: str = "") -> PortalRequest:
    """Mark a pending upload and its request *status* by *user* (no commit).

    The request's row is locked first, as the candidate's upload locks it: a file sent
    meanwhile either waits for this review or has replaced the one reviewed here.
    """
    request = db.session.get_one(PortalRequest, upload_row.request_id, with_for_update=True,
                                 populate_existing=True)
    try:
        db.session.refresh(upload_row)
    except sa.exc.InvalidRequestError:  # replaced by a newer file: that one waits instead
        db.session.rollback()
        raise PortalDocumentError(N_("The candidate has sent another file meanwhile. Please "
                                     "reload the page.")) from None
    if (upload_row.company_id != user.company_id or request.case_id != case.id
            or case.company_id != user.company_id):
        raise PortalDocumentError(N_("This upload belongs to another case."))
    if upload_row.status != "pending":
        raise PortalDocumentError(N_("This upload was already reviewed."))
    now = utcnow()
    for row in (upload_row, request):
        row.status, row.reason = status, reason
        row.reviewed_by_id, row.reviewed_at = user.id, now
    return request


def accept(user: User, case: Case, upload_row: PortalUpload) -> PortalRequest:
    """Accept the candidate's upload: the checklist item becomes received (today, unless
    received before) with a copy of the file, by HR's own attach_file, in one commit."""
    request = _mark_reviewed(user, case, upload_row, "accepted")
    item = item_of(case, request.document_code or "")
    if item is None:
        db.session.rollback()
        raise PortalDocumentError(N_("This document is no longer on the case's checklist."))
    record("portal_document_accepted", "case", case.id, company_id=case.company_id,
           user_id=user.id, changes={f"{item.code}.portal_file": [upload_row.file_name, None]},
           summary=f"{item.label}: the candidate's “{upload_row.file_name}” accepted")
    try:
        with storage.path_of(case.company_id, upload_row.stored_name).open("rb") as stream:
            attach_file(case, item, Upload(upload_row.file_name, stream))  # commits
    except OSError as error:
        db.session.rollback()
        raise PortalDocumentError(N_("The candidate's file can no longer be read. Ask them "
                                     "to send it again.")) from error
    except DocumentError:
        db.session.rollback()
        raise
    return request


def return_upload(user: User, case: Case, upload_row: PortalUpload,
                  reason: str) -> PortalRequest:
    """Send the upload back with *reason*: the candidate sees it and may send another
    file; the checklist item is left as it is."""
    reason = reason.strip()  # kept as typed: it may run over several lines
    if not reason:
        raise PortalDocumentError(N_("Say why, so the candidate knows what to send instead."))
    if len(reason) > REASON_LENGTH:
        raise PortalDocumentError(N_("The reason is too long: keep it under 1,000 "
                                     "characters."))
    request = _mark_reviewed(user, case, upload_row, "returned", reason)
    record("portal_document_returned", "case", case.id, company_id=case.company_id,
           user_id=user.id, changes={f"{request.document_code}.portal_reason": [None, reason]},
           summary=f"{_label(case, request)}: the candidate's “{upload_row.file_name}” "
                   f"returned")
    db.session.commit()
    return request

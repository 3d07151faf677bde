"""E-mails of the documents asked through the portal: HR asked for documents (one e-mail
per batch of requests), and HR reviewed an upload (accepted, or returned with the
reason). In the candidate's language (tracker/portal/mail.py), sent by the worker.

The tasks take request ids; they mail only an active account, and only what is still
true when the worker runs (a request reviewed again meanwhile mails its new state).
"""

from __future__ import annotations

from celery import shared_task
from flask_babel import lazy_gettext as _l

from tracker.auth.mail import absolute_url
from tracker.cases.models import Case
from tracker.companies.models import Company
from tracker.documents.services import item_of
from tracker.extensions import db
from tracker.portal.mail import asked, notify
from tracker.portal.models import PortalAccount, PortalRequest
from tracker.portal.tasks import RETRIED, enqueue

REQUESTED_TASK = "portal.send_documents_requested"
REVIEWED_TASK = "portal.send_document_reviewed"


def _label(request: PortalRequest, case: Case) -> str:
    """The document's checklist label (a Text: the templates show it translated)."""
    item = item_of(case, request.document_code or "")
    return item.label if item else str(request.document_code)


def _active_account(request: PortalRequest) -> PortalAccount | None:
    account = db.session.get_one(PortalAccount, request.account_id)
    return account if account.active else None


@shared_task(name=REQUESTED_TASK, autoretry_for=RETRIED, max_retries=3, retry_backoff=5,
             retry_jitter=True)
def send_documents_requested(request_ids: list[int]) -> bool:
    """Tell the candidate which documents HR asked for, by when; False if nobody to mail
    (the account revoked, or every request answered already)."""
    batch = asked(request_ids)
    if batch is None:
        return False
    notify(batch.account, _l("%(company)s asks you for documents", company=batch.company.name),
           "portal_documents_requested", case=batch.case,
           documents=[_label(request, batch.case) for request in batch.requests],
           due_on=batch.requests[0].due_on, link=absolute_url("portal.documents"))
    return True


@shared_task(name=REVIEWED_TASK, autoretry_for=RETRIED, max_retries=3, retry_backoff=5,
             retry_jitter=True)
def send_document_reviewed(request_id: int) -> bool:
    """Tell the candidate HR accepted their document, or returned it and why."""
    request = db.session.get(PortalRequest, request_id)
    if request is None or request.status not in ("accepted", "returned"):
        return False
    account = _active_account(request)
    if account is None:
        return False
    case = db.session.get_one(Case, request.case_id)
    company = db.session.get_one(Company, account.company_id)
    subject = (_l("%(company)s accepted your document", company=company.name)
               if request.status == "accepted"
               else _l("%(company)s returned your document", company=company.name))
    notify(account, subject, "portal_document_reviewed", label=_label(request, case),
           accepted=request.status == "accepted", reason=request.reason,
           link=f"{absolute_url('portal.documents')}#request-{request.id}")
    return True


def queue_requested(requests: list[PortalRequest]) -> bool:
    """Queue the one e-mail of a batch of requests (False: the broker is unreachable)."""
    return enqueue(REQUESTED_TASK, ([request.id for request in requests],),
                   "documents requested")


def queue_reviewed(request: PortalRequest) -> bool:
    return enqueue(REVIEWED_TASK, (request.id,), "document reviewed")

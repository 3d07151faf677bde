"""E-mails of the questionnaire: HR asked for sections (one e-mail per batch of
requests), and HR reviewed a section (what was accepted, what came back and why). In
the candidate's language (tracker/portal/mail.py), sent by the worker.

The tasks take ids, field codes and the reason; they mail only an active account.
"""

from __future__ import annotations

from celery import shared_task
from flask_babel import lazy_gettext as _l

from tracker.auth.mail import absolute_url
from tracker.cases.models import Case
from tracker.companies.models import Company
from tracker.extensions import db
from tracker.portal import questionnaire
from tracker.portal.mail import asked, notify
from tracker.portal.models import PortalAccount, PortalRequest
from tracker.portal.tasks import RETRIED, enqueue

REQUESTED_TASK = "portal.send_sections_requested"
REVIEWED_TASK = "portal.send_answers_reviewed"


def _title(request: PortalRequest, case: Case) -> str:
    found = questionnaire.section(request.section or "", case.scheme)
    return found.title if found else str(request.section)


@shared_task(name=REQUESTED_TASK, autoretry_for=RETRIED, max_retries=3, retry_backoff=5,
             retry_jitter=True)
def send_sections_requested(request_ids: list[int]) -> bool:
    """Tell the candidate which sections HR asked for, by when; False if nobody to mail."""
    batch = asked(request_ids)
    if batch is None:
        return False
    notify(batch.account,
           _l("%(company)s asks you to answer some questions", company=batch.company.name),
           "portal_sections_requested", case=batch.case,
           sections=[_title(request, batch.case) for request in batch.requests],
           due_on=batch.requests[0].due_on, link=absolute_url("portal.home"))
    return True


@shared_task(name=REVIEWED_TASK, autoretry_for=RETRIED, max_retries=3, retry_backoff=5,
             retry_jitter=True)
def send_answers_reviewed(request_id: int, accepted: list[str], returned: list[str],
                          reason: str) -> bool:
    """Tell the candidate what HR accepted of a section and what came back, and why."""
    request = db.session.get(PortalRequest, request_id)
    if request is None:
        return False
    account = db.session.get_one(PortalAccount, request.account_id)
    if not account.active:
        return False
    case = db.session.get_one(Case, request.case_id)
    company = db.session.get_one(Company, account.company_id)
    title = _title(request, case)
    notify(account, _l("%(company)s has reviewed your answers", company=company.name),
           "portal_answers_reviewed", title=title, reason=reason,
           accepted=[questionnaire.Field(code).label for code in accepted],
           returned=[questionnaire.Field(code).label for code in returned],
           link=absolute_url("portal.section", request_id=request.id))
    return True


def queue_requested(requests: list[PortalRequest]) -> bool:
    """Queue the one e-mail of a batch of requests (False: the broker is unreachable)."""
    return enqueue(REQUESTED_TASK, ([request.id for request in requests],),
                   "questionnaire request")


def queue_reviewed(request: PortalRequest, accepted: list[str], returned: list[str],
                   reason: str) -> bool:
    return enqueue(REVIEWED_TASK, (request.id, accepted, returned, reason), "answers reviewed")

"""What the pages show of documents asked through the portal: the candidate's Documents
page, the panel on a case's checklist, and the dashboard's waiting counts.

Only reads. The candidate's side goes through portal/scope.py (their own requests);
HR's side takes a case already loaded within the user's company, or the company's id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import abort

from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.documents.checklist import case_items
from tracker.documents.services import item_of
from tracker.extensions import db
from tracker.portal import scope
from tracker.portal.documents import WAITING_STATUSES
from tracker.portal.models import (
    OPEN_REQUEST_STATUSES,
    PortalAccount,
    PortalRequest,
    PortalUpload,
)
from tracker.rules.documents import DocumentItem
from tracker.rules.schemes import SCHEMES
from tracker.tenancy import as_id

# How a request reads to the candidate: the request's status → the state shown.
STATES = {"requested": "requested", "submitted": "uploaded", "accepted": "accepted",
          "returned": "returned"}


@dataclass
class DocumentEntry:
    """One requested document: what it is, its state, the latest file sent for it."""

    request: PortalRequest
    item: DocumentItem | None  # None: no longer on the case's checklist
    upload: PortalUpload | None
    today: date

    @property
    def state(self) -> str:
        return STATES[self.request.status]

    @property
    def label(self) -> str:
        return self.item.label if self.item else str(self.request.document_code)

    @property
    def open(self) -> bool:
        """The candidate may send a file (asked, returned, or waiting for review)."""
        return self.request.status != "accepted" and self.item is not None

    @property
    def overdue(self) -> bool:
        return (self.request.status in OPEN_REQUEST_STATUSES and self.request.due_on is not None
                and self.request.due_on < self.today)


@dataclass
class CaseDocuments:
    """The requested documents of one case on the candidate's page."""

    case: Case
    person: Candidate
    scheme_name: str
    entries: list[DocumentEntry] = field(default_factory=list)


def latest_uploads(request_ids: Iterable[int]) -> dict[int, PortalUpload]:
    """{request id: its most recent upload} (one statement)."""
    ids = list(request_ids)
    if not ids:
        return {}
    rows = db.session.scalars(sa.select(PortalUpload).where(PortalUpload.request_id.in_(ids))
                              .order_by(PortalUpload.id))
    return {row.request_id: row for row in rows}  # the last one of each wins


def _entries(case: Case, requests: list[PortalRequest], today: date) -> list[DocumentEntry]:
    """An entry per request (the newest request per document), in checklist order."""
    newest = {request.document_code: request for request in sorted(requests, key=lambda r: r.id)}
    uploads = latest_uploads(r.id for r in newest.values())
    entries = [DocumentEntry(r, item_of(case, r.document_code or ""), uploads.get(r.id), today)
               for r in newest.values()]
    order = {item.code: n for n, item in enumerate(case_items(case))}
    return sorted(entries, key=lambda e: order.get(e.request.document_code or "", len(order)))


def candidate_documents(account: PortalAccount, language: str, today: date
                        ) -> list[CaseDocuments]:
    """Every case of the candidate with documents asked on it, each with its entries."""
    requests = list(db.session.scalars(scope.own_requests_query(account).where(
        PortalRequest.kind == "document").order_by(PortalRequest.id)))
    shown = []
    for case in scope.own_cases(account):
        own = [r for r in requests if r.case_id == case.id]
        if not own:
            continue
        scheme = SCHEMES.get(case.scheme)
        shown.append(CaseDocuments(case, case.candidate,
                                   scheme.name_in(language) if scheme else case.scheme,
                                   _entries(case, own, today)))
    return shown


def own_upload_or_404(account: PortalAccount, upload_id: Any) -> PortalUpload:
    """One of the candidate's own uploads (404 for anyone else's)."""
    number = as_id(upload_id, PortalUpload)
    own = scope.own_requests_query(account).with_only_columns(PortalRequest.id)
    found = db.session.scalar(sa.select(PortalUpload).where(
        PortalUpload.id == number, PortalUpload.company_id == account.company_id,
        PortalUpload.request_id.in_(own))) if number is not None else None
    if found is None:
        abort(404)
    return found


def case_upload_or_404(case: Case, upload_id: Any) -> PortalUpload:
    """An upload sent for a document request of *case* (loaded in HR's company), else 404."""
    number = as_id(upload_id, PortalUpload)
    found = db.session.scalar(
        sa.select(PortalUpload).join(PortalRequest, PortalRequest.id == PortalUpload.request_id)
        .where(PortalUpload.id == number, PortalUpload.company_id == case.company_id,
               PortalRequest.case_id == case.id)) if number is not None else None
    if found is None:
        abort(404)
    return found


def waiting_entries(case: Case, today: date) -> list[DocumentEntry]:
    """The case's documents asked of the candidate and not yet accepted: waiting for
    the candidate (asked, returned) or for HR's review (uploaded)."""
    requests = list(db.session.scalars(sa.select(PortalRequest).where(
        PortalRequest.company_id == case.company_id, PortalRequest.case_id == case.id,
        PortalRequest.kind == "document", PortalRequest.status.in_(WAITING_STATUSES))))
    return _entries(case, requests, today)


@dataclass(frozen=True)
class WaitingCase:
    """A case on the dashboard: what the candidate still owes, and what HR must review."""

    case_id: int
    full_name: str
    chinese_name: str
    outstanding: int
    due_on: date | None
    to_review: int


@dataclass(frozen=True)
class PortalWaiting:
    """The dashboard's portal section: totals over the company, the first cases."""

    cases_waiting_for_candidate: int
    items_to_review: int
    cases: list[WaitingCase]


def dashboard_waiting(company_id: int, limit: int = 8) -> PortalWaiting:
    """Cases with portal requests open, items to review first, then the soonest due —
    with the company's totals, in one statement (window sums over the grouped rows)."""
    waiting = PortalRequest.status.in_(OPEN_REQUEST_STATUSES)
    submitted = PortalRequest.status == "submitted"
    outstanding = sa.func.count().filter(waiting)
    to_review = sa.func.count().filter(submitted)
    rows = db.session.execute(
        sa.select(PortalRequest.case_id, Candidate.full_name, Candidate.chinese_name,
                  outstanding.label("outstanding"),
                  sa.func.min(PortalRequest.due_on).filter(waiting).label("due_on"),
                  to_review.label("to_review"),
                  sa.func.sum(sa.case((outstanding > 0, 1), else_=0)).over()
                  .label("cases_total"),
                  sa.func.sum(to_review).over().label("review_total"))
        .join(Case, Case.id == PortalRequest.case_id)
        .join(Candidate, Candidate.id == Case.candidate_id)
        .where(PortalRequest.company_id == company_id, Case.company_id == company_id,
               PortalRequest.status.in_(WAITING_STATUSES))
        .group_by(PortalRequest.case_id, Candidate.full_name, Candidate.chinese_name)
        .order_by(to_review.desc(), sa.func.min(PortalRequest.due_on).filter(waiting)
                  .asc().nulls_last(), PortalRequest.case_id)
        .limit(limit)).all()
    if not rows:
        return PortalWaiting(0, 0, [])
    return PortalWaiting(int(rows[0].cases_total), int(rows[0].review_total),
                         [WaitingCase(r.case_id, r.full_name, r.chinese_name, r.outstanding,
                                      r.due_on, r.to_review) for r in rows])

"""What a signed-in candidate may reach: their company's records of their own person
and of their dependants, nothing else. Every portal query goes through here; anything
outside answers 404, exactly like a record that does not exist."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort

from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.portal.models import OPEN_REQUEST_STATUSES, PortalAccount, PortalRequest
from tracker.tenancy import as_id


def person_ids(account: PortalAccount) -> sa.Select[int]:
    """The ids of the account's person and of that person's dependants (same company)."""
    return sa.select(Candidate.id).where(
        Candidate.company_id == account.company_id,
        sa.or_(Candidate.id == account.candidate_id,
               Candidate.principal_id == account.candidate_id))


def own_cases_query(account: PortalAccount) -> sa.Select[Case]:
    return sa.select(Case).where(Case.company_id == account.company_id,
                                 Case.candidate_id.in_(person_ids(account)))


def own_cases(account: PortalAccount) -> list[Case]:
    """The person's and their dependants' cases, the principal's first, newest first."""
    return list(db.session.scalars(own_cases_query(account).order_by(
        (Case.candidate_id != account.candidate_id), Case.id.desc())))


def own_case_or_404(account: PortalAccount, case_id: Any) -> Case:
    number = as_id(case_id, Case)
    case = db.session.scalar(own_cases_query(account).where(Case.id == number)) \
        if number is not None else None
    if case is None:
        abort(404)
    return case


def own_requests_query(account: PortalAccount) -> sa.Select[PortalRequest]:
    """The account's requests on cases it may see."""
    return sa.select(PortalRequest).where(
        PortalRequest.company_id == account.company_id,
        PortalRequest.account_id == account.id,
        PortalRequest.case_id.in_(own_cases_query(account).with_only_columns(Case.id)))


def own_request_or_404(account: PortalAccount, request_id: Any) -> PortalRequest:
    number = as_id(request_id, PortalRequest)
    found = db.session.scalar(own_requests_query(account).where(PortalRequest.id == number)) \
        if number is not None else None
    if found is None:
        abort(404)
    return found


def open_requests(account: PortalAccount) -> list[PortalRequest]:
    """What the candidate still has to do (requested, or returned to them), soonest due
    first (requests without a date last)."""
    return list(db.session.scalars(
        own_requests_query(account).where(PortalRequest.status.in_(OPEN_REQUEST_STATUSES))
        .order_by(PortalRequest.due_on.asc().nulls_last(), PortalRequest.id)))

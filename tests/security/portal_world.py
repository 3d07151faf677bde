"""The candidate actors of the security tables (issue 19): people with a portal account.

    candidate          company A's person, signed in to the portal, with a case, their
                       child's case, and open requests (a questionnaire section and a
                       document) on both
    other_candidate    another person of company A, signed in to the portal
    foreign_candidate  company B's person, signed in to the portal

A portal endpoint's URL arguments name the first one's records (permissions_table.py);
the two others must get 404 there. Each is built once per world, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import PASSWORD, CaseRecord, CompanyRecord
from tracker.auth.passwords import hash_password
from tracker.auth.sessions import PORTAL_KEY, stamp_new_session
from tracker.candidates.models import Candidate
from tracker.cases.dependants import start_application
from tracker.extensions import db
from tracker.portal.models import PortalAccount, PortalRequest

if TYPE_CHECKING:
    from tests.security.world import World

CANDIDATE_ACTORS = ("candidate", "other_candidate", "foreign_candidate")
DUE = date(2099, 6, 30)


@dataclass(frozen=True)
class PortalPerson:
    """A person with a portal account, their case and what HR asked of them."""

    account_id: int
    candidate_id: int
    company_id: int
    email: str
    case: CaseRecord
    dependant_case: CaseRecord
    section_request_id: int
    document_request_id: int


def portal_person(w: World, actor: str) -> PortalPerson:
    """The candidate *actor* of the world (built on first use)."""
    company = w.company_b if actor == "foreign_candidate" else w.company_a
    return w.once(f"portal_{actor}", lambda w: _build(w, company, actor))


def _build(w: World, company: CompanyRecord, actor: str) -> PortalPerson:
    email = f"{actor.replace('_', '.')}@portal.example"
    person = w.make.candidate(company, full_name=f"Portal {actor.replace('_', ' ').title()}",
                              email=email)
    case = w.make.case(company, person)
    hr = w.admin if company == w.company_a else w.other_admin
    with w.app.app_context():
        child = Candidate(company_id=company.id, principal_id=person.id, relation="child",
                          full_name=f"Child of {actor}", nationality="Canadian",
                          date_of_birth=date(2015, 2, 2), passport_number=w.unique("PC{:06d}"),
                          passport_expiry=date(2035, 1, 1))
        db.session.add(child)
        db.session.flush()
        child_case = start_application(child.id, company.id, date(2025, 5, 1))
        account = PortalAccount(company_id=company.id, candidate_id=person.id, email=email,
                                password_hash=hash_password(PASSWORD))
        db.session.add(account)
        db.session.flush()
        asked = [PortalRequest(company_id=company.id, case_id=case.id, account_id=account.id,
                               kind="section", section="personal", due_on=DUE,
                               requested_by_id=hr.id),
                 PortalRequest(company_id=company.id, case_id=child_case.id,
                               account_id=account.id, kind="document",
                               document_code="passport", due_on=DUE + timedelta(days=7),
                               requested_by_id=hr.id)]
        db.session.add_all(asked)
        db.session.commit()
        return PortalPerson(account.id, person.id, company.id, email, case,
                            CaseRecord(child_case.id, company.id, child_case.scheme, child.id),
                            asked[0].id, asked[1].id)


def portal_client(app: Flask, account_id: int) -> FlaskClient:
    """A new client whose session is the portal account's right after signing in (the keys
    the portal's sign-in writes, at the account's current session version)."""
    client = app.test_client()
    with app.app_context():
        token = db.session.get_one(PortalAccount, account_id).session_token()
    with client.session_transaction() as session:
        session[PORTAL_KEY] = token
        session.permanent = True
        with app.test_request_context():
            stamp_new_session(session)
    return client

"""Factories for test data.

Each creates committed rows through the real services inside its own app
context, and returns a plain record (ids and values), so tests never hold
ORM objects that outlive their session.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Flask

from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.companies import services as company_services
from tracker.extensions import db
from tracker.permissions import Role
from tracker.quotas import applications as quota_applications
from tracker.quotas import services as quota_services
from tracker.quotas.models import QuotaPosition
from tracker.quotas.validation import AllotmentInput, PositionInput

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@dataclass(frozen=True)
class CompanyRecord:
    id: int
    name: str
    brn: str


@dataclass(frozen=True)
class UserRecord:
    id: int
    email: str
    password: str
    role: str
    company_id: int


@dataclass(frozen=True)
class CandidateRecord:
    id: int
    full_name: str
    passport_number: str
    company_id: int


@dataclass(frozen=True)
class CaseRecord:
    id: int
    scheme: str
    candidate_id: int
    company_id: int


@dataclass(frozen=True)
class AllotmentRecord:
    id: int
    company_id: int
    itc_reference: str
    valid_until: date
    position_ids: tuple[int, ...]


@dataclass(frozen=True)
class ApplicationRecord:
    id: int
    company_id: int
    reference: str


class Factory:
    """make.company(), make.user(company, role=...) and friends."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def company(self, name: str | None = None) -> CompanyRecord:
        n = next(_counter)
        with self.app.app_context():
            company = company_services.create_company(
                name or f"Company {n} Limited", f"{10000000 + n:08d}", f"hr{n}@example.com")
            return CompanyRecord(company.id, company.name, company.brn)

    def user(self, company: CompanyRecord | None = None, role: str = "admin",
             email: str | None = None, password: str = PASSWORD) -> UserRecord:
        company = company or self.company()
        n = next(_counter)
        with self.app.app_context():
            target = company_services.company_by_brn(company.brn)
            user = company_services.create_user(
                target, email or f"user{n}@example.com", f"User {n}", Role(role), password)
            return UserRecord(user.id, user.email, password, user.role, company.id)

    def candidate(self, company: CompanyRecord | None = None, **fields: Any) -> CandidateRecord:
        """A candidate of *company* (made through the model: no candidate service yet)."""
        company = company or self.company()
        n = next(_counter)
        values: dict[str, Any] = {
            "full_name": f"Candidate {n}", "nationality": "Canadian",
            "date_of_birth": date(1990, 1, 1), "passport_number": f"P{n:07d}",
            "passport_expiry": date(2035, 1, 1), "stem_degree": True, **fields}
        with self.app.app_context():
            candidate = Candidate(company_id=company.id, **values)
            db.session.add(candidate)
            db.session.commit()
            return CandidateRecord(candidate.id, candidate.full_name,
                                   candidate.passport_number, company.id)

    def case(self, company: CompanyRecord | None = None, scheme: str = "GEP",
             candidate: CandidateRecord | None = None, **fields: Any) -> CaseRecord:
        """A draft case of *company* under *scheme* (made through the model)."""
        company = company or self.company()
        candidate = candidate or self.candidate(company)
        values: dict[str, Any] = {"job_title": "Research engineer", "monthly_salary": 50000,
                                  **fields}
        with self.app.app_context():
            case = Case(company_id=company.id, candidate_id=candidate.id, scheme=scheme,
                        **values)
            db.session.add(case)
            db.session.commit()
            return CaseRecord(case.id, case.scheme, candidate.id, company.id)
    def allotment(self, company: CompanyRecord, reference: str | None = None,
                  allotment_date: date = date(2025, 1, 6), valid_until: date | None = None,
                  positions: tuple[tuple[str, int], ...] = (("Machine learning engineer", 2),),
                  used: tuple[int, ...] = (), area: str = "Artificial intelligence"
                  ) -> AllotmentRecord:
        """An allotment through the real service; *used* sets each position's used count."""
        n = next(_counter)
        data = AllotmentInput(
            itc_reference=reference or f"ITC/TTAS/{n:04d}", allotment_date=allotment_date,
            valid_until=valid_until, total_quotas=sum(q for _, q in positions),
            positions=[PositionInput(job_title=title, technology_area=area,
                                     monthly_salary=40000, quotas=quotas)
                       for title, quotas in positions])
        with self.app.app_context():
            allotment = quota_services.create_allotment(company.id, data, validity_months=12)
            ids = tuple(p.id for p in allotment.positions)
            for position_id, count in zip(ids, used, strict=False):
                db.session.execute(sa.update(QuotaPosition)
                                   .where(QuotaPosition.id == position_id).values(used=count))
            db.session.commit()
            return AllotmentRecord(allotment.id, company.id, allotment.itc_reference,
                                   allotment.valid_until, ids)

    def application(self, company: CompanyRecord, reference: str = "ITC/APP/1",
                    requested: int = 3, submitted_on: date = date(2024, 11, 1)
                    ) -> ApplicationRecord:
        """A quota application (status "submitted") through the real service."""
        with self.app.app_context():
            data = quota_applications.ApplicationInput(submitted_on, requested, reference)
            application = quota_applications.create_application(company.id, data,
                                                                today=submitted_on)
            return ApplicationRecord(application.id, company.id, application.reference)

    def case_on_allotment(self, allotment: AllotmentRecord, position_index: int = 0,
                          name: str = "Wong Ka Ming", quota_held: bool = False) -> int:
        """A bare TechTAS case (and its candidate) drawing on *allotment*; returns its id.

        Rows are inserted directly: the quota tests only need a case to exist.
        """
        n = next(_counter)
        with self.app.app_context():
            candidate = Candidate(company_id=allotment.company_id, full_name=name,
                                  nationality="Canadian", date_of_birth=date(1990, 1, 1),
                                  passport_number=f"P{n:07d}", passport_expiry=date(2032, 1, 1))
            case = Case(company_id=allotment.company_id, candidate=candidate, scheme="TechTAS",
                        job_title="Machine learning engineer", monthly_salary=45000,
                        allotment_id=allotment.id,
                        position_id=allotment.position_ids[position_index],
                        quota_held=quota_held)
            db.session.add(case)
            db.session.commit()
            return case.id

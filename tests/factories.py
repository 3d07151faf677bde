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

from flask import Flask

from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.companies import services as company_services
from tracker.extensions import db
from tracker.permissions import Role

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

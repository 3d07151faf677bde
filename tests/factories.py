"""Factories for test data.

Each creates committed rows through the real services inside its own app
context, and returns a plain record (ids and values), so tests never hold
ORM objects that outlive their session.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from flask import Flask

from tracker.companies import services as company_services
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
    password: str | None  # None: an invited user who has not chosen one yet
    role: str
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
             email: str | None = None, password: str | None = PASSWORD) -> UserRecord:
        company = company or self.company()
        n = next(_counter)
        with self.app.app_context():
            target = company_services.company_by_brn(company.brn)
            user = company_services.create_user(
                target, email or f"user{n}@example.com", f"User {n}", Role(role), password)
            return UserRecord(user.id, user.email, password, user.role, company.id)

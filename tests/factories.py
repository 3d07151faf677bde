"""Factories for test data.

Each creates committed rows through the real services inside its own app
context, and returns a plain record (ids and values), so tests never hold
ORM objects that outlive their session.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import Flask

from tracker.auth import services as account_services
from tracker.candidates.models import Candidate
from tracker.candidates.services import create_candidate
from tracker.cases.models import Case
from tracker.cases.services import CaseInput, create_case
from tracker.companies import services as company_services
from tracker.documents.models import CaseDocument
from tracker.extensions import db
from tracker.permissions import Role
from tracker.quotas import applications as quota_applications
from tracker.quotas import services as quota_services
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.quotas.validation import AllotmentInput, PositionInput
from tracker.rules.documents import checklist

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


@dataclass(frozen=True)
class CandidateRecord:
    id: int
    full_name: str
    passport_number: str
    company_id: int


@dataclass(frozen=True)
class AllotmentRecord:
    id: int
    company_id: int
    itc_reference: str
    valid_until: date
    position_ids: tuple[int, ...]

    @property
    def position_id(self) -> int:
        return self.position_ids[0]


@dataclass(frozen=True)
class ApplicationRecord:
    id: int
    company_id: int
    reference: str


@dataclass(frozen=True)
class CaseRecord:
    id: int
    company_id: int
    scheme: str
    candidate_id: int


def candidate_values(n: int, **overrides: object) -> dict:
    """A valid candidate: STEM master's, five years' experience, passport valid for years."""
    values = {
        "full_name": f"Candidate {n}", "chinese_name": "", "nationality": "Canadian",
        "date_of_birth": date(1990, 1, 1), "place_of_birth": "Toronto",
        "passport_number": f"P{n:07d}", "passport_expiry": date(2035, 1, 1),
        "email": f"candidate{n}@example.com", "qualification_level": "master",
        "qualification_subject": "Computer Science", "qualification_institution": "UofT",
        "stem_degree": True, "years_experience": 5, "current_location": "Toronto",
    }
    return values | overrides


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
            user = account_services.create_user(
                target, email or f"user{n}@example.com", f"User {n}", Role(role), password)
            return UserRecord(user.id, user.email, password, user.role, company.id)

    def candidate(self, company: CompanyRecord | None = None, **overrides: object
                  ) -> CandidateRecord:
        """A candidate through the real service (see candidate_values for the defaults), whose
        STEM degree is from a top-100 university, as TechTAS asks (override it to test that)."""
        company = company or self.company()
        overrides = {"top100_stem_university": True} | overrides
        with self.app.app_context():
            c = create_candidate(company.id, candidate_values(next(_counter), **overrides))
            return CandidateRecord(c.id, c.full_name, c.passport_number, company.id)

    def techtas_allotment(self, company: CompanyRecord, positions: list[dict] | None = None,
                          valid_until: date = date(2099, 12, 31),
                          allotment_date: date = date(2024, 1, 1),
                          itc_reference: str | None = None) -> AllotmentRecord:
        """An allotment with positions (dicts of QuotaPosition fields), made through the models.

        Valid until 2099 by default, so case tests do not depend on today's date.
        """
        positions = positions or [{}]
        specs = [{"job_title": "Research Engineer", "technology_area": "Artificial intelligence",
                  "monthly_salary": 40_000, "quotas": 5} | p for p in positions]
        with self.app.app_context():
            allotment = QuotaAllotment(
                company_id=company.id, itc_reference=itc_reference or f"ITC/{next(_counter)}",
                allotment_date=allotment_date, valid_until=valid_until,
                total_quotas=sum(s["quotas"] for s in specs))
            allotment.positions = [QuotaPosition(company_id=company.id, **s) for s in specs]
            db.session.add(allotment)
            db.session.commit()
            return AllotmentRecord(allotment.id, company.id, allotment.itc_reference,
                                   allotment.valid_until,
                                   tuple(p.id for p in allotment.positions))

    def case(self, company: CompanyRecord | None = None,
             candidate: CandidateRecord | None = None, allotment: AllotmentRecord | None = None,
             position_id: int | None = None, scheme: str | None = None, **overrides: object
             ) -> CaseRecord:
        """A case through the real service: TechTAS when an allotment is given, else GEP.

        A TechTAS case asked for without an allotment gets a fresh valid one.
        """
        company = company or self.company()
        candidate = candidate or self.candidate(company)
        scheme = scheme or ("TechTAS" if allotment else "GEP")
        if scheme == "TechTAS" and allotment is None:
            allotment = self.techtas_allotment(company)
        values: dict = {"candidate_id": candidate.id, "scheme": scheme,
                        "job_title": "Research Engineer", "monthly_salary": 50_000,
                        "intended_start_date": date(2099, 1, 1),
                        "local_recruitment_justification": "Advertised for 8 weeks; no local hire."}
        if allotment:
            values |= {"allotment_id": allotment.id,
                       "position_id": position_id or allotment.position_id}
        with self.app.app_context():
            case = create_case(company.id, CaseInput(**(values | overrides)))
            return CaseRecord(case.id, company.id, case.scheme, candidate.id)

    def documents(self, case: CaseRecord, codes: list[str] | None = None,
                  status: str = "received") -> None:
        """Mark checklist items of a case (all required ones by default) as *status*."""
        if codes is None:
            codes = [item.code for item in checklist(case.scheme) if item.required]
        with self.app.app_context():
            for code in codes:
                db.session.add(CaseDocument(company_id=case.company_id, case_id=case.id, code=code,
                                            status=status, received_on=date(2024, 1, 1)))
            db.session.commit()

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

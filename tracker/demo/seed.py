"""A realistic demo company for `make run` (`flask seed-demo`, tracker/demo/cli.py):
people with Chinese names, cases at every stage across the schemes, a TechTAS
allotment, an extension of stay, a dependant, and dates that bring reminders and
"needs attention" items due soon.

Everything goes through the services a user's actions use (so the audit log and the
timelines are filled as they would be). A step a rule refuses is skipped and named,
never half-written: each service commits or rolls back on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

import sqlalchemy as sa

from tracker.candidates import dependants
from tracker.candidates.models import Candidate
from tracker.candidates.services import create_candidate
from tracker.cases import continuation
from tracker.cases.models import Case
from tracker.cases.moves import move_case
from tracker.cases.services import CaseInput, create_case
from tracker.clock import today
from tracker.companies.models import Company
from tracker.documents import services as documents
from tracker.documents.checklist import case_items
from tracker.extensions import db
from tracker.quotas import services as quotas
from tracker.quotas.validation import AllotmentInput, PositionInput
from tracker.rules.schemes import workflow_for_case


@dataclass(frozen=True)
class Person:
    full_name: str
    chinese_name: str
    nationality: str
    born: date
    passport: str
    passport_expires_in_days: int = 3000


@dataclass(frozen=True)
class Plan:
    """A case to open for *person* under *scheme*, walked to *stage*."""

    person: Person
    scheme: str
    job_title: str
    stage: str
    salary: int = 55_000


PLANS = (
    Plan(Person("WONG Ka Yan", "黃嘉欣", "Malaysian", date(1994, 3, 8), "A3928174"),
         "GEP", "Data Engineer", "draft"),
    Plan(Person("Priya SHARMA", "", "Indian", date(1991, 7, 21), "Z4417329"),
         "TechTAS", "Machine learning engineer", "preparing"),
    Plan(Person("LI Wei", "李偉", "Chinese", date(1990, 11, 2), "E61930217"),
         "ASMTP", "Quantitative Analyst", "submitted", 70_000),
    Plan(Person("Ahmed KHAN", "", "Pakistani", date(1988, 1, 15), "BK7731902"),
         "GEP", "Cloud Architect", "info_requested", 80_000),
    Plan(Person("Lucas MÜLLER", "", "German", date(1987, 5, 30), "C01X7Y2Z9"),
         "GEP", "Product Manager", "approved", 75_000),
    Plan(Person("CHEN Jia Hui", "陳佳慧", "Singaporean", date(1992, 9, 12), "K9023311J",
                passport_expires_in_days=150),
         "QMAS", "", "visa_issued"),
    Plan(Person("James O'BRIEN", "", "Irish", date(1985, 4, 4), "PA5519923"),
         "GEP", "Head of Risk", "arrived", 120_000),
    Plan(Person("ZHANG Min", "張敏", "Chinese", date(1998, 6, 18), "E77120388"),
         "IANG", "", "active", 30_000),
    Plan(Person("Sofia ROSSI", "", "Italian", date(1993, 2, 27), "YA1234987"),
         "GEP", "UX Designer", "withdrawn", 45_000),
)
SPOUSE = Person("Aoife O'BRIEN", "", "Irish", date(1987, 8, 19), "PB7734120")
ALLOTMENT = "ITC/TTAS/2026/0042"


def _candidate(company_id: int, person: Person, on: date) -> Candidate:
    return create_candidate(company_id, {
        "full_name": person.full_name, "chinese_name": person.chinese_name,
        "nationality": person.nationality, "date_of_birth": person.born,
        "place_of_birth": "", "passport_number": person.passport,
        "passport_expiry": on + timedelta(days=person.passport_expires_in_days),
        "email": "", "qualification_level": "master", "qualification_subject":
        "Computer Science", "qualification_institution": "University of Hong Kong",
        "stem_degree": True, "top100_stem_university": True, "years_experience": 6,
        "current_location": ""})


def _allotment(company_id: int, on: date) -> Any:
    # Valid for the months ITC gives in the rule in force (as the letter would say), so the
    # demo's allotment carries no "not what the rule in force gives" flag.
    data = AllotmentInput(itc_reference=ALLOTMENT, allotment_date=on - timedelta(days=90),
                          total_quotas=4, validity="rule", positions=[
                              PositionInput("Machine learning engineer",
                                            "Artificial intelligence", 50_000, 3),
                              PositionInput("Data scientist", "Data analytics", 45_000, 1)])
    return quotas.create_allotment(company_id, data, validity_months=12)


def _fact_value(name: str, kind: str, day: date, on: date, n: int) -> Any:
    """A plausible value for a stage's fact (dates in the stages' order, never ahead)."""
    if kind == "date":
        if name == "limit_of_stay_until":
            return on + timedelta(days=700)
        return min(day, on)
    return {"immd_reference": f"IMMD/2026/{4100 + n}", "visa_number": f"EV{86420 + n}",
            "submission_channel": "online"}.get(name, "")


def _path(case: Case, target: str) -> list[str]:
    """The shortest way through the workflow from the case's stage to *target* (an
    ending stage straight from where it is)."""
    workflow = workflow_for_case(case.scheme, case.kind)
    if workflow.stage(target).terminal:
        return [target]
    ways: dict[str, list[str]] = {case.stage: []}
    queue = [case.stage]
    while queue:
        current = queue.pop(0)
        if current == target:
            return ways[current]
        for code in workflow.stage(current).next:
            if code not in ways:
                ways[code] = [*ways[current], code]
                queue.append(code)
    return []


def walk(case: Case, target: str, user_id: int, on: date, n: int,
         start: date | None = None, gap_days: int = 14) -> None:
    """Move *case* to *target*, recording each stage's facts *gap_days* apart."""
    day = start or on - timedelta(days=120)
    for code in _path(case, target):
        workflow = workflow_for_case(case.scheme, case.kind)
        facts = {fact.name: _fact_value(fact.name, fact.kind, day, on, n)
                 for fact in workflow.stage(code).facts}
        case = move_case(case.id, case.company_id, code, facts=facts, user_id=user_id).case
        day += timedelta(days=gap_days)


def _documents(case: Case, on: date) -> None:
    """Every required item of the case's checklist received."""
    for item in case_items(case):
        if item.required:
            documents.set_status(case, item, "received", on - timedelta(days=130))


def _try(label: str, step: Callable[[], Any], skipped: list[str]) -> Any:
    try:
        return step()
    except Exception as error:  # noqa: BLE001 - a refused demo step is named and skipped
        db.session.rollback()
        skipped.append(f"{label}: {error}")
        return None


def fill(company: Company, admin_id: int, staff_id: int) -> list[str]:
    """Candidates, cases, an allotment, an extension and a dependant; returns skipped steps."""
    on = today()
    skipped: list[str] = []
    allotment = _try("allotment", lambda: _allotment(company.id, on), skipped)
    cases = {}
    for n, plan in enumerate(PLANS):
        candidate = _try(plan.person.full_name,
                         partial(_candidate, company.id, plan.person, on), skipped)
        if candidate is None:
            continue
        quota = ({"allotment_id": allotment.id, "position_id": allotment.positions[0].id}
                 if plan.scheme == "TechTAS" and allotment else {})
        data = CaseInput(candidate_id=candidate.id, scheme=plan.scheme,
                         job_title=plan.job_title, monthly_salary=plan.salary,
                         intended_start_date=on + timedelta(days=60),
                         owner_id=staff_id if n % 2 else admin_id,
                         local_recruitment_justification="Advertised locally for 8 weeks; "
                         "no suitable local candidate.", **quota)
        case = _try(f"{plan.person.full_name}'s case",
                    partial(create_case, company.id, data, user_id=admin_id), skipped)
        if case is None:
            continue
        if plan.stage not in ("draft", "preparing"):
            _try("documents", partial(_documents, case, on), skipped)
        # The arrival a few days ago: its HKID registration falls due within 30 days.
        start = on - timedelta(days=56) if plan.stage == "arrived" else None
        _try(f"{plan.person.full_name} to {plan.stage}",
             partial(walk, case, plan.stage, admin_id, on, n, start), skipped)
        cases[plan.person.full_name] = case.id
    _after_arrival(company, cases, admin_id, on, skipped)
    return skipped


def _after_arrival(company: Company, cases: dict[str, int], admin_id: int, on: date,
                   skipped: list[str]) -> None:
    """The arrived employee's spouse, and an extension of the active graduate's stay."""
    arrived = cases.get("James O'BRIEN")
    if arrived is not None:
        principal = db.session.get(Case, arrived)
        if principal is not None:
            data = dependants.DependantInput(
                relation="spouse", full_name=SPOUSE.full_name, chinese_name="",
                nationality=SPOUSE.nationality, date_of_birth=SPOUSE.born,
                passport_number=SPOUSE.passport,
                passport_expiry=on + timedelta(days=SPOUSE.passport_expires_in_days))
            _try("dependant", lambda: dependants.add_dependant(
                principal.candidate, data, on, user_id=admin_id), skipped)
    active = cases.get("ZHANG Min")
    if active is not None:
        _try("extension", lambda: continuation.start_extension(active, company.id, admin_id),
             skipped)


def has_cases(company_id: int) -> bool:
    return bool(db.session.scalar(sa.select(sa.exists().where(Case.company_id == company_id))))

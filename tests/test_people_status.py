"""A person's immigration status from their cases, the Workforce list and the dashboard
counts: one rule (tracker/people/status.py) read three ways."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.case_helpers import TODAY
from tests.queries import count_queries
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.people.person import person_stay
from tracker.people.workforce import (
    WorkforceFilters,
    expiry_counts,
    person_status,
    workforce_page,
)

pytestmark = pytest.mark.usefixtures("pinned_today")


def add_case(app, person, limit: date | None, stage: str = "active", kind: str = "entry",
             scheme: str = "GEP", parent: int | None = None, owner: int | None = None,
             **columns) -> int:
    """A case of *person* put straight into *stage* (these tests are about the status rule)."""
    with app.app_context():
        case = Case(company_id=person.company_id, candidate_id=person.id, scheme=scheme,
                    kind=kind, stage=stage, job_title="Engineer", monthly_salary=50_000,
                    limit_of_stay_until=limit, parent_case_id=parent, owner_id=owner,
                    **columns)
        db.session.add(case)
        db.session.commit()
        return case.id


def update(app, case_id: int, **columns) -> None:
    with app.app_context():
        case = db.session.get(Case, case_id)
        for name, value in columns.items():
            setattr(case, name, value)
        db.session.commit()


def status_of(app, person):
    with app.app_context():
        return person_status(person.company_id, person.id, TODAY)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


# --- The status from a chain ----------------------------------------------------------------

def test_an_active_entry_case_is_the_status(app, make, company):
    person = make.candidate(company)
    entry = add_case(app, person, days(40), arrived_on=date(2024, 1, 10))
    status = status_of(app, person)
    assert (status.case_id, status.scheme, status.limit_of_stay, status.days_left) == (
        entry, "GEP", days(40), 40)
    assert status.employer_change.needs_approval is True
    assert status.urgency == "60"


# An entry case whose visa is issued holds no stay yet: the person is not in Hong Kong.
@pytest.mark.parametrize("stage", ["draft", "submitted", "approved", "visa_issued", "refused",
                                   "withdrawn", "closed"])
def test_no_status_from_a_case_not_in_force(app, make, company, stage):
    person = make.candidate(company)
    add_case(app, person, days(100), stage=stage)
    assert status_of(app, person) is None


def test_an_approved_extension_carries_the_status_and_supersedes_the_entry(app, make, company):
    person = make.candidate(company)
    entry = add_case(app, person, days(20), arrived_on=date(2019, 3, 1))
    extension = add_case(app, person, None, stage="submitted", kind="extension", parent=entry)
    assert status_of(app, person).case_id == entry  # still waiting: the old limit holds
    update(app, extension, stage="approved", approved_on=days(-3), limit_of_stay_until=days(1100))
    assert status_of(app, person).case_id == extension  # even before the entry is marked
    update(app, entry, superseded_by_id=extension)
    status = status_of(app, person)
    assert (status.case_id, status.limit_of_stay, status.urgency) == (extension, days(1100), "")


def test_a_superseded_case_alone_is_no_status(app, make, company):
    person = make.candidate(company)
    entry = add_case(app, person, days(20))
    extension = add_case(app, person, days(900), stage="refused", kind="extension",
                         parent=entry)
    update(app, entry, superseded_by_id=extension)
    assert status_of(app, person) is None


def test_the_person_page_chain_numbers_extensions_and_adds_up_fees(app, make, company):
    person = make.candidate(company)
    entry = add_case(app, person, date(2022, 6, 30), submitted_on=date(2019, 4, 1),
                     approved_on=date(2019, 5, 1), visa_issued_on=date(2019, 6, 1),
                     arrived_on=date(2019, 7, 1))
    first = add_case(app, person, date(2025, 6, 30), stage="visa_issued", kind="extension",
                     parent=entry, submitted_on=date(2022, 6, 1), approved_on=date(2022, 6, 20))
    second = add_case(app, person, None, stage="submitted", kind="extension", parent=first,
                      submitted_on=date(2025, 5, 20))
    update(app, entry, superseded_by_id=first)
    add_case(app, make.candidate(company), days(30))  # someone else's case: not in the chain
    with app.app_context():
        stay = person_stay(company.id, person.id, TODAY)
    assert stay.status.case_id == first
    assert [(link.case_id, str(link.label)) for link in stay.chain] == [
        (entry, "Entry application"), (first, "Extension of stay 1"),
        (second, "Extension of stay 2")]
    # HK$230 flat on approval before 2025 (twice), then HK$600 on submission in 2025.
    assert [link.fees.total_hkd for link in stay.chain] == [230, 230, 600]
    assert stay.fees_paid == 1060 and stay.fees_complete
    assert stay.residence.since == date(2019, 7, 1) and stay.residence.years == 5


def test_a_dependant_is_a_person_of_their_own(app, make, company):
    principal = make.candidate(company)
    sponsor_case = add_case(app, principal, days(300))
    spouse = make.candidate(company, full_name="Spouse Chan")
    with app.app_context():
        db.session.execute(db.text("UPDATE candidates SET principal_id = :p, relation = 'spouse' "
                                   "WHERE id = :id"), {"p": principal.id, "id": spouse.id})
        db.session.commit()
    add_case(app, spouse, days(300), kind="dependant", scheme="DEP", parent=sponsor_case)
    status = status_of(app, spouse)
    assert status.person.is_dependant and status.person.relation == "spouse"
    assert status.employer_change.needs_approval is False
    with app.app_context():
        chain = person_stay(company.id, spouse.id, TODAY).chain
    assert [link.kind for link in chain] == ["dependant"]  # the sponsor's case is not theirs


# --- The Workforce list ---------------------------------------------------------------------

@pytest.fixture
def workforce(app, make, company):
    """Five people with a status (one expired), one without, one of another company."""
    owner = make.user(company, role="staff")
    people = {}
    for name, limit, scheme, who in (
            ("Late Lee", -5, "GEP", owner.id), ("Soon Ng", 10, "GEP", None),
            ("Mid Ho", 45, "QMAS", owner.id), ("Far Chan", 80, "GEP", None),
            ("Later Wong", 400, "TechTAS", None)):
        person = make.candidate(company, full_name=name)
        add_case(app, person, days(limit), scheme=scheme, owner=who)
        people[name] = person
    add_case(app, make.candidate(company, full_name="Draft Tam"), days(5), stage="draft")
    other = make.company()
    add_case(app, make.candidate(other, full_name="Other Yip"), days(3))
    return {"people": people, "owner": owner}


def listed(app, company, **filters) -> list[str]:
    with app.app_context():
        page = workforce_page(company.id, WorkforceFilters(**filters), TODAY)
    return [row.person.full_name for row in page.rows]


def test_the_workforce_is_sorted_by_days_left(app, company, workforce):
    assert listed(app, company) == ["Late Lee", "Soon Ng", "Mid Ho", "Far Chan", "Later Wong"]


@pytest.mark.parametrize(("days_left", "expected"), [
    ("30", ["Soon Ng"]), ("60", ["Soon Ng", "Mid Ho"]), ("90", ["Soon Ng", "Mid Ho", "Far Chan"]),
    ("expired", ["Late Lee"]), ("", ["Late Lee", "Soon Ng", "Mid Ho", "Far Chan", "Later Wong"]),
])
def test_the_days_left_filter(app, company, workforce, days_left, expected):
    assert listed(app, company, days=days_left) == expected


def test_the_scheme_and_owner_filters(app, company, workforce):
    assert listed(app, company, scheme="QMAS") == ["Mid Ho"]
    assert listed(app, company, owner_id=workforce["owner"].id) == ["Late Lee", "Mid Ho"]
    assert listed(app, company, scheme="GEP", owner_id=workforce["owner"].id) == ["Late Lee"]


def test_pages_of_the_workforce(app, company, workforce):
    with app.app_context():
        first = workforce_page(company.id, WorkforceFilters(), TODAY, per_page=2)
        third = workforce_page(company.id, WorkforceFilters(), TODAY, page=3, per_page=2)
    assert [r.person.full_name for r in first.rows] == ["Late Lee", "Soon Ng"] and first.has_next
    assert [r.person.full_name for r in third.rows] == ["Later Wong"] and not third.has_next


def test_a_page_is_one_statement(app, company, workforce):
    with count_queries(app) as statements, app.app_context():
        workforce_page(company.id, WorkforceFilters(days="90", scheme="GEP"), TODAY)
    assert len(statements) == 1


def test_the_dashboard_counts(app, company, workforce):
    with count_queries(app) as statements, app.app_context():
        counts = expiry_counts(company.id, TODAY)
    assert {c.days: c.number for c in counts} == {"30": 1, "60": 2, "90": 3, "expired": 1}
    assert len(statements) == 1


def test_the_counts_move_with_the_day(app, company, workforce):
    later = TODAY + timedelta(days=50)  # Mid Ho (45) has expired by then, Far Chan (80) is in 30
    with app.app_context():
        counts = {c.days: c.number for c in expiry_counts(company.id, later)}
    assert counts == {"30": 1, "60": 1, "90": 1, "expired": 3}

"""The Reports page (issue 17): each chart's numbers for a seeded company, on real PostgreSQL.

The company's history is made through the real services on an injected clock (the
stage events carry the clock's time), so every number below is worked out by hand:
today is 02/06/2025 in Hong Kong, and the page's months are 07/2024 … 06/2025 behind
and 06/2025 … 05/2026 ahead.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from tests.case_helpers import move
from tests.queries import count_queries
from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.extensions import db

pytestmark = pytest.mark.sqlite  # the page runs on both databases (make test)

ZH = {"Accept-Language": "zh-HK,zh;q=0.9"}
PAST = ["07/2024", "08/2024", "09/2024", "10/2024", "11/2024", "12/2024", "01/2025",
        "02/2025", "03/2025", "04/2025", "05/2025", "06/2025"]
AHEAD = ["06/2025", "07/2025", "08/2025", "09/2025", "10/2025", "11/2025", "12/2025",
         "01/2026", "02/2026", "03/2026", "04/2026", "05/2026"]


def at(clock, day: date) -> None:
    """Set the clock to noon of *day* in Hong Kong (04:00 UTC)."""
    clock.now = datetime(day.year, day.month, day.day, 4, tzinfo=UTC)


def month(label: str, months: list[str] = PAST) -> int:
    return months.index(label)


def charts(page: str) -> dict[str, dict]:
    """Each canvas's data-chart JSON, by chart key."""
    found = re.findall(r'<canvas id="chart-([\w-]+)"[^>]*data-chart=\'([^\']*)\'', page)
    return {key: json.loads(html.unescape(data)) for key, data in found}


def series(chart: dict) -> dict[str, list]:
    return {d["label"]: d["data"] for d in chart["datasets"]}


def insert_case(app, company_id: int, **values) -> int:
    """A case (and its person) inserted as it stands, without stage events: as a status
    recorded before the report's months, or a NET contract."""
    with app.app_context():
        person = Candidate(company_id=company_id, full_name="Chan Tai Man",
                           nationality="Canadian", date_of_birth=date(1990, 1, 1),
                           passport_number=f"K{values.pop('n')}",
                           passport_expiry=date(2034, 1, 1))
        case = Case(company_id=company_id, candidate=person, job_title="Teacher", **values)
        db.session.add(case)
        db.session.commit()
        return case.id


@pytest.fixture
def seeded(app, make, company, clock):
    """One GEP case approved after 30 days, one draft, two TechTAS cases (one withdrawn),
    a status in force and a NET contract; today is 02/06/2025."""
    at(clock, date(2025, 1, 15))
    approved = make.case(company, scheme="GEP")
    techtas = make.techtas_allotment(company, positions=[{"quotas": 3}],
                                     allotment_date=date(2024, 12, 1),
                                     valid_until=date(2025, 12, 31), itc_reference="ITC/R/1")
    kept, withdrawn = make.case(company, allotment=techtas), make.case(company, allotment=techtas)
    make.documents(kept)
    make.documents(withdrawn)
    at(clock, date(2025, 2, 10))
    move(app, approved, "preparing")
    at(clock, date(2025, 3, 5))
    move(app, approved, "submitted", submitted_on=date(2025, 3, 5))
    at(clock, date(2025, 3, 12))
    move(app, withdrawn, "preparing")
    move(app, withdrawn, "submitted", submitted_on=date(2025, 3, 12))
    at(clock, date(2025, 3, 20))
    draft = make.candidate(company, passport_expiry=date(2025, 8, 20))
    make.case(company, candidate=draft)
    at(clock, date(2025, 4, 4))
    move(app, approved, "approved", approved_on=date(2025, 4, 4))
    at(clock, date(2025, 4, 10))
    move(app, kept, "preparing")
    move(app, kept, "submitted", submitted_on=date(2025, 4, 10))
    at(clock, date(2025, 5, 7))
    move(app, withdrawn, "withdrawn")
    insert_case(app, company.id, n=1, scheme="IANG", kind="record", stage="active",
                limit_of_stay_until=date(2026, 1, 31))
    insert_case(app, company.id, n=2, scheme="NET", stage="active", monthly_salary=40000,
                contract_start=date(2023, 10, 1), contract_end=date(2025, 9, 30))
    at(clock, date(2025, 6, 2))
    return techtas


@pytest.fixture
def viewer(make, company, login):
    user = make.user(company, role="viewer")
    login(user)
    return user


def other_company_data(app, make, clock) -> None:
    """Another company with a case of every kind the page counts."""
    other = make.company()
    make.case(other, scheme="GEP")
    allotment = make.techtas_allotment(other, valid_until=date(2025, 7, 31))
    make.case(other, allotment=allotment)
    insert_case(app, other.id, n=3, scheme="NET", stage="active", monthly_salary=40000,
                contract_start=date(2023, 10, 1), contract_end=date(2025, 9, 30))
    insert_case(app, other.id, n=4, scheme="IANG", kind="record", stage="active",
                limit_of_stay_until=date(2025, 7, 31))
    at(clock, date(2025, 6, 2))


def test_cases_per_stage_at_each_months_end(client, seeded, viewer):
    stages = series(charts(client.get("/reports").get_data(as_text=True))["stages"])
    assert charts(client.get("/reports").get_data(as_text=True))["stages"]["labels"] == PAST
    # The GEP case: draft in January, preparing in February, submitted in March, then approved.
    # The two TechTAS cases: drafts until 12/03 (submitted, withdrawn on 07/05) and 10/04.
    # The second GEP case: a draft from 20/03.
    assert stages["Draft"] == [0] * 6 + [3, 2, 2, 1, 1, 1]
    assert stages["Preparing documents"] == [0] * 6 + [0, 1, 0, 0, 0, 0]
    assert stages["Submitted to ImmD"] == [0] * 8 + [2, 2, 1, 1]
    assert stages["Approved"] == [0] * 9 + [1, 1, 1]
    assert stages["Active"] == [2] * 12  # the status and the contract, recorded as they stand
    assert "Withdrawn" not in stages  # ended cases are not open


def test_time_in_each_stage_and_to_a_decision(client, seeded, viewer):
    page = client.get("/reports").get_data(as_text=True)
    times = charts(page)["stage-times"]
    assert times["labels"] == ["Draft", "Preparing documents", "Submitted to ImmD"]
    # GEP: 15/01 → 10/02 → 05/03 → 04/04. TechTAS: drafts of 15/01 left on 12/03 and
    # 10/04 (56 and 85 days), preparing for 0 days each, one submitted 12/03 → 07/05.
    assert series(times) == {"GEP": [26.0, 23.0, 30.0], "TechTAS": [70.5, 0.0, 56.0]}
    decisions = series(charts(page)["decisions"])
    assert decisions == {"Average days from submission to approval": [30.0],
                         "Typical processing time (days, upper bound)": [42]}
    assert "about 4–6 weeks after ImmD has all documents (42 days)" in page


def test_quotas_in_use_per_allotment(client, seeded, viewer):
    quotas = series(charts(client.get("/reports").get_data(as_text=True))["quotas"])
    # One taken on 12/03 and given back on 07/05; one taken on 10/04 and held.
    assert quotas == {"ITC/R/1": [0] * 8 + [1, 2, 1, 1]}


def test_expiries_in_the_next_12_months(client, seeded, viewer):
    expiries = charts(client.get("/reports").get_data(as_text=True))["expiries"]
    assert expiries["labels"] == AHEAD
    counted = series(expiries)
    nothing = [0] * 12

    def only(label: str) -> list[int]:
        values = list(nothing)
        values[month(label, AHEAD)] = 1
        return values

    assert counted == {"Limits of stay": only("01/2026"),
                       "Passports (people with an open case)": only("08/2025"),
                       "Quota allotments (validity ends)": only("12/2025"),
                       "NET contracts": only("09/2025")}


def test_another_companys_data_is_left_out(app, client, make, seeded, viewer, clock):
    before = charts(client.get("/reports").get_data(as_text=True))
    other_company_data(app, make, clock)
    assert charts(client.get("/reports").get_data(as_text=True)) == before


def test_rows_link_to_the_filtered_lists(client, seeded, viewer):
    page = client.get("/reports").get_data(as_text=True)
    for link in ('href="/cases/?stage=draft">Draft<', 'href="/cases/?stage=approved">Approved<',
                 'href="/cases/?scheme=GEP">GEP<', 'href="/cases/?scheme=TechTAS">TechTAS<',
                 f'href="/cases/?allotment={seeded.id}">ITC/R/1<',
                 'href="/workforce">Limits of stay<',
                 'href="/cases/?attention=y">Passports (people with an open case)<',
                 'href="/quotas/">Quota allotments (validity ends)<',
                 'href="/cases/?scheme=NET">NET contracts<'):
        assert link in page, link
    # and the lists answer with those filters
    assert client.get("/cases/?stage=draft").status_code == 200


def test_the_page_reads_in_chinese(client, seeded, viewer):
    page = client.get("/reports", headers=ZH).get_data(as_text=True)
    for chinese in ("報告", "各階段的進行中個案", "草擬", "逗留期限", "配額"):
        assert chinese in page, chinese
    data = charts(page)
    assert "草擬" in series(data["stages"])
    assert "逗留期限" in series(data["expiries"])
    assert "由提交至批准的平均日數" in series(data["decisions"])
    assert "42 日" in page
    for english in ("Open cases per stage", "Limits of stay", "Draft", "Average days",
                    "Expiries in the next 12 months", "Entry application", "about 4–6 weeks",
                    "Typical processing time", "Quota allotments", "NET contracts", "Passports"):
        assert english not in page, english


def test_an_empty_company_gets_a_page_without_charts_but_the_expiries(client, viewer):
    page = client.get("/reports").get_data(as_text=True)
    assert "No open cases in the last 12 months." in page
    assert set(charts(page)) == {"expiries"}


def test_the_statement_count_does_not_grow_with_the_data(app, client, make, company, seeded,
                                                          viewer, clock):
    with count_queries(app) as few:
        assert client.get("/reports").status_code == 200
    for _ in range(3):
        make.case(company, allotment=make.techtas_allotment(company, valid_until=date(2025, 9, 1)))
    at(clock, date(2025, 6, 2))
    with count_queries(app) as more:
        assert client.get("/reports").status_code == 200
    # The signed-in user, then the stage counts, the moves since, the stays, the decisions,
    # the quotas and the expiries: one statement each, whatever the number of rows.
    assert len(more) == len(few) == 7
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) > 8

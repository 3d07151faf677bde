"""The benchmark's ceilings: only when enabled, and the raw pages show the same rows."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from bench import ceilings
from config import TestConfig
from tests.test_people_status import add_case
from tracker import create_app


@pytest.fixture
def bench_app(database_url):
    """The app as bench/app.py builds it, on the test database."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    ceilings.register(app)
    return app


def names_on(html: str) -> list[str]:
    return re.findall(r'<a href="/cases/\d+">([^<]+)</a>', html)


def test_the_product_never_serves_the_ceilings(app, client):
    assert not any(name.startswith("bench.") for name in app.view_functions)
    assert client.get("/bench/bare").status_code == 404


def test_raw_sql_list_renders_the_same_rows_as_the_case_list(bench_app, make, login):
    company = make.company()
    user = make.user(company, role="viewer")
    for n in range(30):  # more than one page
        make.case(company, candidate=make.candidate(company, full_name=f"Person {n:02d}"))
    make.case(make.company())  # another company's case must not appear
    client = bench_app.test_client()
    login(user, the_client=client)
    app_page = client.get("/cases").get_data(as_text=True)
    raw_page = client.get("/bench/raw-cases").get_data(as_text=True)
    assert names_on(app_page) == names_on(raw_page)
    assert len(names_on(raw_page)) == 25 and "Person 29" in raw_page
    assert client.get("/bench/bare").get_data(as_text=True) == "ok"


def test_raw_sql_list_needs_sign_in(bench_app):
    response = bench_app.test_client().get("/bench/raw-cases")
    assert response.status_code == 302


def people_on(html: str) -> list[str]:
    """(person, case) of each Workforce row, in order."""
    return re.findall(r'<tr data-person="(\d+)">.*?href="/cases/(\d+)"', html, re.S)


def test_raw_sql_workforce_renders_the_same_rows_as_the_workforce_page(bench_app, make, login):
    def days(n: int) -> date:
        return date.today() + timedelta(days=n)

    company = make.company()
    user = make.user(company, role="viewer")
    for n in range(28):  # more than one page, in limit-of-stay order
        add_case(bench_app, make.candidate(company), days(n * 5))
    chained = make.candidate(company)  # an approved extension supersedes the entry case
    entry = add_case(bench_app, chained, days(1))
    extension = add_case(bench_app, chained, days(2), stage="approved", kind="extension",
                         parent=entry)
    add_case(bench_app, chained, days(-5), stage="closed")  # not in force
    unmarked = make.candidate(company)  # the older link not yet marked superseded
    older = add_case(bench_app, unmarked, days(3))
    add_case(bench_app, unmarked, days(4), stage="visa_issued", kind="extension", parent=older)
    add_case(bench_app, make.candidate(company), days(0), kind="record", scheme="IANG")
    add_case(bench_app, make.candidate(make.company()), days(0))  # another company's
    client = bench_app.test_client()
    login(user, the_client=client)
    app_rows = people_on(client.get("/workforce").get_data(as_text=True))
    raw_rows = people_on(client.get("/bench/raw-workforce").get_data(as_text=True))
    assert raw_rows == app_rows and len(raw_rows) == 25
    assert (str(chained.id), str(extension)) in raw_rows
    assert [person for person, _ in raw_rows].count(str(unmarked.id)) == 1

"""Finding your way (issue 17): the grouped navigation, the favicon and the one search
across candidates, cases and allotments (company-scoped, a constant number of statements),
in English and Hong Kong Traditional Chinese."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.queries import count_queries
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.search.services import search

pytestmark = pytest.mark.usefixtures("pinned_today")

ZH = {"Accept-Language": "zh-HK,zh;q=0.9"}


def set_case(app, case_id: int, **columns) -> None:
    with app.app_context():
        db.session.execute(sa.update(Case).where(Case.id == case_id).values(**columns))
        db.session.commit()


@pytest.fixture
def found_world(app, make, company):
    """A company with a Chinese-named candidate, a referenced case and an allotment, and
    another company holding the same words."""
    wong = make.candidate(company, full_name="WONG Ka Yan", chinese_name="黃嘉欣",
                          passport_number="K7654321")
    allotment = make.allotment(company, reference="ITC/TTAS/0777")
    case = make.case(company, candidate=wong, job_title="Quantum Compiler Engineer")
    set_case(app, case.id, immd_reference="IMMD-ZX-42", visa_number="EV998877")
    other = make.company()
    stranger = make.candidate(other, full_name="WONG Stranger", chinese_name="黃陌生",
                              passport_number="K7654322")
    theirs = make.case(other, candidate=stranger, job_title="Quantum Compiler Engineer")
    set_case(app, theirs.id, immd_reference="IMMD-ZX-43", visa_number="EV998878")
    make.allotment(other, reference="ITC/TTAS/0778")
    return {"wong": wong, "case": case, "allotment": allotment, "theirs": theirs}


@pytest.mark.parametrize("text, kind", [
    ("wong ka", "candidates"), ("黃嘉欣", "candidates"), ("黄嘉欣", "candidates"),
    ("k765", "candidates"), ("IMMD-ZX", "cases"), ("ev9988", "cases"),
    ("compiler engineer", "cases"), ("ttas/07", "allotments"),
])
def test_search_finds_each_field_of_the_company_only(app, company, found_world, text, kind):
    with app.app_context():
        results = search(company.id, text)
    rows = getattr(results, kind).rows
    assert len(rows) == 1, (text, rows)
    expected = {"candidates": found_world["wong"].id, "cases": found_world["case"].id,
                "allotments": found_world["allotment"].id}[kind]
    assert rows[0].id == expected


def test_blank_search_runs_no_statement(app, company):
    with count_queries(app) as statements, app.app_context():
        results = search(company.id, "   ")
    assert results.empty and statements == []


def test_search_is_three_statements_whatever_matches(app, make, company, found_world):
    for n in range(12):
        make.case(company, candidate=make.candidate(company, full_name=f"Wong Many {n}"))
    with count_queries(app) as few, app.app_context():
        search(company.id, "Compiler")
    with count_queries(app) as many, app.app_context():
        results = search(company.id, "wong")
    assert len(few) == len(many) == 3
    assert len(results.candidates.rows) == 10 and results.candidates.more


def test_like_wildcards_match_themselves(app, company, found_world):
    with app.app_context():
        assert search(company.id, "%").empty
        assert search(company.id, "_").empty


def test_the_results_page_groups_by_kind_with_links(client, staff, found_world):
    page = client.get("/search?q=黄嘉").get_data(as_text=True)
    assert f'href="/candidates/{found_world["wong"].id}"' in page
    assert "黃陌生" not in page and "WONG Stranger" not in page
    page = client.get("/search?q=Quantum").get_data(as_text=True)
    assert f'href="/cases/{found_world["case"].id}"' in page
    assert f'href="/cases/{found_world["theirs"].id}"' not in page
    assert 'id="found-cases"' in page and 'id="found-candidates"' not in page
    page = client.get("/search?q=0777").get_data(as_text=True)
    assert f'href="/quotas/{found_world["allotment"].id}"' in page and "0778" not in page


def test_nothing_found_in_chinese(client, staff):
    page = client.get("/search?q=zzzz", headers=ZH).get_data(as_text=True)
    assert "沒有符合「zzzz」的結果" in page and "Nothing matches" not in page
    page = client.get("/search?q=zzzz").get_data(as_text=True)
    assert "Nothing matches “zzzz”." in page


def test_the_search_escapes_what_was_typed(client, staff):
    page = client.get("/search?q=<b>x</b>").get_data(as_text=True)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_viewers_search_too_and_anonymous_are_sent_to_sign_in(client, make, company, login):
    assert client.get("/search?q=a").status_code == 302
    login(make.user(company, role="viewer"))
    assert client.get("/search?q=a").status_code == 200


# --- Navigation and favicon ----------------------------------------------------------------

def test_admin_and_user_menus_group_the_links(client, make, company, login):
    login(make.user(company, role="admin"))
    page = client.get("/").get_data(as_text=True)
    admin = re.search(r'id="admin-menu".*?</li>\s*</ul>', page, re.S).group(0)
    for link in ("/company/users", "/audit", "/notifications", "/company/settings"):
        assert f'href="{link}' in admin, link
    user = re.search(r'id="user-menu".*?</ul>', page, re.S).group(0)
    for words in ("Email", "Password", "Language", "Sign out", "My reminders"):
        assert words in user, words
    assert 'data-bs-toggle="dropdown"' in page and "<script>" not in page
    assert 'action="/search"' in page


def test_staff_see_no_admin_menu(client, staff):
    page = client.get("/").get_data(as_text=True)
    assert 'id="admin-menu"' not in page and 'id="user-menu"' in page


def test_menus_in_chinese(client, make, company, login):
    login(make.user(company, role="admin"))
    page = client.get("/", headers=ZH).get_data(as_text=True)
    assert "管理" in page and "登出" in page and "搜尋" in page
    assert ">Admin<" not in page and "Sign out" not in page


def test_the_favicon_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and b"<svg" in svg.data
    page = client.get("/login").get_data(as_text=True)
    assert 'rel="icon"' in page and "favicon.svg" in page


# --- Small things ---------------------------------------------------------------------------

def test_no_stray_space_before_the_institution(client, make, company, staff):
    candidate = make.candidate(company, qualification_institution="IIT Bombay")
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Computer Science, IIT Bombay" in re.sub(r"\s+", " ", page)
    assert "Computer Science , IIT" not in re.sub(r"\s+", " ", page)


def test_no_dangling_separator_without_a_job_title(app, client, make, company, staff):
    case = make.case(company)
    set_case(app, case.id, job_title="")
    page = re.sub(r"\s+", " ", client.get(f"/candidates/{case.candidate_id}").get_data(
        as_text=True))
    assert "GEP – <" not in page and "GEP –</a>" not in page
    dashboard = re.sub(r"\s+", " ", client.get("/").get_data(as_text=True))
    assert "GEP · <" not in dashboard and "GEP ·</span>" not in dashboard

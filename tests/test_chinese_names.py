"""Chinese names (issue 15): found in Traditional or Simplified characters by every
name search, and shown beside the name as in the passport wherever a person is named."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.case_helpers import TODAY
from tests.factories import candidate_values
from tracker.candidates.models import Candidate
from tracker.candidates.services import search_candidates, update_candidate
from tracker.cases.listing import CaseFilters, case_page
from tracker.extensions import db
from tracker.text import passport_name, search_key

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("pinned_today")]

WONG = {"full_name": "Wong Ka Yan", "chinese_name": "黃嘉欣"}
# 黃 is the Traditional character (as written in Hong Kong), 黄 the Simplified one.
QUERIES = ["黃", "黄", "黃嘉欣", "黄嘉欣", "嘉欣"]
NAME_HTML = 'Wong Ka Yan <span lang="zh" class="text-body-secondary">黃嘉欣</span>'


def lookup_ids(client, q: str) -> list[int]:
    response = client.get("/candidates/lookup", query_string={"q": q})
    assert response.status_code == 200
    return [row["id"] for row in response.get_json()]


def test_the_search_key_folds_script_case_and_spaces():
    assert search_key("WONG  Ka Yan", "黃嘉欣") == search_key("wong ka yan", "黄嘉欣")
    assert search_key("Wong Ka Yan", "黃嘉欣") == "wong ka yan 黄嘉欣"
    assert search_key("Wong", None) == "wong"
    assert passport_name("Wong Ka Yan", "黃嘉欣") == "Wong Ka Yan 黃嘉欣"
    assert passport_name("Ana Silva", "") == "Ana Silva"


@pytest.mark.parametrize("q", QUERIES)
def test_either_script_finds_the_candidate_in_every_search(app, client, make, company, staff,
                                                           q):
    wong = make.candidate(company, **WONG)
    make.candidate(company, full_name="Chan Tai Man", chinese_name="陳大文")
    case = make.case(company, candidate=wong)
    with app.app_context():
        assert [c.id for c in search_candidates(company.id, q).items] == [wong.id]
        assert [r.case.id for r in case_page(company.id, CaseFilters(text=q), TODAY).rows] == [
            case.id]
    assert lookup_ids(client, q) == [wong.id]
    assert "Wong Ka Yan" in client.get("/candidates", query_string={"q": q}).get_data(True)
    page = client.get("/cases", query_string={"q": q}).get_data(True)
    assert f"/cases/{case.id}\"" in page and "Chan Tai Man" not in page


def test_a_simplified_name_is_found_by_a_traditional_query(client, make, company, staff):
    mainland = make.candidate(company, full_name="Huang Jiaxin", chinese_name="黄嘉欣")
    assert lookup_ids(client, "黃嘉欣") == lookup_ids(client, "黄") == [mainland.id]
    # Latin names still match in any case, and another Chinese name does not.
    assert lookup_ids(client, "JIAXIN") == lookup_ids(client, "huang") == [mainland.id]
    assert lookup_ids(client, "陳") == []


def test_the_key_follows_an_edit_of_the_names(app, make, company):
    wong = make.candidate(company, **WONG)
    with app.app_context():
        candidate = db.session.get_one(Candidate, wong.id)
        update_candidate(candidate, candidate_values(
            0, passport_number=wong.passport_number, full_name="Lee Mei", chinese_name="李美"))
        assert [c.id for c in search_candidates(company.id, "李").items] == [wong.id]
        assert search_candidates(company.id, "黃").items == []
        assert search_candidates(company.id, "wong").items == []
        stored = db.session.scalar(sa.select(Candidate.search_name)
                                   .where(Candidate.id == wong.id))
        assert stored == "lee mei 李美"


def test_the_chinese_name_shows_beside_the_name_on_every_page(client, make, company, staff):
    allotment = make.techtas_allotment(company, positions=[{"quotas": 2}])
    wong = make.candidate(company, **WONG)
    case = make.case(company, candidate=wong, allotment=allotment)  # documents missing
    pages = {
        "candidate list": "/candidates", "candidate page": f"/candidates/{wong.id}",
        "case list": "/cases", "case page": f"/cases/{case.id}",
        "allotment page": f"/quotas/{allotment.id}", "dashboard": "/",
        "route advisor": f"/candidates/{wong.id}/routes",
        "documents": f"/cases/{case.id}/documents",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert NAME_HTML in response.get_data(True), where
    title = "<title>Wong Ka Yan 黃嘉欣"
    assert title in client.get(f"/candidates/{wong.id}").get_data(True)
    response = client.get("/candidates/lookup", query_string={"q": "wong"})
    assert response.get_json() == [{"id": wong.id,
                                    "label": f"Wong Ka Yan 黃嘉欣 ({wong.passport_number})"}]

"""The case form's Candidate field: the JSON search behind it and the one option it renders."""

from __future__ import annotations

import re

import pytest

from tests.case_helpers import case_form, cases_of
from tracker.candidates.services import LOOKUP_LIMIT

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("pinned_today")]


def lookup(client, q: str | None = None) -> list[dict]:
    response = client.get("/candidates/lookup", query_string={} if q is None else {"q": q})
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def labels(rows: list[dict]) -> list[str]:
    return [row["label"] for row in rows]


def candidate_options(page: str) -> list[tuple[str, str, bool]]:
    """(value, text, selected) of the Candidate select's options after its blank one."""
    [select] = re.findall(r'<select[^>]*name="candidate_id"[^>]*>(.*?)</select>', page, re.S)
    options = [(value, text.strip(), "selected" in attrs) for attrs, value, text in re.findall(
        r'<option([^>]*?value="([^"]*)"[^>]*)>(.*?)</option>', select, re.S)]
    assert options[0][:2] == ("", "Choose a candidate")
    return options[1:]


def case_data(candidate_id, scheme="GEP", **extra) -> dict:
    return case_form(str(candidate_id), scheme,
                     local_recruitment_justification="Advertised locally.", **extra)


# --- the JSON search ---------------------------------------------------------------------

def test_it_matches_names_and_passport_numbers_with_the_label_of_the_field(
        client, make, company, staff):
    lee = make.candidate(company, full_name="Lee Ka Yan", passport_number="E1234567A")
    make.candidate(company, full_name="Chan Tai Man", passport_number="K7654321")
    expected = [{"id": lee.id, "label": "Lee Ka Yan (E1234567A)"}]
    assert lookup(client, "ka ya") == expected  # any case, part of the name
    assert lookup(client, " e 12345 ") == expected  # passport as typed: spaces, lower case
    assert lookup(client, "nobody") == []


def test_percent_and_underscore_match_themselves(client, make, company, staff):
    make.candidate(company, full_name="Ana Silva")
    assert lookup(client, "%") == [] and lookup(client, "_") == []


def test_only_the_signed_in_users_company_is_searched(client, make, company, staff):
    mine = make.candidate(company, full_name="Wong Siu Ming")
    make.candidate(make.company(), full_name="Wong Siu Ming")
    assert [row["id"] for row in lookup(client, "wong")] == [mine.id]
    assert [row["id"] for row in lookup(client)] == [mine.id]


def test_at_most_the_limit_by_name(client, make, company, staff):
    for n in range(LOOKUP_LIMIT + 5):
        make.candidate(company, full_name=f"Cheung {n:02d}")
    found = labels(lookup(client, "cheung"))
    assert len(found) == LOOKUP_LIMIT == 20
    assert found == sorted(found) and found[0].startswith("Cheung 00 (")


def test_a_blank_search_gives_the_newest_candidates(client, make, company, staff):
    made = [make.candidate(company, full_name=f"Person {n:02d}").id
            for n in range(LOOKUP_LIMIT + 2)]
    assert [row["id"] for row in lookup(client, "  ")] == made[::-1][:LOOKUP_LIMIT]
    assert lookup(client, "") == lookup(client)


def test_an_overlong_search_is_a_clear_400(client, staff):
    response = client.get("/candidates/lookup", query_string={"q": "x" * 101})
    assert response.status_code == 400
    assert response.get_json() == {"error": "Field cannot be longer than 100 characters."}


@pytest.mark.parametrize("role, status", [("viewer", 403), ("staff", 200), ("admin", 200)])
def test_staff_and_admins_may_search(client, make, login, company, role, status):
    make.candidate(company)
    login(make.user(company, role=role))
    assert client.get("/candidates/lookup?q=cand").status_code == status


def test_signed_out_is_sent_to_sign_in(client):
    response = client.get("/candidates/lookup?q=a")
    assert response.status_code == 302 and "/login" in response.location


# --- the form ----------------------------------------------------------------------------

def test_the_new_case_form_lists_no_candidates_whatever_the_company_size(
        client, make, company, staff):
    for n in range(30):
        make.candidate(company, full_name=f"Bulk {n}")
    page = client.get("/cases/new").get_data(as_text=True)
    assert candidate_options(page) == []
    assert "Bulk " not in page
    assert 'data-lookup-url="/candidates/lookup"' in page
    assert "/static/vendor/tom-select/tom-select.complete.min.js" in page
    assert "/static/case_form.js" in page and "<noscript>" in page


def test_a_candidate_from_the_link_is_the_one_option(client, make, company, staff):
    make.candidate(company, full_name="Somebody Else")
    ana = make.candidate(company, full_name="Ana Silva", passport_number="P9988776")
    page = client.get(f"/cases/new?candidate_id={ana.id}&scheme=QMAS").get_data(as_text=True)
    assert candidate_options(page) == [(str(ana.id), "Ana Silva (P9988776)", True)]
    assert "Somebody Else" not in page


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "-1", "0"])
def test_a_link_with_no_real_id_offers_no_candidate(client, staff, value):
    response = client.get("/cases/new", query_string={"candidate_id": value})
    assert response.status_code == 200
    assert candidate_options(response.get_data(as_text=True)) == []


def test_a_link_naming_another_companys_candidate_shows_nothing_of_it(
        client, make, company, staff):
    theirs = make.candidate(make.company(), full_name="Secret Person")
    page = client.get(f"/cases/new?candidate_id={theirs.id}").get_data(as_text=True)
    assert candidate_options(page) == []
    assert "Secret Person" not in page and theirs.passport_number not in page


def test_another_companys_candidate_is_refused_and_nothing_is_created(
        app, client, make, company, staff):
    other = make.company()
    theirs = make.candidate(other, full_name="Secret Person")
    response = client.post("/cases/new", data=case_data(theirs.id))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Choose one of your company&#39;s candidates." in page
    assert "Secret Person" not in page and theirs.passport_number not in page
    assert candidate_options(page) == []
    assert cases_of(app, company.id) == [] and cases_of(app, other.id) == []


def test_a_refused_form_keeps_the_chosen_candidate(app, client, make, company, staff):
    lee = make.candidate(company, full_name="Lee Ka Yan", passport_number="E1234567A")
    make.candidate(company, full_name="Not Chosen")
    page = client.post("/cases/new", data=case_data(lee.id, scheme="TechTAS")).get_data(
        as_text=True)
    assert "A TechTAS case needs one of your quota allotments." in page
    assert candidate_options(page) == [(str(lee.id), "Lee Ka Yan (E1234567A)", True)]
    assert "Not Chosen" not in page
    assert cases_of(app, company.id) == []


def test_the_edit_page_offers_the_cases_candidate_only(client, make, company, staff):
    lee = make.candidate(company, full_name="Lee Ka Yan", passport_number="E1234567A")
    make.candidate(company, full_name="Not Chosen")
    case = make.case(company, candidate=lee, scheme="GEP")
    page = client.get(f"/cases/{case.id}/edit").get_data(as_text=True)
    assert candidate_options(page) == [(str(lee.id), "Lee Ka Yan (E1234567A)", True)]
    assert "Not Chosen" not in page


def test_a_candidate_found_by_the_search_opens_a_case(app, client, make, company, staff):
    make.candidate(company, full_name="Lee Ka Yan")
    [found] = lookup(client, "lee ka")
    response = client.post("/cases/new", data=case_data(found["id"]))
    assert response.status_code == 302
    assert len(cases_of(app, company.id)) == 1

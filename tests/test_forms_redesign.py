"""Forms (issue 17): every error in one round with a summary at the top, one limit per
salary field, a candidate form with no guessed defaults in folding sections, and a case
form that shows and keeps only the chosen scheme's fields, its scheme locked while the
case holds a quota. Real views on PostgreSQL, in English and Chinese."""

from __future__ import annotations

import html
import re

import pytest

from tests.case_helpers import case_form, case_row, cases_of, walk
from tests.quota_helpers import allotment_post, stored_allotments
from tests.test_candidates import form as candidate_form
from tests.test_candidates import stored as stored_candidates
from tracker.validators import MAX_INTEGER, MAX_MONTHLY_SALARY

pytestmark = pytest.mark.usefixtures("pinned_today")  # today is 02/06/2025

ZH = {"Accept-Language": "zh-HK"}
SALARY_LIMIT = "Enter an amount from HK$0 to HK$10,000,000."


def text_of(response) -> str:
    """The page's text with entities decoded and white space folded."""
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def summary_links(page: str) -> list[str]:
    """The field ids the error summary links to, in order."""
    match = re.search(r'<div class="alert alert-danger error-summary" role="alert" '
                      r'id="error-summary".*?</div>', page, re.S)
    assert match, "no error summary"
    return re.findall(r'href="#([^"]+)"', match.group(0))


# ---- every error at once, with the summary -------------------------------------------------

def test_the_candidate_form_shows_every_error_in_one_round(app, client, staff):
    data = candidate_form(nationality="", date_of_birth="2030-01-01",
                          degree_awarded_on="2031-01-01", achievement_kind="",
                          achievement="Gold medal")
    response = client.post("/candidates/new", data=data)
    page, text = response.get_data(as_text=True), text_of(response)
    assert response.status_code == 200
    assert "This field is required." in text  # the field's own check
    assert "The date of birth must be a past date." in text  # the service's, same round
    assert "The degree award date cannot be in the future." in text
    assert "Choose the kind of achievement." in text
    assert summary_links(page) == ["nationality", "date_of_birth", "degree_awarded_on",
                                   "achievement_kind"]
    assert 'src="/static/form_errors.js"' in page
    assert stored_candidates(app, staff.company_id) == []


def test_a_candidate_s_duplicate_passport_shows_with_the_other_errors(app, client, staff,
                                                                       make, company):
    make.candidate(company, passport_number="P1234567")
    response = client.post("/candidates/new", data=candidate_form(
        passport_number="p123 4567", nationality=""))
    text = text_of(response)
    assert "is already recorded for" in text and "This field is required." in text
    assert summary_links(response.get_data(as_text=True)) == ["nationality",
                                                              "passport_number"]


def test_the_case_form_shows_every_error_in_one_round(app, client, staff, make, company):
    data = case_form("", scheme="TechTAS", monthly_salary="lots", intended_start_date="x")
    response = client.post("/cases/new", data=data)
    page, text = response.get_data(as_text=True), text_of(response)
    assert "Not a valid integer value." in text and "Not a valid date value." in text
    assert "Choose one of your company's candidates." in text
    assert "A TechTAS case needs one of your quota allotments." in text
    assert summary_links(page) == ["candidate_id", "allotment_id", "position_id",
                                   "monthly_salary", "intended_start_date"]
    assert cases_of(app, company.id) == []


def test_the_allotment_form_shows_every_error_in_one_round(app, client, staff):
    data = allotment_post(valid_until="2025-01-01", total="", positions=(
        ("", "Artificial intelligence", 42000, 3), ("Analyst", "Cooking", "lots", 1)))
    response = client.post("/quotas/new", data=data)
    page, text = response.get_data(as_text=True), text_of(response)
    assert "Valid until cannot be before the allotment date." in text  # was a second round
    assert "Enter the job title." in text or "This field is required." in text
    assert "Cooking is not a TechTAS technology area" in text
    assert "Not a valid integer value." in text
    links = summary_links(page)
    assert {"valid_until", "total_quotas", "positions-0-job_title",
            "positions-1-technology_area", "positions-1-monthly_salary"} <= set(links)
    assert "but the Number of quotas is" not in text  # not summed while a number is unread
    assert stored_allotments(app, staff.company_id) == []


def test_a_field_s_own_error_is_not_repeated_by_the_service(client, staff):
    response = client.post("/candidates/new", data=candidate_form(date_of_birth=""))
    text = text_of(response)
    assert "This field is required." in text
    assert "The date of birth must be a past date." not in text


@pytest.mark.parametrize("url,data,field", [
    ("/account/password", {"current_password": ""}, "current_password"),
    ("/account/email", {"email": "not an address"}, "email"),
])
def test_other_forms_get_the_summary_too(client, staff, url, data, field):
    response = client.post(url, data=data)
    assert response.status_code == 200
    assert field in summary_links(response.get_data(as_text=True))


def test_a_page_without_errors_has_no_summary(client, staff):
    page = client.get("/candidates/new").get_data(as_text=True)
    assert "error-summary" not in page and "form_errors.js" not in page


# ---- one limit per field ------------------------------------------------------------------

def test_a_salary_over_the_limit_is_refused_with_one_message(app, client, staff, make,
                                                             company):
    data = case_form(make.candidate(company).id, scheme="GEP",
                     monthly_salary=str(MAX_MONTHLY_SALARY + 1))
    response = client.post("/cases/new", data=data)
    text = text_of(response)
    assert text.count(SALARY_LIMIT) == 2  # beside the field and in the summary, nothing else
    assert f"{MAX_INTEGER:,}" not in text and "Number must be" not in text
    assert cases_of(app, company.id) == []
    assert client.post("/cases/new", data=data | {"monthly_salary": str(MAX_MONTHLY_SALARY)}
                       ).status_code == 302


@pytest.mark.parametrize("url,name", [("/cases/new", "monthly_salary"),
                                      ("/quotas/new", "positions-0-monthly_salary"),
                                      ("/candidates/{id}/routes", "monthly_salary")])
def test_every_salary_field_states_the_one_limit(client, staff, make, company, url, name):
    page = client.get(url.format(id=make.candidate(company).id)).get_data(as_text=True)
    field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    assert f'max="{MAX_MONTHLY_SALARY}"' in field and 'min="0"' in field
    assert str(MAX_INTEGER) not in page


def test_the_allotment_salary_has_the_same_limit(app, client, staff):
    data = allotment_post(positions=(("Data scientist", "Artificial intelligence",
                                      MAX_MONTHLY_SALARY + 1, 3),))
    text = text_of(client.post("/quotas/new", data=data))
    assert text.count(SALARY_LIMIT) == 2 and f"{MAX_INTEGER:,}" not in text


# ---- the candidate form ------------------------------------------------------------------

def test_the_candidate_form_guesses_nothing(client, staff):
    page = client.get("/candidates/new").get_data(as_text=True)
    assert re.search(r'<select[^>]*name="qualification_level"[^>]*>\s*'
                     r'<option selected value="">Not known</option>', page)
    years = re.search(r'<input[^>]*name="years_experience"[^>]*>', page).group(0)
    assert 'value=""' in years or "value=" not in years


def test_facts_left_not_known_are_stored_as_null(app, client, staff):
    data = candidate_form(qualification_level="", years_experience="")
    assert client.post("/candidates/new", data=data).status_code == 302
    [candidate] = stored_candidates(app, staff.company_id)
    assert (candidate.qualification_level, candidate.years_experience) == (None, None)
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "None" not in re.sub(r"<[^>]+>", " ", page)
    edit = client.get(f"/candidates/{candidate.id}/edit").get_data(as_text=True)
    assert re.search(r'<option selected value="">Not known</option>', edit)


def test_known_facts_are_kept(app, client, staff):
    assert client.post("/candidates/new", data=candidate_form()).status_code == 302
    [candidate] = stored_candidates(app, staff.company_id)
    assert (candidate.qualification_level, candidate.years_experience) == ("master", 5)


def test_yes_no_selects_are_drawn_as_selects(client, staff):
    page = client.get("/candidates/new").get_data(as_text=True)
    for name in ("stem_degree", "native_english", "talent_list_profession",
                 "qualification_level"):
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>', page).group(0)
        assert "form-select" in select and "form-control" not in select, name


def test_the_candidate_form_is_in_sections_that_fold(client, staff):
    page = client.get("/candidates/new").get_data(as_text=True)
    sections = re.findall(r'<details class="form-section[^"]*"( open)?>', page)
    # The person's own facts open, the advisor's seven folded.
    assert sections == [" open"] * 3 + [""] * 7
    assert page.count('name="csrf_token"') == 2  # one form (and the footer's language switch)
    for heading in ("Identity and passport", "Qualification and experience", "Languages"):
        assert re.search(rf"<summary[^>]*><h2[^>]*>{heading}</h2>", page), heading


def test_a_section_with_an_error_opens(client, staff):
    page = client.post("/candidates/new", data=candidate_form(
        years_managerial="-1")).get_data(as_text=True)
    work = re.search(r'<details class="form-section[^"]*"( open)?>\s*<summary[^>]*>'
                     r'<h2[^>]*>Work</h2>\s*<span class="badge[^"]*">1 field to correct', page)
    assert work and work.group(1) == " open"


def test_every_field_of_the_candidate_form_is_in_a_section():
    from tracker.candidates.forms import ADVISOR_GROUPS, MAIN_GROUPS, CandidateForm
    grouped = [name for _heading, names in (*MAIN_GROUPS, *ADVISOR_GROUPS) for name in names]
    fields = [name for name, value in vars(CandidateForm).items()
              if hasattr(value, "field_class") and name != "submit"]
    assert sorted(grouped) == sorted(fields) and len(grouped) == len(set(grouped))


# ---- the case form --------------------------------------------------------------------------

def test_the_case_form_names_each_field_s_schemes(client, staff):
    page = client.get("/cases/new").get_data(as_text=True)

    def schemes(name: str) -> set[str]:
        tag = re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', page).group(0)
        return set(re.search(r'data-schemes="([^"]*)"', tag).group(1).split())

    assert schemes("allotment_id") == schemes("position_id") == {"TechTAS"}
    assert schemes("local_recruitment_justification") == {"GEP", "ASMTP"}
    assert {"GEP", "TechTAS", "NET", "IANG", "TTPS"} <= schemes("job_title")
    assert not {"QMAS", "ASSG"} & schemes("job_title")
    assert 'data-schemes' not in re.search(r'<select[^>]*name="owner_id"[^>]*>', page).group(0)
    assert 'src="/static/case_form.js"' in page


def test_without_javascript_the_server_ignores_other_schemes_fields(app, client, staff, make,
                                                                     company):
    allotment = make.techtas_allotment(company)
    data = case_form(make.candidate(company).id, scheme="QMAS", allotment=allotment,
                     job_title="Engineer", monthly_salary="lots",
                     local_recruitment_justification="No local candidate",
                     talent_list_profession="Not a profession")
    assert client.post("/cases/new", data=data).status_code == 302
    [case] = cases_of(app, company.id)
    assert (case.scheme, case.job_title, case.monthly_salary, case.allotment_id,
            case.position_id, case.local_recruitment_justification,
            case.talent_list_profession) == ("QMAS", "", None, None, None, "", "")


def test_a_gep_case_keeps_its_own_fields_and_drops_the_quota(app, client, staff, make,
                                                             company):
    allotment = make.techtas_allotment(company)
    data = case_form(make.candidate(company).id, scheme="GEP", allotment=allotment,
                     local_recruitment_justification="No local candidate")
    assert client.post("/cases/new", data=data).status_code == 302
    [case] = cases_of(app, company.id)
    assert (case.job_title, case.monthly_salary, case.allotment_id,
            case.local_recruitment_justification) == ("Research Engineer", 50000, None,
                                                      "No local candidate")


def quota_holding_case(app, make, company):
    allotment = make.techtas_allotment(company, positions=[{}, {"job_title": "Data Scientist"}])
    case = make.case(company, allotment=allotment)
    make.documents(case)
    walk(app, case, "preparing", "submitted")
    return case, allotment


def test_a_held_quota_locks_the_scheme_on_the_form(app, client, staff, make, company):
    case, _allotment = quota_holding_case(app, make, company)
    page = client.get(f"/cases/{case.id}/edit").get_data(as_text=True)
    for name in ("scheme", "allotment_id", "position_id"):
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>', page).group(0)
        assert "disabled" in select and 'aria-describedby="quota-lock-note"' in select
        assert re.search(rf'<input type="hidden" name="{name}" value="[^"]+">', page)
    note = "This case holds a quota of its position: its scheme, allotment and position " \
           "cannot change."
    assert html.unescape(page).count(note) == 1 and "error-summary" not in page


def test_a_locked_scheme_keeps_the_case_s_values_whatever_is_posted(app, client, staff,
                                                                     make, company):
    case, allotment = quota_holding_case(app, make, company)
    data = case_form(case.candidate_id, scheme="GEP", allotment=allotment,
                     position_id=allotment.position_ids[1], job_title="Lead Engineer")
    assert client.post(f"/cases/{case.id}/edit", data=data).status_code == 302
    row = case_row(app, case.id)
    assert (row.scheme, row.position_id, row.job_title) == (
        "TechTAS", allotment.position_ids[0], "Lead Engineer")


# ---- in Chinese -------------------------------------------------------------------------------

def test_the_summary_and_the_limit_read_in_chinese(client, staff, make, company):
    data = case_form(make.candidate(company).id, scheme="GEP",
                     monthly_salary=str(MAX_MONTHLY_SALARY + 1), intended_start_date="x")
    text = text_of(client.post("/cases/new", data=data, headers=ZH))
    assert "儲存前須更正 2 項問題" in text
    assert "請輸入 HK$0 至 HK$10,000,000 的金額。" in text
    assert "problems to correct" not in text and SALARY_LIMIT not in text


def test_the_candidate_form_s_sections_read_in_chinese(client, staff):
    text = text_of(client.get("/candidates/new", headers=ZH))
    for phrase in ("身份及護照", "聯絡資料", "學歷及經驗", "如不詳，請留空"):
        assert phrase in text, phrase
    for phrase in ("Identity and passport", "Qualification and experience",
                   "Leave blank if not known"):
        assert phrase not in text, phrase
    errors = text_of(client.post("/candidates/new", data=candidate_form(
        years_managerial="-1"), headers=ZH))
    assert "1 個欄位須更正" in errors and "field to correct" not in errors

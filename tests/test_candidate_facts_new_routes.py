"""The candidate facts the TTPS and IANG rules read (migration 0015): a bachelor's or higher
degree from a TTPS-listed university, the date the degree was awarded, years of work in the
last 5 and a full-time locally accredited degree from Hong Kong. Entered on the candidate
form's advisor section (blank = not known), stored, shown, refused when impossible, and read
by the advisor page and the case page alike; in English and Hong Kong Traditional Chinese."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.case_helpers import TODAY, audit_entries
from tests.test_candidates import form, stored
from tracker.candidates.models import Candidate
from tracker.candidates.profile import candidate_profile
from tracker.candidates.services import CandidateError

pytestmark = pytest.mark.usefixtures("pinned_today")

ZH = {"Accept-Language": "zh-HK,zh;q=0.9"}
NAMES = ("eligible_university_degree", "degree_awarded_on", "years_experience_last_5",
         "hk_full_time_degree")
LABELS = {"Bachelor's or higher degree from an eligible university":
          "持有合資格大學頒授的學士或以上學位",
          "Date the degree was awarded": "學位頒授日期",
          "Full-time, locally accredited degree from Hong Kong": "持有香港的全日制經本地評審學位",
          "Years of work in the last 5 years": "過去 5 年的工作年數"}
FACTS = {"eligible_university_degree": "yes", "degree_awarded_on": "2023-07-01",
         "years_experience_last_5": "1", "hk_full_time_degree": "no"}
FUTURE = "The degree award date cannot be in the future."

# Candidates whose facts open one track of each new route on TODAY (2 June 2025).
TTPS_B = {"eligible_university_degree": True, "degree_awarded_on": date(2012, 7, 1),
          "years_experience": 8, "years_experience_last_5": 4}
TTPS_C = {"eligible_university_degree": True, "degree_awarded_on": date(2023, 7, 1),
          "years_experience": 1, "years_experience_last_5": 1}
IANG_FRESH = {"hk_full_time_degree": True, "degree_awarded_on": date(2025, 3, 1),
              "years_experience": 0}
IANG_RETURNING = {"hk_full_time_degree": True, "degree_awarded_on": date(2021, 7, 1)}
OFFER = {"job_title": "Analyst", "monthly_salary": "40000"}


def unescaped(html: str) -> str:
    return html.replace("&#39;", "'").replace("&#34;", '"')


def outcomes(html: str) -> dict[str, str]:
    """{rule code: outcome} of every rules table on the page."""
    return dict(re.findall(r'data-code="(\w+)" data-outcome="(\w+)"', html))


def route_statuses(html: str) -> dict[str, str]:
    return dict(re.findall(r'class="route-row" data-scheme="(\w+)" data-status="(\w+)"', html))


def case_status(html: str) -> str:
    found = re.search(r'class="mb-1 verdict-summary" data-status="(\w+)"', html)
    assert found, "no verdict on the case page"
    return found.group(1)


# --- the form, the record and the page ---------------------------------------------------

def test_the_form_asks_for_each_fact_in_the_advisor_section(client, staff):
    page = unescaped(client.get("/candidates/new").get_data(as_text=True))
    advisor = page[page.index("For the route advisor"):]
    for label in LABELS:
        assert re.search(rf"<label[^>]*>\s*{re.escape(label)}\s*</label>", advisor), label
    assert 'type="date"' in advisor[advisor.index("Date the degree was awarded"):][:600]


def test_blank_is_not_known_and_answers_are_stored_audited_and_shown(app, client, staff):
    assert client.post("/candidates/new", data=form()).status_code == 302
    [blank] = stored(app, staff.company_id)
    assert [getattr(blank, name) for name in NAMES] == [None] * 4
    assert client.post(f"/candidates/{blank.id}/edit", data=form() | FACTS).status_code == 302
    [c] = stored(app, staff.company_id)
    assert (c.eligible_university_degree, c.degree_awarded_on, c.years_experience_last_5,
            c.hk_full_time_degree) == (True, date(2023, 7, 1), 1, False)
    [entry] = audit_entries(app, "candidate", c.id, "update")
    assert entry.changes["years_experience_last_5"] == [None, 1]
    assert entry.changes["eligible_university_degree"] == [None, True]
    page = unescaped(client.get(f"/candidates/{c.id}").get_data(as_text=True))
    facts = page[page.index('class="row advisor-facts"'):]
    assert re.search(r"Date the degree was awarded</dt>\s*<dd[^>]*>01/07/2023</dd>", facts)
    assert re.search(r"Years of work in the last 5 years</dt>\s*<dd[^>]*>1</dd>", facts)
    assert re.search(r"Full-time, locally accredited degree from Hong Kong</dt>\s*"
                     r"<dd[^>]*>No</dd>", facts)
    edit = client.get(f"/candidates/{c.id}/edit").get_data(as_text=True)
    assert 'value="2023-07-01"' in edit  # the form shows the date it stored


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"degree_awarded_on": "2025-06-03"}, "degree_awarded_on", FUTURE),
    ({"degree_awarded_on": "1989-12-31"}, "degree_awarded_on",
     "The degree award date must be after the date of birth."),
    ({"years_experience_last_5": "6"}, "years_experience_last_5",
     "Number must be between 0 and 5."),
    ({"years_experience_last_5": "-1"}, "years_experience_last_5",
     "Number must be between 0 and 5."),
    ({"hk_full_time_degree": "perhaps"}, "hk_full_time_degree", "Choose yes, no or not known."),
])
def test_impossible_facts_are_refused_and_nothing_is_saved(app, client, staff, change, field,
                                                           message):
    response = client.post("/candidates/new", data=form() | FACTS | change)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    # the message sits under its own field
    assert re.search(rf'id="{field}"[^>]*>.*?{re.escape(message)}', html, re.S)
    assert stored(app, staff.company_id) == []


def test_an_award_date_of_today_is_accepted(app, client, staff):
    data = form() | FACTS | {"degree_awarded_on": TODAY.isoformat()}
    assert client.post("/candidates/new", data=data).status_code == 302
    [c] = stored(app, staff.company_id)
    assert c.degree_awarded_on == TODAY


def test_the_service_refuses_a_future_award_date_whoever_calls_it(app, make, company):
    with pytest.raises(CandidateError) as refused:
        make.candidate(company, degree_awarded_on=date(2025, 6, 3))
    assert (str(refused.value), refused.value.field) == (FUTURE, "degree_awarded_on")
    with pytest.raises(CandidateError) as refused:
        make.candidate(company, years_experience_last_5=6)
    assert refused.value.field == "years_experience_last_5"


def test_the_rules_read_the_stored_facts():
    candidate = Candidate(date_of_birth=date(1990, 1, 1), qualification_level="bachelor",
                          stem_degree=False, years_experience=8, **{
                              k: v for k, v in TTPS_B.items() if k != "years_experience"},
                          hk_full_time_degree=False)
    profile = candidate_profile(candidate)
    assert (profile.eligible_university_degree, profile.degree_awarded_on,
            profile.years_experience_last_5, profile.hk_full_time_degree) == (
        True, date(2012, 7, 1), 4, False)
    empty = candidate_profile(Candidate(date_of_birth=date(1990, 1, 1),
                                        qualification_level="bachelor", years_experience=8))
    assert (empty.eligible_university_degree, empty.degree_awarded_on,
            empty.years_experience_last_5, empty.hk_full_time_degree) == (None,) * 4


# --- the verdicts: advisor page and case page --------------------------------------------

def test_without_the_facts_ttps_and_iang_stay_possible(client, make, login, company):
    candidate = make.candidate(company)
    login(make.user(company, role="viewer"))
    html = client.get(f"/candidates/{candidate.id}/routes").get_data(as_text=True)
    found = outcomes(html)
    assert route_statuses(html)["TTPS"] == "possible"
    # 5 years' work in all: category C is closed; B and IANG wait for the new facts.
    assert (found["ttps_b"], found["ttps_c"], found["iang_local_degree"]) == (
        "unknown", "fail", "unknown")


@pytest.mark.parametrize(("facts", "query", "scheme", "expected"), [
    (TTPS_B, {}, "TTPS", {"ttps_b": "pass", "ttps_c": "fail", "ttps_category": "pass"}),
    (TTPS_C, {}, "TTPS", {"ttps_b": "fail", "ttps_c": "pass", "ttps_category": "pass"}),
    (IANG_FRESH, {}, "IANG", {"iang_local_degree": "pass", "iang_fresh": "pass",
                              "iang_track": "pass"}),
    (IANG_RETURNING, OFFER, "IANG", {"iang_local_degree": "pass", "iang_fresh": "fail",
                                     "iang_returning": "pass", "iang_track": "pass"}),
], ids=["ttps-b", "ttps-c", "iang-fresh", "iang-returning"])
def test_the_advisor_opens_each_track_from_the_record(client, make, login, company, facts,
                                                      query, scheme, expected):
    candidate = make.candidate(company, qualification_level="bachelor", **facts)
    login(make.user(company, role="viewer"))
    html = client.get(f"/candidates/{candidate.id}/routes", query_string=query
                      ).get_data(as_text=True)
    assert route_statuses(html)[scheme] == "eligible"
    found = outcomes(html)
    assert {code: found[code] for code in expected} == expected


def test_a_returning_graduate_without_an_offer_is_not_yet_eligible(client, make, login,
                                                                   company):
    candidate = make.candidate(company, qualification_level="bachelor", **IANG_RETURNING)
    login(make.user(company, role="viewer"))
    html = client.get(f"/candidates/{candidate.id}/routes").get_data(as_text=True)
    assert route_statuses(html)["IANG"] == "possible"
    assert outcomes(html)["iang_fresh"] == "fail"


def test_a_non_local_degree_closes_iang(client, make, login, company):
    candidate = make.candidate(company, qualification_level="bachelor",
                               **(IANG_FRESH | {"hk_full_time_degree": False}))
    login(make.user(company, role="viewer"))
    html = client.get(f"/candidates/{candidate.id}/routes").get_data(as_text=True)
    assert route_statuses(html)["IANG"] == "not_eligible"


@pytest.mark.parametrize(("facts", "scheme", "status", "expected"), [
    (TTPS_B, "TTPS", "eligible", {"ttps_b": "pass"}),
    (TTPS_C, "TTPS", "eligible", {"ttps_c": "pass"}),
    (IANG_FRESH, "IANG", "eligible", {"iang_fresh": "pass", "iang_local_degree": "pass"}),
    # The case's recorded offer reaches the rules for any scheme (cases/eligibility.
    # case_offer), so the returning-graduate track passes as on the advisor with an offer.
    (IANG_RETURNING, "IANG", "eligible", {"iang_fresh": "fail", "iang_returning": "pass"}),
], ids=["ttps-b", "ttps-c", "iang-fresh", "iang-returning"])
def test_the_case_page_gives_the_same_verdict(client, make, login, company, facts, scheme,
                                              status, expected):
    candidate = make.candidate(company, qualification_level="bachelor", **facts)
    case = make.case(company, candidate, scheme=scheme)
    login(make.user(company, role="viewer"))
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert case_status(html) == status
    found = outcomes(html)
    assert {code: found[code] for code in expected} == expected


# --- Hong Kong Traditional Chinese -------------------------------------------------------

def test_the_form_and_the_page_read_in_chinese(app, client, staff):
    page = unescaped(client.get("/candidates/new", headers=ZH).get_data(as_text=True))
    for english, chinese in LABELS.items():
        assert chinese in page, chinese
        assert english not in page, english
    for chinese in ("高端人才通行證計劃 B 類：最少 3 年", "（高端人才通行證計劃 B 類及 C 類）",
                    "非本地畢業生留港/回港就業安排的應屆畢業生：過去 6 個月內"):
        assert chinese in page, chinese
    assert client.post("/candidates/new", data=form() | FACTS, headers=ZH).status_code == 302
    [c] = stored(app, staff.company_id)
    shown = unescaped(client.get(f"/candidates/{c.id}", headers=ZH).get_data(as_text=True))
    assert re.search(r"學位頒授日期</dt>\s*<dd[^>]*>01/07/2023</dd>", shown)
    assert "過去 5 年的工作年數" in shown and "Date the degree was awarded" not in shown


def test_a_future_award_date_is_refused_in_chinese(app, client, staff):
    html = client.post("/candidates/new", headers=ZH,
                       data=form() | FACTS | {"degree_awarded_on": "2025-06-03"}
                       ).get_data(as_text=True)
    assert "學位頒授日期不可是將來的日期。" in html and FUTURE not in html
    assert stored(app, staff.company_id) == []

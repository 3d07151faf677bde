"""The route advisor: Candidate → CandidateProfile, the company's positions, and the
"Which routes fit?" page for realistic profiles (table-driven, through HTTP)."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from tracker.candidates.models import Candidate
from tracker.candidates.profile import ANOTHER_LANGUAGE, candidate_profile
from tracker.extensions import db
from tracker.quotas.queries import allotment_positions
from tracker.rules.advisor import ROUTES
from tracker.rules.profile import Achievement, JobOffer, Languages

pytestmark = pytest.mark.usefixtures("pinned_today")

AI = "Artificial intelligence"


# --- the mapping -------------------------------------------------------------------------

def test_an_empty_record_maps_every_advisor_fact_to_not_known():
    candidate = Candidate(date_of_birth=date(1990, 1, 1), place_of_birth="",
                          qualification_level="master", stem_degree=True, years_experience=5)
    profile = candidate_profile(candidate)
    assert profile.place_of_birth is None and profile.mainland_resident is None
    assert profile.languages == Languages()
    assert (profile.native_english, profile.tesl_tefl_experience, profile.special_education,
            profile.parent_hk_permanent_id, profile.parent_chinese_national_settled_overseas,
            profile.marital_status, profile.spouse_has_degree,
            profile.unmarried_children_under_18,
            profile.immediate_family_hk_permanent_resident, profile.talent_list_profession,
            profile.years_senior, profile.years_international, profile.annual_income_hkd,
            profile.owns_business, profile.degrees_at_top_level,
            profile.renowned_institution) == (None,) * 16
    assert profile.achievements == () and profile.has_job_offer is None
    # Facts the candidate form always records stay known.
    assert (profile.qualification_level, profile.stem_degree, profile.years_experience) == (
        "master", True, 5)


def test_every_recorded_fact_reaches_the_profile():
    candidate = Candidate(
        date_of_birth=date(1988, 2, 29), place_of_birth="Sydney, Australia",
        qualification_level="doctorate", stem_degree=False, years_experience=12,
        mainland_resident=False, degrees_at_top_level=2, renowned_institution=True,
        years_managerial=6, years_international=3, annual_income_hkd=2_500_000,
        owns_business=False, english=True, written_chinese=True, putonghua=False,
        cantonese=True, other_language=True, other_languages="French, Japanese ",
        native_english=True, tesl_tefl_experience=False, special_education=True,
        parent_hk_permanent_id=True, parent_chinese_settled_overseas=False, married=True,
        spouse_has_degree=True, children_under_18=2, family_hk_permanent_resident=False,
        talent_list_profession="", achievement_kind="olympic_medal",
        achievement="Gold medal, 2024 Olympic Games", achievement_evidence="IOC record")
    offer = JobOffer(title="Lecturer", monthly_salary_hkd=60_000)
    p = candidate_profile(candidate, offer)
    assert (p.date_of_birth, p.place_of_birth, p.mainland_resident) == (
        date(1988, 2, 29), "Sydney, Australia", False)
    assert (p.qualification_level, p.degrees_at_top_level, p.stem_degree,
            p.renowned_institution) == ("doctorate", 2, False, True)
    assert (p.years_experience, p.years_senior, p.years_international, p.annual_income_hkd,
            p.owns_business) == (12, 6, 3, 2_500_000, False)
    assert p.languages == Languages(english=True, putonghua=False, cantonese=True,
                                    written_chinese=True, other=("French", "Japanese"))
    assert p.languages.chinese is True
    assert (p.native_english, p.tesl_tefl_experience, p.special_education) == (True, False, True)
    assert (p.parent_hk_permanent_id, p.parent_chinese_national_settled_overseas) == (True, False)
    assert (p.marital_status, p.spouse_has_degree, p.unmarried_children_under_18,
            p.immediate_family_hk_permanent_resident) == ("married", True, 2, False)
    assert p.talent_list_profession == ""  # known: not on the list
    assert p.achievements == (Achievement("olympic_medal", "Gold medal, 2024 Olympic Games",
                                          "IOC record"),)
    assert (p.job_offer, p.has_job_offer) == (offer, True)


@pytest.mark.parametrize("flag,names,expected", [
    (None, "", None), (False, "", ()), (True, "", (ANOTHER_LANGUAGE,)),
    (True, "Tagalog,, ", ("Tagalog",)),
])
def test_other_languages(flag, names, expected):
    candidate = Candidate(date_of_birth=date(1990, 1, 1), qualification_level="bachelor",
                          stem_degree=False, years_experience=1, other_language=flag,
                          other_languages=names)
    assert candidate_profile(candidate).languages.other == expected


def test_single_and_no_job_offer_are_known_answers():
    candidate = Candidate(date_of_birth=date(1990, 1, 1), qualification_level="bachelor",
                          stem_degree=False, years_experience=1, married=False)
    profile = candidate_profile(candidate, has_job_offer=False)
    assert (profile.marital_status, profile.offer_known) == ("single", False)


def test_positions_are_the_companys_own_with_what_is_left(app, make):
    mine, other = make.company(), make.company()
    kept = make.allotment(mine, reference="ITC/A", valid_until=date(2026, 12, 31),
                          positions=(("Data scientist", 3), ("ML engineer", 2)), used=(1, 2))
    make.allotment(other, reference="ITC/B")
    with app.app_context():
        positions = allotment_positions(mine.id)
    assert [(p.title, p.remaining, p.allotment_ref, p.allotment_id, p.position_id)
            for p in positions] == [
        ("Data scientist", 2, "ITC/A", kept.id, kept.position_ids[0]),
        ("ML engineer", 0, "ITC/A", kept.id, kept.position_ids[1])]
    assert positions[0].valid_until == date(2026, 12, 31) and positions[0].technology_area == AI


# --- the page, for realistic profiles ----------------------------------------------------

ADULT = {"date_of_birth": date(1994, 5, 1)}
ENGLISH = {"english": True}
GRADUATE = {"qualification_level": "master", "stem_degree": True, "years_experience": 6}
NOT_MAINLAND = {"mainland_resident": False}
ASSG_FAMILY = {"place_of_birth": "Vancouver, Canada", "parent_hk_permanent_id": True,
               "parent_chinese_settled_overseas": True, "financial_means": True}
# QMAS's prerequisites besides age, education and language.
MEANS_AND_CHARACTER = {"financial_means": True, "good_character": True}
OFFER = {"job_title": "Research Engineer", "monthly_salary": "50000", "technology_area": AI,
         "principally_rnd": "yes"}
# A strong points-table applicant (the May 2015 table, before 1 Nov 2024): 30 age + 40
# doctorate + 40 work + 20 Chinese and English + 5 family ≥ the pass mark of 80.
QMAS_POINTS = {"qualification_level": "doctorate", "years_experience": 11,
               "years_managerial": 6, "written_chinese": True, "putonghua": True,
               "married": True, "spouse_has_degree": True, "children_under_18": 0,
               "family_hk_permanent_resident": False} | MEANS_AND_CHARACTER

PROFILES = [
    # (name, candidate facts, query, {scheme: expected status})
    ("AI researcher with an offer matching the company's allotment",
     ADULT | GRADUATE | ENGLISH | NOT_MAINLAND, OFFER,
     # GEP: HK$50,000 a month is not waived, so the employer's justification decides.
     {"GEP": "possible", "TechTAS": "eligible", "NET": "possible"}),
    ("the same researcher, offer in an area the company holds no quota for",
     ADULT | GRADUATE | NOT_MAINLAND, OFFER | {"technology_area": "Biotechnology"},
     {"TechTAS": "not_eligible", "GEP": "possible"}),
    ("the same researcher, offer of HK$2M+ a year: GEP's justification is waived",
     ADULT | GRADUATE | NOT_MAINLAND, OFFER | {"monthly_salary": "170000"},
     {"GEP": "eligible"}),
    ("Mainland resident: GEP is closed (ASMTP instead)",
     ADULT | GRADUATE | {"mainland_resident": True, "place_of_birth": "Shanghai"}, OFFER,
     # ASMTP takes GEP's rules: the HK$50,000 offer is not waived, so "possible".
     {"GEP": "not_eligible", "ASSG": "not_eligible", "ASMTP": "possible"}),
    ("second generation born in Canada, no job offer",
     ADULT | GRADUATE | ENGLISH | ASSG_FAMILY, {},
     {"ASSG": "eligible", "GEP": "possible", "TechTAS": "possible"}),
    ("second generation aged 41: too old for ASSG",
     {"date_of_birth": date(1984, 1, 1)} | GRADUATE | ENGLISH | ASSG_FAMILY, {},
     {"ASSG": "not_eligible"}),
    ("born in Hong Kong: not overseas",
     ADULT | GRADUATE | ENGLISH | ASSG_FAMILY | {"place_of_birth": "Kowloon, Hong Kong"}, {},
     {"ASSG": "not_eligible"}),
    ("native English teacher with TESL experience",
     ADULT | {"qualification_level": "bachelor", "stem_degree": False} | ENGLISH
     | {"native_english": True, "tesl_tefl_experience": True, "english_major": True,
        "pgde_english": True, "tefl_tesl_certificate": True}, {},
     {"NET": "eligible"}),
    ("non-native speaker: NET is closed",
     ADULT | GRADUATE | {"native_english": False}, {}, {"NET": "not_eligible"}),
    ("QMAS under the points table (application in June 2024)",
     ADULT | GRADUATE | ENGLISH | QMAS_POINTS, {"on": "2024-06-01"}, {"QMAS": "eligible"}),
    ("QMAS by achievement: Olympic gold with evidence",
     ADULT | GRADUATE | ENGLISH | MEANS_AND_CHARACTER | {
         "achievement_kind": "olympic_medal", "achievement": "Gold medal, Paris 2024",
         "achievement_evidence": "IOC results page"}, {},
     {"QMAS": "eligible"}),
    ("no degree, no experience: QMAS closed",
     ADULT | {"qualification_level": "none", "stem_degree": False, "years_experience": 0}
     | ENGLISH, {}, {"QMAS": "not_eligible", "ASSG": "not_eligible"}),
]


def statuses(html: str) -> dict[str, str]:
    return dict(re.findall(r'class="route-row" data-scheme="(\w+)" data-status="(\w+)"', html))


@pytest.fixture
def company(make):
    company = make.company()
    make.techtas_allotment(company, itc_reference="ITC/TT/7", positions=[{
        "job_title": "Research Engineer", "technology_area": AI, "monthly_salary": 40_000,
        "quotas": 2}])
    return company


@pytest.mark.parametrize("name,facts,query,expected", PROFILES, ids=[p[0] for p in PROFILES])
def test_the_advisor_answers_each_profile(client, make, login, company, name, facts, query,
                                          expected):
    candidate = make.candidate(company, **facts)
    login(make.user(company, role="viewer"))
    response = client.get(f"/candidates/{candidate.id}/routes", query_string=query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = statuses(html)
    assert list(found) == list(ROUTES)
    assert {k: found[k] for k in expected} == expected
    assert "indicative — the Immigration Department decides" in html


def test_techtas_names_the_matching_position_and_gep_the_waiver(client, make, login, company):
    candidate = make.candidate(company, **ADULT, **GRADUATE, mainland_resident=False,
                               talent_list_profession="")
    login(make.user(company, role="staff"))
    html = client.get(f"/candidates/{candidate.id}/routes",
                      query_string=OFFER | {"monthly_salary": "170000"}).get_data(as_text=True)
    assert re.search(r'id="techtas-match">A case would draw on position <strong>Research '
                     r'Engineer</strong> \(Artificial intelligence\) of allotment <strong>'
                     r'ITC/TT/7</strong>, valid until 31/12/2099, 2 quota\(s\) free', html)
    waiver = re.search(r'class="gep-waiver" data-outcome="(\w+)"', html)
    assert waiver and waiver.group(1) == "pass"
    assert "HK$2,040,000 a year is at least HK$2,000,000" in html
    low = client.get(f"/candidates/{candidate.id}/routes",
                     query_string=OFFER).get_data(as_text=True)
    assert 'class="gep-waiver" data-outcome="fail"' in low
    assert "Needed</strong>: the employer must show" in low


def test_qmas_factors_totals_and_the_version_in_force(client, make, login, company):
    candidate = make.candidate(company, **(ADULT | GRADUATE | ENGLISH | QMAS_POINTS))
    login(make.user(company, role="viewer"))
    old = client.get(f"/candidates/{candidate.id}/routes",
                     query_string={"on": "2024-06-01"}).get_data(as_text=True)
    assert re.search(r'data-code="academic">\s*<td>Academic/professional qualifications', old)
    assert "Total: " in old and "against a pass mark of 80" in old
    # The version table says the points table applies on that date, the questionnaire later.
    assert re.search(r"QMAS General Points Test</td>\s*<td><strong>[^<]*points", old, re.I)
    new = client.get(f"/candidates/{candidate.id}/routes",
                     query_string={"on": "2025-06-02"}).get_data(as_text=True)
    assert "Criteria met: " in new and "against a minimum of 6" in new
    assert "unconfirmed" in new
    assert new.count("indicative — the Immigration Department decides") >= 3


def case_links(html: str) -> dict[str, str]:
    """{scheme: href} of the "Open a case on this route" links (hrefs unescaped)."""
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="(/cases/new\?[^"]+)"', html)]
    return {parse_qs(urlsplit(h).query)["scheme"][0]: h for h in hrefs}


def test_open_a_case_links_carry_the_route_and_the_facts(client, make, login, company):
    candidate = make.candidate(company, **ADULT, **GRADUATE, **ENGLISH, **NOT_MAINLAND,
                               **ASSG_FAMILY)
    login(make.user(company, role="staff"))
    html = client.get(f"/candidates/{candidate.id}/routes",
                      query_string=OFFER).get_data(as_text=True)
    links = case_links(html)
    query = {name: {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
             for name, href in links.items()}
    techtas = query["TechTAS"]
    assert techtas["candidate_id"] == str(candidate.id)
    assert (techtas["job_title"], techtas["monthly_salary"]) == ("Research Engineer", "50000")
    assert techtas["allotment_id"] and techtas["position_id"]
    assert "job_title" not in query["ASSG"] and "allotment_id" not in query["GEP"]
    # The case form opens pre-filled.
    form = client.get(links["TechTAS"]).get_data(as_text=True)
    assert selected(form, "TechTAS") and selected(form, techtas["position_id"])
    assert selected(form, techtas["allotment_id"]) and selected(form, str(candidate.id))
    assert 'value="Research Engineer"' in form and 'value="50000"' in form


def selected(html: str, value: str) -> bool:
    return bool(re.search(rf'<option selected value="{value}"|<option value="{value}" '
                          rf'selected', html))


def test_viewers_read_the_page_without_the_open_buttons(client, make, login, company):
    candidate = make.candidate(company, **ADULT, **ASSG_FAMILY, **ENGLISH)
    login(make.user(company, role="viewer"))
    html = client.get(f"/candidates/{candidate.id}/routes").get_data(as_text=True)
    assert "Which routes fit?" in html and "Open a case on this route" not in html


def test_bad_offer_input_is_explained_and_ignored(client, make, login, company):
    candidate = make.candidate(company, **ADULT)
    login(make.user(company, role="viewer"))
    response = client.get(f"/candidates/{candidate.id}/routes", query_string={
        "on": "2025-02-30", "monthly_salary": "-5", "principally_rnd": "maybe"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("invalid-feedback") == 3  # the date, the salary and the yes/no
    assert "Summary on 02/06/2025" in html  # the bad date falls back to today


def test_another_companys_candidate_is_not_found(client, make, login, company):
    theirs = make.candidate(make.company())
    login(make.user(company, role="admin"))
    assert client.get(f"/candidates/{theirs.id}/routes").status_code == 404
    assert client.get("/candidates/999999/routes").status_code == 404


def test_the_candidate_page_links_to_the_advisor(client, make, login, company):
    candidate = make.candidate(company)
    login(make.user(company, role="viewer"))
    html = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert f'href="/candidates/{candidate.id}/routes"' in html


def test_the_session_is_unchanged_by_the_page(app, client, make, login, company):
    candidate = make.candidate(company, **ADULT)
    login(make.user(company, role="viewer"))
    with app.app_context():
        before = db.session.get(Candidate, candidate.id).updated_at
    client.get(f"/candidates/{candidate.id}/routes", query_string=OFFER)
    with app.app_context():
        assert db.session.get(Candidate, candidate.id).updated_at == before


NASTY_QUERIES = [
    {"on": "9999-12-31"}, {"on": "0001-01-01"}, {"on": "2025-13-01"},
    {"monthly_salary": "99999999999999999999"}, {"monthly_salary": "NaN"},
    {"job_title": "x" * 10_000}, {"technology_area": "y" * 10_000},
    {"technology_area": "<script>alert(1)</script>"}, {"principally_rnd": "\u202eevil"},
    {"job_title": "陳大文 <b>👩‍💻</b>", "monthly_salary": "50000"},
]


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_nasty_offer_input_never_breaks_the_page(client, make, login, company, query):
    candidate = make.candidate(company, **ADULT)
    login(make.user(company, role="viewer"))
    response = client.get(f"/candidates/{candidate.id}/routes", query_string=query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "<b>👩‍💻</b>" not in html

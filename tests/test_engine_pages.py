"""What the one rule engine looks like on the pages: one Talent List for every form, an
indicative answer that says so where it is shown, and sources a user can check."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.case_helpers import case_form, cases_of
from tracker.cases.models import Case
from tracker.extensions import db

pytestmark = pytest.mark.usefixtures("pinned_today")  # 02/06/2025: the list of 1 Mar 2025


# --- One Talent List -----------------------------------------------------------------------

def test_the_case_form_offers_the_talent_list_in_force(client, staff):
    page = client.get("/cases/new").get_data(as_text=True)
    choices = re.search(r'<select[^>]*name="talent_list_profession".*?</select>', page, re.S)
    assert choices
    offered = re.findall(r'<option[^>]*value="([^"]+)"', choices.group(0))
    assert len(offered) == 41  # 41 of the 60 professions of 1 Mar 2025 are named
    assert {"Actuaries", "Accountants", "Ship surveyors"} <= set(offered)


@pytest.mark.parametrize("profession", ["Actuaries", "Accountants", "Doctors"])
def test_a_profession_of_the_list_in_force_is_accepted(app, client, make, company, staff,
                                                       profession):
    # Accountants joined on 1 Mar 2025; the single-edition list refused all three.
    candidate = make.candidate(company)
    response = client.post("/cases/new", data=case_form(
        candidate.id, scheme="GEP", talent_list_profession=profession))
    assert response.status_code == 302
    [case] = cases_of(app, company.id)
    assert case.talent_list_profession == profession


def test_a_profession_not_on_the_list_is_refused_and_nothing_saved(app, client, make, company,
                                                                   staff):
    candidate = make.candidate(company)
    page = client.post("/cases/new", data=case_form(
        candidate.id, scheme="GEP", talent_list_profession="Plumbers")).get_data(as_text=True)
    assert ("Choose a profession of the Talent List of 1 March 2025 (60 professions), in force "
            "on 02/06/2025.") in page
    assert cases_of(app, company.id) == []


def test_a_case_keeps_a_profession_a_later_edition_dropped(app, client, make, company, staff):
    case = make.case(company, scheme="GEP")
    with app.app_context():  # recorded from the old single-edition list, not offered today
        db.session.get(Case, case.id).talent_list_profession = "Architecture professionals"
        db.session.commit()
    form = client.get(f"/cases/{case.id}/edit").get_data(as_text=True)
    assert re.search(r'<option selected value="Architecture professionals"|'
                     r'<option value="Architecture professionals" selected', form)
    response = client.post(f"/cases/{case.id}/edit", data=case_form(
        case.candidate_id, scheme="GEP", job_title="Analyst",
        talent_list_profession="Architecture professionals"))
    assert response.status_code == 302


# --- An indicative answer looks indicative -------------------------------------------------

def route_sections(page: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in re.finditer(
        r'<section[^>]*id="route-(\w+)".*?</section>', page, re.S)}


def summary_badge(page: str, scheme: str) -> str:
    row = re.search(rf'<tr class="route-row" data-scheme="{scheme}".*?</tr>', page, re.S)
    assert row
    badge = re.search(r'<span class="badge route-status[^"]*"[^>]*>[^<]*</span>', row.group(0))
    assert badge
    return badge.group(0)


def test_a_verdict_resting_on_an_unconfirmed_rule_says_so_where_it_is_shown(
        client, make, company, staff):
    # "Doctors" comes from a press report of the 2023 list (secondary): the GEP waiver,
    # and so the GEP answer, rest on an unconfirmed entry.
    candidate = make.candidate(company, mainland_resident=False,
                               talent_list_profession="Doctors")
    page = client.get(f"/candidates/{candidate.id}/routes",
                      query_string={"job_title": "Doctor", "monthly_salary": "90000"}
                      ).get_data(as_text=True)
    badge = summary_badge(page, "GEP")
    assert "Indicative: eligible" in badge and "text-bg-success" not in badge
    row = re.search(r'<tr class="route-row" data-scheme="GEP".*?</tr>', page, re.S).group(0)
    assert ("Rests on rules not confirmed against an official text: The post cannot readily "
            "be filled locally") in row
    # The same answer on the case opened from it.
    case = make.case(company, candidate=candidate, scheme="GEP", job_title="Doctor",
                     monthly_salary=90_000, local_recruitment_justification="")
    case_page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    summary = re.search(r'<p class="mb-1 verdict-summary".*?</p>', case_page, re.S).group(0)
    assert "Indicative: eligible" in summary and "text-bg-success" not in summary
    assert "Rests on rules not confirmed" in case_page


def test_no_route_shows_a_plain_status_above_an_unconfirmed_blocking_rule(client, make,
                                                                          company, staff):
    candidate = make.candidate(company, date_of_birth=date(1990, 1, 1),
                               english=True, written_chinese=True, putonghua=True,
                               native_english=True, mainland_resident=False)
    page = client.get(f"/candidates/{candidate.id}/routes").get_data(as_text=True)
    for scheme, section in route_sections(page).items():
        rows = re.findall(r'<tr class="rule".*?</tr>', section, re.S)
        unconfirmed = [r for r in rows if "unconfirmed" in r and "not blocking" not in r]
        confirmed_fail = [r for r in rows if 'data-outcome="fail"' in r
                          and "not blocking" not in r and "unconfirmed" not in r]
        badge = summary_badge(page, scheme)
        if unconfirmed and not confirmed_fail:
            assert 'data-indicative="true"' in badge and "Indicative: " in badge, scheme
        if "text-bg-success" in badge:
            assert not unconfirmed, scheme


# --- Sources a user can check ---------------------------------------------------------------

def test_the_advisor_cites_authorities_not_the_seed_document(client, make, company, staff):
    candidate = make.candidate(company, talent_list_profession="Actuaries")
    page = client.get(f"/candidates/{candidate.id}/routes",
                      query_string={"job_title": "Actuary", "monthly_salary": "50000"}
                      ).get_data(as_text=True)
    assert "Seed document" not in page
    sources = re.findall(r'<td class="small text-body-secondary">(.*?); since', page, re.S)
    assert len(sources) >= 25
    for source in sources:
        assert re.search(r"ImmD|ITC|EDB|Talent List office|HKSAR Government|\(history|"
                         r"\(secondary", source), source
    assert page.count("checked 1 Dec 2026") >= 20

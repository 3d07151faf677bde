"""The candidate facts today's rules read (migration 0009): entered on the candidate form as
Not known / Yes / No or a number, stored (blank = NULL = not known), shown, and read by the
rules through candidates/profile.py."""

from __future__ import annotations

from datetime import date

import pytest

from tests.case_helpers import TODAY, audit_entries
from tests.test_candidates import form, stored
from tracker.candidates.models import Candidate
from tracker.candidates.profile import candidate_profile
from tracker.rules.advisor import verdict_for

pytestmark = pytest.mark.usefixtures("pinned_today")

FLAGS = ("eligible_university", "top100_stem_university", "owns_listed_company",
         "financial_means", "good_character", "english_major", "pgde_english",
         "tefl_tesl_certificate")
COUNTS = ("years_multinational", "years_innovation_finance_trade", "years_in_technology_area",
          "business_profit_hkd")
FACTS = {"eligible_university": "yes", "top100_stem_university": "no",
         "owns_listed_company": "no", "financial_means": "yes", "good_character": "yes",
         "english_major": "yes", "pgde_english": "no", "tefl_tesl_certificate": "",
         "years_multinational": "3", "years_innovation_finance_trade": "0",
         "years_in_technology_area": "2", "business_profit_hkd": "5000000"}
LABELS = ["Master's or doctorate from an eligible university",
          "Degree from a top-100 university for STEM subjects",
          "Years in a multinational or renowned enterprise",
          "Years in innovation and technology, finance or international trade",
          "Years of work in the technology area of the post",
          "Annual profit of the business (HKD)", "Owns a listed company",
          "Can live in Hong Kong without recourse to public funds", "Good character",
          "Degree majoring in English", "PGDE majoring in English", "TEFL/TESL certificate"]


def test_the_form_asks_for_each_fact_in_the_advisor_section(client, staff):
    page = client.get("/candidates/new").get_data(as_text=True).replace("&#39;", "'")
    advisor = page[page.index("For the route advisor"):]
    for label in LABELS:
        assert f">{label}<" in advisor.replace("\n", "").replace("  ", ""), label
    assert "Financial means and character (QMAS, ASSG)" in advisor


def test_blank_is_not_known_and_answers_are_stored_and_audited(app, client, staff):
    assert client.post("/candidates/new", data=form()).status_code == 302
    [blank] = stored(app, staff.company_id)
    assert [getattr(blank, name) for name in FLAGS + COUNTS] == [None] * 12
    response = client.post(f"/candidates/{blank.id}/edit", data=form() | FACTS)
    assert response.status_code == 302
    [c] = stored(app, staff.company_id)
    assert (c.eligible_university, c.top100_stem_university, c.owns_listed_company,
            c.financial_means, c.good_character, c.english_major, c.pgde_english,
            c.tefl_tesl_certificate) == (True, False, False, True, True, True, False, None)
    assert (c.years_multinational, c.years_innovation_finance_trade,
            c.years_in_technology_area, c.business_profit_hkd) == (3, 0, 2, 5_000_000)
    [entry] = audit_entries(app, "candidate", c.id, "update")
    assert entry.changes["financial_means"] == [None, True]
    page = client.get(f"/candidates/{c.id}").get_data(as_text=True)
    assert "Can live in Hong Kong without recourse to public funds" in page


@pytest.mark.parametrize(("change", "message"), [
    ({"years_multinational": "-1"}, "Number must be between 0 and 70."),
    ({"business_profit_hkd": "-5"}, "Number must be between 0 and 1000000000."),
    ({"good_character": "perhaps"}, "Choose yes, no or not known."),
])
def test_bad_facts_are_refused_and_nothing_is_saved(app, client, staff, change, message):
    response = client.post("/candidates/new", data=form() | FACTS | change)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert stored(app, staff.company_id) == []


def test_the_rules_read_the_stored_facts():
    candidate = Candidate(
        date_of_birth=date(1990, 1, 1), qualification_level="bachelor", stem_degree=True,
        years_experience=5, eligible_university=True, top100_stem_university=True,
        years_in_technology_area=0, years_multinational=3, years_innovation_finance_trade=4,
        business_profit_hkd=6_000_000, owns_listed_company=True, financial_means=False,
        good_character=True, english_major=True, pgde_english=True,
        tefl_tesl_certificate=False)
    profile = candidate_profile(candidate)
    assert (profile.eligible_university, profile.top100_stem_university,
            profile.years_in_technology_area, profile.years_multinational,
            profile.years_innovation_finance_trade, profile.business_profit_hkd,
            profile.owns_listed_company, profile.financial_means, profile.good_character,
            profile.english_major, profile.pgde_english, profile.tefl_tesl_certificate) == (
        True, True, 0, 3, 4, 6_000_000, True, False, True, True, True, False)
    assert verdict_for("QMAS", profile, TODAY).result("qmas_financial").outcome == "fail"
    assert verdict_for("ASSG", profile, TODAY).result("assg_financial_means").outcome == "fail"
    assert verdict_for("NET", profile, date(2025, 8, 1)).result(
        "net_tefl_tesl_certificate").outcome == "fail"
    assert verdict_for("TechTAS", profile, TODAY).result(
        "techtas_area_experience").outcome == "fail"

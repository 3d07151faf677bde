"""The route advisor on realistic profiles (table-driven), and the seed-vs-today registry."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.rules.advisor import ROUTES, advise
from tracker.rules.differences import DIFFERENCES, applying_on
from tracker.rules.profile import CandidateProfile, JobOffer, Languages
from tracker.rules.techtas_rules import AllotmentPosition

ON = date(2025, 6, 2)
AI_POSITION = AllotmentPosition("AI research scientist", "Artificial intelligence", 75_000, 2,
                                date(2026, 3, 31), "ITC/2024/001", 7)
ENGLISH_ONLY = Languages(english=True, written_chinese=False, putonghua=False, cantonese=False,
                         other=())
NO_PARENT = {"parent_hk_permanent_id": False, "parent_chinese_national_settled_overseas": False}

PROFILES = {
    "30-year-old overseas-born PhD AI researcher with a TechTAS offer": (
        CandidateProfile(
            date_of_birth=date(1995, 3, 14), place_of_birth="Berlin, Germany",
            mainland_resident=False, qualification_level="doctorate", degrees_at_top_level=1,
            stem_degree=True, renowned_institution=True, eligible_university=True,
            top100_stem_university=True, years_experience=4, years_senior=0,
            years_international=3, annual_income_hkd=960_000, owns_business=False,
            financial_means=True, good_character=True,
            languages=Languages(english=True, written_chinese=False, putonghua=False,
                                cantonese=False, other=("German",)),
            native_english=False, talent_list_profession="Experienced artificial intelligence "
                                                         "specialists", **NO_PARENT,
            job_offer=JobOffer("AI research scientist", monthly_salary_hkd=80_000,
                               technology_area="Artificial intelligence", principally_rnd=True),
        ),
        ON, [AI_POSITION],
        {"GEP": "eligible", "TechTAS": "eligible", "QMAS": "eligible", "ASSG": "not_eligible",
         "NET": "not_eligible",
         "TTPS": "possible", "IANG": "possible", "ASMTP": "not_eligible"},
        {("TechTAS", "techtas_allotment"): "ITC/2024/001",
         ("GEP", "gep_local_recruitment"): "artificial intelligence specialists",
         ("QMAS", "qmas_points_test"): "6 of 12 criteria met",
         ("ASSG", "assg_parent"): "No parent holds"},
    ),
    "45-year-old manager without an offer": (
        CandidateProfile(
            date_of_birth=date(1979, 5, 1), place_of_birth="Mumbai, India",
            mainland_resident=False, qualification_level="master", degrees_at_top_level=1,
            years_experience=20, years_senior=10,
            languages=Languages(english=True, cantonese=True, written_chinese=True, other=()),
            marital_status="married", spouse_has_degree=True, unmarried_children_under_18=2,
            immediate_family_hk_permanent_resident=False, talent_list_profession="",
            native_english=False, has_job_offer=False, financial_means=True,
            good_character=True, **NO_PARENT,
        ),
        date(2024, 6, 1), None,
        {"GEP": "not_eligible", "TechTAS": "not_eligible", "QMAS": "eligible",
         "ASSG": "not_eligible", "NET": "not_eligible",
         "TTPS": "possible", "IANG": "possible", "ASMTP": "not_eligible"},
        # The May 2015 table: age 15 + master's 20 + work 40 + languages 20 + family 15.
        {("QMAS", "qmas_points_test"): "110 points", ("GEP", "gep_job_offer"): "No job offer",
         ("ASSG", "assg_age"): "Aged 45"},
    ),
    "25-year-old Canadian-born child of a HK permanent resident": (
        CandidateProfile(
            date_of_birth=date(2000, 2, 10), place_of_birth="Toronto, Ontario, Canada",
            mainland_resident=False, qualification_level="bachelor", stem_degree=False,
            renowned_institution=False, years_experience=2, years_senior=0,
            years_international=0, annual_income_hkd=400_000, owns_business=False,
            languages=ENGLISH_ONLY, native_english=True, tesl_tefl_experience=False,
            special_education=False, parent_hk_permanent_id=True,
            parent_chinese_national_settled_overseas=True, has_job_offer=False,
            financial_means=True,
        ),
        ON, None,
        {"GEP": "not_eligible", "TechTAS": "not_eligible", "QMAS": "not_eligible",
         "ASSG": "eligible", "NET": "possible",
         "TTPS": "possible", "IANG": "possible", "ASMTP": "not_eligible"},
        {("ASSG", "assg_born_overseas"): "Canada", ("ASSG", "assg_age"): "Aged 25",
         ("NET", "net_tesl_tefl"): "preference",
         ("NET", "net_pgde_english"): "PGDE in English not recorded"},
    ),
    "native-English teacher": (
        CandidateProfile(
            date_of_birth=date(1993, 9, 1), place_of_birth="Manchester, England",
            mainland_resident=False, qualification_level="bachelor", stem_degree=False,
            renowned_institution=False, years_experience=8, years_senior=0,
            years_international=8, annual_income_hkd=300_000, owns_business=False,
            years_multinational=0, years_innovation_finance_trade=0, owns_listed_company=False,
            languages=ENGLISH_ONLY, native_english=True, tesl_tefl_experience=True,
            english_major=True, pgde_english=True, tefl_tesl_certificate=True,
            special_education=False, has_job_offer=False, **NO_PARENT,
        ),
        ON, None,
        {"GEP": "not_eligible", "TechTAS": "not_eligible", "QMAS": "not_eligible",
         "ASSG": "not_eligible", "NET": "eligible",
         "TTPS": "possible", "IANG": "possible", "ASMTP": "not_eligible"},
        {("NET", "net_tesl_tefl"): "Has TESL/TEFL",
         ("NET", "net_special_education"): "preferred only for special schools"},
    ),
    "Talent List engineer paid HK$2.4M": (
        CandidateProfile(
            date_of_birth=date(1986, 1, 20), place_of_birth="Sydney, Australia",
            mainland_resident=False, qualification_level="master", degrees_at_top_level=1,
            stem_degree=True, years_experience=12, years_senior=6,
            languages=Languages(english=True, written_chinese=False, other=()),
            marital_status="single", unmarried_children_under_18=0,
            immediate_family_hk_permanent_resident=False, native_english=True,
            talent_list_profession="Marine engineers and superintendents of ships",
            financial_means=True, good_character=True, **NO_PARENT,
            job_offer=JobOffer("Marine engineer", annual_salary_hkd=2_400_000,
                               principally_rnd=False),
        ),
        date(2024, 3, 1), [AI_POSITION],
        {"GEP": "eligible", "TechTAS": "not_eligible", "QMAS": "eligible",
         "ASSG": "not_eligible", "NET": "eligible",
         "TTPS": "possible", "IANG": "possible", "ASMTP": "not_eligible"},
        {("GEP", "gep_local_recruitment"): "HK$2,400,000 a year",
         ("QMAS", "qmas_points_test"): "130 points",
         ("TechTAS", "techtas_rnd_area"): "not principally R&D"},
    ),
    "17-year-old school leaver": (
        CandidateProfile(
            date_of_birth=date(2008, 1, 10), place_of_birth="London, UK",
            mainland_resident=False, qualification_level="none", years_experience=0,
            languages=ENGLISH_ONLY, native_english=True, parent_hk_permanent_id=True,
            parent_chinese_national_settled_overseas=True, has_job_offer=False,
        ),
        ON, None,
        # TTPS stays "possible": category A's income is not given (unknown, never no).
        {**{route: "not_eligible" for route in ROUTES}, "TTPS": "possible"},
        {("ASSG", "assg_age"): "reaches 18 on 10/01/2026",
         ("IANG", "iang_local_degree"): "No degree.",
         ("ASMTP", "asmtp_mainland"): "GEP applies instead",
         ("TTPS", "ttps_category"): "Not known yet: category A.",
         ("QMAS", "qmas_age"): "Aged 17", ("NET", "net_degree"): "No degree",
         ("GEP", "gep_education"): "No degree"},
    ),
    "nothing known yet": (
        CandidateProfile(), ON, None, {route: "possible" for route in ROUTES}, {},
    ),
}


@pytest.mark.parametrize(("profile", "on", "positions", "statuses", "reasons"),
                         PROFILES.values(), ids=PROFILES.keys())
def test_advisor_explains_every_route(profile, on, positions, statuses, reasons):
    verdicts = {v.scheme: v for v in advise(profile, on, positions)}
    assert {scheme: v.status for scheme, v in verdicts.items()} == statuses
    for (scheme, code), words in reasons.items():
        assert words in verdicts[scheme].result(code).reason


def test_advise_returns_every_route_in_order_with_sources():
    verdicts = advise(CandidateProfile(), ON)
    assert [v.scheme for v in verdicts] == list(ROUTES)
    for verdict in verdicts:
        assert verdict.results and verdict.summary
        assert all(r.source and r.effective_from and r.reason for r in verdict.results)


def test_differences_say_which_version_applies():
    seed_era = {d.topic: v.says for d, v in applying_on(date(2021, 6, 1))}
    today = {d.topic: v.says for d, v in applying_on(ON)}
    assert seed_era["TechTAS quota validity"] == "12 months"
    assert today["TechTAS quota validity"] == "24 months"
    assert (seed_era["TechTAS technology areas"], today["TechTAS technology areas"]) == (
        "13 areas", "14 areas")
    assert (seed_era["Talent List"], today["Talent List"]) == ("11 professions", "60 professions")
    assert {d.topic: v.says for d, v in applying_on(date(2024, 1, 1))}["Talent List"] == \
        "51 professions"
    assert seed_era["Limit of stay (GEP, TechTAS, QMAS)"] == "2+3+3 years"
    assert today["Limit of stay (GEP, TechTAS, QMAS)"] == "3+3+2 years"
    assert "pass mark 80" in seed_era["QMAS General Points Test"]
    assert "12 criteria" in today["QMAS General Points Test"]
    assert all(len(d.versions) >= 2 for d in DIFFERENCES)

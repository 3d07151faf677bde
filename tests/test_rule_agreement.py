"""One rule engine: the route advisor and the case page agree rule by rule.

Each row of PROFILES is a candidate, a job offer and a route. The advisor page is
asked about the candidate with that offer typed in; a case is opened on the route
the way "Open a case on this route" opens it (the advisor pre-fills no
justification of local recruitment); then both pages are read through HTTP and
must list the same rules with the same outcomes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.case_helpers import case_row, walk

pytestmark = pytest.mark.usefixtures("pinned_today")

AI = "Artificial intelligence"
OVERSEAS_PARENT = {"place_of_birth": "Vancouver, Canada", "parent_hk_permanent_id": True,
                   "parent_chinese_settled_overseas": True, "english": True}


@dataclass(frozen=True)
class Row:
    name: str
    scheme: str
    candidate: dict[str, Any] = field(default_factory=dict)
    job_title: str = ""
    monthly_salary: int | None = None
    area: str = ""  # TechTAS: typed on the advisor; the company's position is in AI
    expected: dict[str, str] = field(default_factory=dict)  # a few outcomes, to pin the rows


PROFILES = (
    Row("issue example: sub-degree, 6 years, Actuaries, HK$18,000", "GEP",
        {"qualification_level": "sub_degree", "stem_degree": False, "years_experience": 6,
         "talent_list_profession": "Actuaries", "mainland_resident": False},
        "Actuary", 18_000,
        expected={"gep_local_recruitment": "pass", "gep_education": "unknown",
                  "gep_market_pay": "unknown"}),
    Row("GEP, master's, not on the Talent List", "GEP",
        {"talent_list_profession": "", "mainland_resident": False}, "Analyst", 30_000,
        expected={"gep_local_recruitment": "unknown", "gep_education": "pass"}),
    Row("GEP, Mainland resident", "GEP", {"mainland_resident": True}, "Analyst", 30_000,
        expected={"gep_not_mainland": "fail"}),
    Row("GEP, HK$2M+ a year", "GEP", {"talent_list_profession": ""}, "Director", 170_000,
        expected={"gep_local_recruitment": "pass"}),
    Row("TechTAS, the letter's position", "TechTAS", {}, "Research Engineer", 50_000, AI,
        expected={"techtas_allotment": "pass", "techtas_stem": "pass"}),
    Row("TechTAS, no STEM degree", "TechTAS", {"stem_degree": False}, "Research Engineer",
        50_000, AI, expected={"techtas_stem": "fail"}),
    Row("TechTAS, pay below the letter's", "TechTAS", {}, "Research Engineer", 30_000, AI,
        expected={"techtas_allotment": "fail"}),
    Row("QMAS, little known", "QMAS", {}, expected={"qmas_language": "unknown"}),
    Row("QMAS, bilingual master's", "QMAS",
        {"english": True, "written_chinese": True, "putonghua": True},
        expected={"qmas_language": "pass"}),
    Row("ASSG, born overseas", "ASSG", OVERSEAS_PARENT, expected={"assg_born_overseas": "pass"}),
    Row("ASSG, born in Hong Kong", "ASSG", OVERSEAS_PARENT | {"place_of_birth": "Kowloon"},
        expected={"assg_born_overseas": "fail"}),
    Row("NET, native speaker", "NET", {"native_english": True}, "NET teacher", 40_000,
        expected={"net_native_english": "pass"}),
    Row("NET, not a native speaker", "NET", {"native_english": False}, "NET teacher", 40_000,
        expected={"net_native_english": "fail"}),
)

RULE_ROW = re.compile(r'<tr class="[^"]*\brule\b[^"]*" data-code="(\w+)" data-outcome="(\w+)"')
# Before the one engine the case page had its own checklist with passed/failed statuses.
OLD_CASE_ROW = re.compile(r'class="eligibility-item" data-code="(\w+)" data-status="(\w+)"')
OLD_STATUS = {"passed": "pass", "failed": "fail", "unknown": "unknown"}


def advisor_rules(page: str, scheme: str) -> dict[str, str]:
    """{rule code: outcome} of one route's section on the advisor page."""
    section = re.search(rf'<section[^>]*id="route-{scheme}".*?</section>', page, re.S)
    assert section, f"no {scheme} section on the advisor page"
    return dict(RULE_ROW.findall(section.group(0)))


def case_rules(page: str) -> dict[str, str]:
    """{rule code: outcome} of the case page's eligibility table."""
    table = re.search(r'<table[^>]*aria-label="Eligibility".*?</table>', page, re.S)
    assert table, "no eligibility table on the case page"
    found = dict(RULE_ROW.findall(table.group(0)))
    found |= {code: OLD_STATUS[s] for code, s in OLD_CASE_ROW.findall(table.group(0))}
    return found


def open_case(make, company, candidate, row: Row):
    """The case "Open a case on this route" would open for *row*."""
    values: dict[str, Any] = {"scheme": row.scheme, "local_recruitment_justification": ""}
    if row.scheme in ("QMAS", "ASSG"):
        values |= {"job_title": "", "monthly_salary": None}
    else:
        values |= {"job_title": row.job_title, "monthly_salary": row.monthly_salary}
    if row.scheme == "TechTAS":
        values["allotment"] = make.techtas_allotment(company)
    return make.case(company, candidate=candidate, **values)


@pytest.mark.parametrize("row", PROFILES, ids=[r.name for r in PROFILES])
def test_the_advisor_and_the_case_page_agree_rule_by_rule(client, make, company, staff, row):
    candidate = make.candidate(company, **row.candidate)
    case = open_case(make, company, candidate, row)
    query = {"job_title": row.job_title, "monthly_salary": row.monthly_salary or "",
             "technology_area": row.area}
    advisor = client.get(f"/candidates/{candidate.id}/routes", query_string=query)
    assert advisor.status_code == 200
    case_page = client.get(f"/cases/{case.id}")
    assert case_page.status_code == 200
    said = advisor_rules(advisor.get_data(as_text=True), row.scheme)
    shown = case_rules(case_page.get_data(as_text=True))
    assert shown == said
    assert {code: said[code] for code in row.expected} == row.expected


def test_the_issue_example_no_longer_blocks_submission(app, make, company):
    """Sub-degree, 6 years, Actuaries, HK$18,000: nothing known to fail, so it is submitted."""
    candidate = make.candidate(company, **PROFILES[0].candidate)
    case = open_case(make, company, candidate, PROFILES[0])
    walk(app, case, "preparing", "submitted")
    assert case_row(app, case.id).stage == "submitted"

"""ASSG and NET cases through their stages in Chromium (QMAS: test_advisor_flow.py)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_candidate_lookup import pick_candidate
from tests.browser.test_cases_flow import move
from tests.case_helpers import pin_today

pytestmark = pytest.mark.browser

ASSG_FACTS = {"date_of_birth": date(1995, 3, 1), "place_of_birth": "Toronto, Canada",
              "english": True, "parent_hk_permanent_id": True,
              "parent_chinese_settled_overseas": True}
NET_FACTS = {"native_english": True, "tesl_tefl_experience": True}


@pytest.mark.parametrize("scheme, facts, moves", [
    ("ASSG", ASSG_FACTS, [
        ("Submitted to ImmD", {"Submission date": "2025-06-02", "ImmD reference": "A/2025/7"}),
        ("Under assessment", {}),
        ("Approval-in-principle", {"Approval date": "2025-06-02"}),
    ]),
    ("NET", NET_FACTS, [
        ("Preparing documents", {}),
        ("Submitted to ImmD", {"Submission date": "2025-06-02", "ImmD reference": "N/2025/3"}),
        ("Approved", {"Approval date": "2025-06-02"}),
    ]),
])
def test_a_case_of_each_new_scheme_moves_through_its_stages(
        page: Page, live_server, sign_in, make, app, monkeypatch, scheme, facts, moves):
    pin_today(app, monkeypatch)
    company = make.company()
    candidate = make.candidate(company, full_name=f"{scheme} Candidate", **facts)
    sign_in(make.user(company, role="staff"))
    page.goto(f"{live_server}/cases/new")
    pick_candidate(page, scheme.lower(), f"{scheme} Candidate")
    expect(page.locator("select#candidate_id")).to_have_value(str(candidate.id))
    page.get_by_label("Scheme").select_option(value=scheme)
    if scheme == "NET":
        page.get_by_label("Job title").fill("NET teacher")
        page.get_by_label("Monthly salary (HKD)").fill("45000")
        # The salary was once found empty on submit on a loaded machine (the candidate
        # search's dropdown still closing): check what is about to be sent.
        expect(page.get_by_label("Monthly salary (HKD)")).to_have_value("45000")
        expect(page.get_by_label("Job title")).to_have_value("NET teacher")
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_text("Case opened.")).to_be_visible()
    for stage, stage_facts in moves:
        move(page, stage, **stage_facts)
        expect(page.get_by_text(f"Moved to {stage}.")).to_be_visible()
    timeline = page.get_by_label("Timeline")
    for stage, _ in moves:
        expect(timeline).to_contain_text(stage)

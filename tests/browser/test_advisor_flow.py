"""The route advisor in Chromium: candidate → "Which routes fit?" → open a QMAS case from
the advisor → move it through to approval-in-principle."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.csp import visit
from tests.browser.test_cases_flow import move
from tests.case_helpers import pin_today

pytestmark = pytest.mark.browser


def test_from_the_advisor_to_a_qmas_approval_in_principle(page: Page, live_server, sign_in,
                                                          make, app, monkeypatch):
    pin_today(app, monkeypatch)
    company = make.company()
    make.candidate(company, full_name="Ana Silva", date_of_birth=date(1990, 4, 12),
                   place_of_birth="Lisbon, Portugal", english=True, financial_means=True,
                   good_character=True, achievement_kind="international_award",
                   achievement="Fields Medal 2022", achievement_evidence="IMU announcement")
    sign_in(make.user(company, role="staff"))

    page.get_by_role("link", name="Candidates").click()
    page.get_by_role("link", name="Ana Silva").click()
    page.get_by_role("link", name="Which routes fit?").click()
    expect(page.locator("#indicative")).to_contain_text(
        "indicative — the Immigration Department decides")
    qmas = page.locator(".route-row[data-scheme='QMAS']")
    expect(qmas).to_have_attribute("data-status", "eligible")
    expect(page.locator(".route-row[data-scheme='ASSG']")).to_have_attribute(
        "data-status", "possible")
    expect(page.locator("#apt")).to_contain_text("Fields Medal 2022, evidence: IMU announcement")

    page.get_by_role("link", name="Open a case on this route: QMAS").click()
    expect(page.get_by_label("Scheme")).to_have_value("QMAS")
    expect(page.locator(".ts-control .item")).to_have_text(re.compile(r"^Ana Silva \("))
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_text("Case opened.")).to_be_visible()
    expect(page.locator(".rule[data-code='qmas_points_test']")).to_have_attribute(
        "data-outcome", "pass")

    move(page, "Submitted to ImmD", **{"Submission date": "2025-06-02",
                                       "ImmD reference": "Q/2025/042"})
    expect(page.get_by_text("Moved to Submitted to ImmD.")).to_be_visible()
    move(page, "Under assessment")
    expect(page.get_by_text("Moved to Under assessment.")).to_be_visible()
    move(page, "Approval-in-principle", **{"Approval date": "2025-06-02"})
    expect(page.get_by_text("Moved to Approval-in-principle.")).to_be_visible()
    timeline = page.get_by_label("Timeline")
    for text in ("Preparing documents", "Submitted to ImmD", "Under assessment",
                 "Approval-in-principle", "ImmD reference: Q/2025/042",
                 "Approval date: 02/06/2025"):
        expect(timeline).to_contain_text(text)
    # Next: the visa, its limit of stay suggested from QMAS's 3+3+2 pattern.
    page.get_by_label("New stage").select_option(label="Visa issued")
    expect(page.get_by_label("Limit of stay until", exact=True)).to_have_value("2028-06-01")


def test_the_new_pages_obey_the_content_security_policy(page: Page, live_server, sign_in,
                                                        make, app, monkeypatch,
                                                        violations):
    pin_today(app, monkeypatch)
    company = make.company()
    candidate = make.candidate(company, native_english=True)
    net = make.case(company, candidate=candidate, scheme="NET", job_title="NET teacher")
    sign_in(make.user(company, role="staff"))
    for path in (f"/candidates/{candidate.id}/routes?job_title=Teacher&monthly_salary=40000",
                 f"/candidates/{candidate.id}/edit", f"/cases/{net.id}"):
        visit(page, f"{live_server}{path}", violations)
    page.get_by_role("button", name="Save contract").click()  # errors rendered
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    violations.extend(page.evaluate("window.__cspViolations"))
    assert violations == []

"""Recording an allotment through the real form in headless Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_create_allotment_with_one_position(page, live_server, sign_in, make):
    user = make.user(role="staff")
    sign_in(user)
    page.get_by_role("link", name="Quotas").click()
    page.get_by_role("link", name="New allotment").click()
    # Until the new page has loaded, the script that follows the date is not listening.
    page.wait_for_url("**/quotas/new", wait_until="load")
    page.get_by_label("ITC reference").fill("ITC/TTAS/2025/042")
    page.get_by_label("Allotment date").fill("2025-03-03")
    # The static script keeps "Valid until" at allotment date + 12 months.
    expect(page.get_by_label("Valid until")).to_have_value("2026-03-03")
    page.get_by_label("Number of quotas").fill("3")
    page.get_by_label("Job title").fill("Machine learning engineer")
    page.get_by_label("Technology area").select_option("Artificial intelligence")
    page.get_by_label("Required qualification").fill("MSc in Computer Science")
    page.get_by_label("Monthly salary (HKD)").fill("45000")
    page.get_by_label("Quotas", exact=True).fill("3")
    page.get_by_role("button", name="Save allotment").click()

    expect(page.get_by_role("heading", name="Allotment ITC/TTAS/2025/042")).to_be_visible()
    expect(page.get_by_text("0 of 3 used · 3 remaining")).to_be_visible()
    expect(page.get_by_role("cell", name="Machine learning engineer")).to_be_visible()
    expect(page.get_by_text("03/03/2026")).to_be_visible()


def test_add_position_button_and_sum_rule(page, live_server, sign_in, make):
    sign_in(make.user(role="staff"))
    page.goto(f"{live_server}/quotas/new")
    page.get_by_label("ITC reference").fill("ITC/TWO")
    page.get_by_label("Number of quotas").fill("5")
    page.get_by_label("Job title").fill("Data scientist")
    page.get_by_label("Monthly salary (HKD)").fill("40000")
    page.get_by_label("Quotas", exact=True).fill("2")
    page.get_by_role("button", name="Add position").click()
    expect(page.locator("fieldset")).to_have_count(2)
    page.locator("#positions-1-job_title").fill("Robotics engineer")
    page.locator("#positions-1-monthly_salary").fill("38000")
    page.locator("#positions-1-quotas").fill("2")
    page.get_by_role("button", name="Save allotment").click()
    expect(page.locator(".invalid-feedback").get_by_text(  # beside the field (and in the summary)
        "The positions' quotas add up to 4, but the Number of quotas is 5"))\
        .to_be_visible()
    page.locator("#positions-1-quotas").fill("3")
    page.get_by_role("button", name="Save allotment").click()
    expect(page.get_by_text("0 of 5 used · 5 remaining")).to_be_visible()


def test_valid_until_offers_the_rule_in_force_in_one_click(page, live_server, sign_in, make,
                                                             violations):
    """Issue 13: for a letter dated from 28 Dec 2022, one click gives 24 months; the choice
    follows the allotment date (12 months before that day), and a typed date stays put."""
    sign_in(make.user(role="staff"))
    page.goto(f"{live_server}/quotas/new", wait_until="load")
    start, until = page.get_by_label("Allotment date"), page.get_by_label("Valid until")
    rule = page.get_by_role("button", name="(rule in force)")
    start.fill("2025-03-03")
    expect(until).to_have_value("2026-03-03")
    rule.click()
    expect(until).to_have_value("2027-03-03")
    expect(rule).to_have_attribute("aria-pressed", "true")
    start.fill("2022-12-27")
    expect(rule).to_be_hidden()
    expect(until).to_have_value("2023-12-27")
    start.fill("2022-12-28")
    expect(rule).to_be_visible()
    expect(rule).to_have_text("24 months (rule in force)")
    expect(until).to_have_value("2024-12-28")
    page.get_by_label("ITC reference").fill("ITC/TTAS/2022/128")
    page.get_by_label("Number of quotas").fill("2")
    page.get_by_label("Job title").fill("Quantum engineer")
    page.get_by_label("Technology area").select_option("Quantum technology")
    page.get_by_label("Monthly salary (HKD)").fill("50000")
    page.get_by_label("Quotas", exact=True).fill("2")
    page.get_by_role("button", name="Save allotment").click()

    expect(page.get_by_role("heading", name="Allotment ITC/TTAS/2022/128")).to_be_visible()
    expect(page.get_by_text("28/12/2024")).to_be_visible()
    expect(page.locator("#validity-flag")).to_have_count(0)  # the rule in force: no flag
    page.get_by_role("link", name="Edit").click()
    page.wait_for_url("**/edit", wait_until="load")
    until.fill("2024-12-20")  # the date in the letter
    start.fill("2022-12-29")
    expect(until).to_have_value("2024-12-20")
    page.get_by_role("button", name="Save allotment").click()
    expect(page.locator("#validity-flag")).to_contain_text("valid until 29/12/2024")
    expect(page.get_by_text("20/12/2024")).to_be_visible()
    assert violations == []

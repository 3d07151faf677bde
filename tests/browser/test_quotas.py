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
    expect(page.get_by_text("The positions' quotas add up to 4, but the Number of quotas is 5"))\
        .to_be_visible()
    page.locator("#positions-1-quotas").fill("3")
    page.get_by_role("button", name="Save allotment").click()
    expect(page.get_by_text("0 of 5 used · 5 remaining")).to_be_visible()

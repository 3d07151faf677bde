"""'Add position' with the script: a new row in place, no reload, its job title focused."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_add_position_adds_a_row_in_place(page, live_server, sign_in, make, violations):
    sign_in(make.user(role="staff"))
    page.goto(f"{live_server}/quotas/new", wait_until="load")
    page.get_by_label("ITC reference").fill("ITC/INPLACE")
    page.get_by_label("Number of quotas").fill("3")
    page.get_by_label("Job title").fill("Data scientist")
    page.get_by_label("Monthly salary (HKD)").fill("40000")
    page.get_by_label("Quotas", exact=True).fill("1")
    page.evaluate("window.stillHere = true")  # gone if the page reloads
    page.get_by_role("button", name="Add position").click()
    expect(page.locator("fieldset[data-position]")).to_have_count(2)
    assert page.evaluate("window.stillHere === true")
    expect(page.locator("#positions-1-job_title")).to_be_focused()
    expect(page.locator("#positions-1-job_title")).to_have_value("")
    expect(page.locator("#position-2")).to_contain_text("Position 2")
    expect(page.locator("#positions-0-job_title")).to_have_value("Data scientist")
    page.get_by_role("button", name="Add position").click()
    expect(page.locator("#positions-2-job_title")).to_be_focused()
    page.keyboard.type("Robotics engineer")
    page.locator("#positions-2-monthly_salary").fill("38000")
    page.locator("#positions-2-quotas").fill("2")
    page.get_by_role("button", name="Save allotment").click()
    # The blank middle row is ignored; the two typed ones are saved.
    expect(page.get_by_text("0 of 3 used · 3 remaining")).to_be_visible()
    expect(page.get_by_role("cell", name="Robotics engineer")).to_be_visible()
    assert violations == []

"""The Reports page in headless Chromium: Chart.js draws every chart under the CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.csp import visit
from tests.case_helpers import move

pytestmark = pytest.mark.browser

CHARTS = ("stages", "stage-times", "quotas", "expiries")


def test_the_reports_page_draws_its_charts_within_the_policy(page, live_server, app, make,
                                                              sign_in, violations):
    company = make.company()
    allotment = make.techtas_allotment(company)
    make.case(company, allotment=allotment)
    moved = make.case(company, scheme="GEP")
    move(app, moved, "preparing")  # a stay in "Draft" that ended: the stage-times chart
    sign_in(make.user(company, role="viewer"))
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    visit(page, page.url, violations)
    for key in CHARTS:
        canvas = page.locator(f"canvas#chart-{key}")
        # reports.js marks a canvas once Chart.js has drawn its datasets on it.
        expect(canvas).to_have_attribute("data-drawn", str(len(
            page.locator(f"#table-{key} tbody tr").all())))
        assert canvas.bounding_box()["width"] > 200, key
    expect(page.locator("#table-stages").get_by_role("link", name="Draft")).to_have_attribute(
        "href", "/cases/?stage=draft")

    page.set_viewport_size({"width": 390, "height": 844})  # a phone: nothing scrolls sideways
    visit(page, page.url, violations)
    expect(page.locator("canvas#chart-expiries")).to_have_attribute("data-drawn", "4")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert violations == []

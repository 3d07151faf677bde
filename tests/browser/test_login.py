"""Sign-in through the real form in headless Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_cli_user_signs_in_and_sees_dashboard(page, live_server, runner):
    runner.invoke(args=["create-company", "--name", "Browser Co Ltd", "--brn", "55554444"])
    result = runner.invoke(args=["create-user", "--company-brn", "55554444", "--email",
                                 "hr@browser.example", "--role", "admin", "--password-stdin"],
                           input="browser test passphrase\n")
    assert result.exit_code == 0, result.output
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill("hr@browser.example")
    page.get_by_label("Password").fill("browser test passphrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="What needs you today")).to_be_visible()
    expect(page.get_by_text("Browser Co Ltd", exact=True)).to_be_visible()  # the dashboard


def test_wrong_password_shows_the_error(page, live_server, make):
    user = make.user()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Email or password is not correct.")
    assert page.url.endswith("/login")

"""The questionnaire in Chromium: a section saves itself as the candidate answers
(static/portal/autosave.js posting the form with its CSRF token), under the strict CSP;
HR's review page shows the difference and accepts it onto the record."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from tests.browser.csp import visit
from tests.factories import PASSWORD
from tests.reminder_fixtures import wait_for
from tests.test_portal_questionnaire import make_account
from tracker.candidates.models import Candidate
from tracker.extensions import db
from tracker.portal.models import PortalAnswer, PortalRequest


def test_a_section_saves_as_the_candidate_types_and_hr_accepts(
        page: Page, live_server, app, make, sign_in, violations) -> None:
    company = make.company()
    staff = make.user(company, role="staff")
    case = make.case(company)
    make_account(app, case)
    # HR asks for the languages section.
    sign_in(staff)
    visit(page, f"{live_server}/cases/{case.id}/questionnaire", violations)
    page.get_by_label("Work history").check()
    page.get_by_role("button", name="Ask the candidate").click()
    expect(page.get_by_text("1 section asked of the candidate.")).to_be_visible()
    with app.app_context():
        number = db.session.scalar(sa.select(PortalRequest.id).where(
            PortalRequest.case_id == case.id))
    # The candidate, in a browser of their own, answers; each change is saved at once.
    candidate = page.context.browser.new_context().new_page()
    candidate.goto(f"{live_server}/portal/sign-in")
    candidate.get_by_label("Email").fill("mei@example.com")
    candidate.get_by_label("Password").fill(PASSWORD)
    candidate.get_by_role("button", name="Sign in").click()
    candidate.goto(f"{live_server}/portal/requests/{number}/section")
    candidate.get_by_label("Annual income (HKD)").fill("1200000")
    candidate.get_by_label("Owns a business").select_option("yes")
    expect(candidate.locator(".autosave-status")).to_have_text(
        "Saved. Send the section to HR when it is complete.")

    def stored() -> dict[str, str]:
        with app.app_context():
            return dict(db.session.execute(sa.select(PortalAnswer.field, PortalAnswer.value)
                                           .where(PortalAnswer.request_id == number)).all())

    wait_for(lambda: stored().get("owns_business") == "yes", message="the autosave")
    assert stored()["annual_income_hkd"] == "1200000"
    # A refused value is marked beside its field, and nothing is saved until it is right.
    candidate.get_by_label("Years of relevant experience").fill("99")
    candidate.get_by_label("Owns a listed company").select_option("no")
    expect(candidate.locator(".autosave-status")).to_have_text(
        "Not saved: correct the answers marked.")
    expect(candidate.locator("#years_experience")).to_have_class("form-control is-invalid")
    assert (stored()["owns_listed_company"], stored()["years_experience"]) == ("", "5")
    candidate.get_by_label("Years of relevant experience").fill("6")
    candidate.get_by_label("Years of relevant experience").blur()
    expect(candidate.locator(".autosave-status")).to_have_text(
        "Saved. Send the section to HR when it is complete.")
    expect(candidate.locator("#years_experience")).not_to_have_class("form-control is-invalid")
    wait_for(lambda: stored().get("owns_listed_company") == "no", message="the autosave")
    candidate.get_by_role("button", name="Save and send to HR").click()
    expect(candidate.get_by_text("is sent to HR")).to_be_visible()
    # HR sees the difference and accepts it.
    visit(page, f"{live_server}/cases/{case.id}/questionnaire", violations)
    row = page.locator(f"#answer-{number}-annual_income_hkd")
    expect(row).to_have_class("table-warning")
    row.get_by_label("Accept: Annual income (HKD)").check()
    page.get_by_role("button", name="Apply the decisions").click()
    expect(page.get_by_text("1 accepted onto the record")).to_be_visible()
    with app.app_context():
        person = db.session.get_one(Candidate, case.candidate_id)
        assert (person.annual_income_hkd, person.years_experience) == (1_200_000, 5)  # not accepted
    assert violations == []

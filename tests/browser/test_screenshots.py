"""A day with the demo company in English, in Chromium: the redesigned pages of issue 17
with the data of `make run` (tracker/demo/seed.py), each checked for what it is for.

With SAVE_SCREENSHOTS=1 it also saves the README's English screenshots
(docs/screenshots/<page>.png, 1280 pixels wide and the case page also at 390); an ordinary
run never rewrites committed files. The Chinese ones come from test_chinese_walk.py.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Locator, Page, ViewportSize, expect

from tests.browser.csp import visit
from tests.factories import PASSWORD, CompanyRecord, UserRecord
from tracker.auth import services as accounts
from tracker.candidates.models import Candidate
from tracker.cases.corrections import correct_fact
from tracker.cases.models import Case
from tracker.cases.services import CaseInput, create_case, mark_hkid_registered
from tracker.clock import app_timezone, today
from tracker.companies import services as companies
from tracker.demo import seed as demo
from tracker.extensions import db
from tracker.permissions import Role
from tracker.quotas.models import QuotaAllotment

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    """A Hong Kong browser in English."""
    return {**browser_context_args, "locale": "en-HK", "viewport": DESKTOP}


# A year of earlier hires beside the demo's cases, so that the Reports page has a history:
# (name, Chinese name, nationality, passport, scheme, job title, stage reached, days ago
# first moved, days between moves).
HISTORY = (
    ("TAN Wei Ming", "陳偉明", "Singaporean", "K4471902A", "GEP", "Software Engineer",
     "active", 330, 30),
    ("Maria GARCIA", "", "Spanish", "PAB219934", "GEP", "Risk Analyst", "active", 300, 25),
    ("KIM Min-jun", "", "Korean", "M70215548", "GEP", "Product Designer", "approved", 250, 35),
    ("Anna KOWALSKA", "", "Polish", "EA4419283", "GEP", "Data Scientist", "visa_issued",
     220, 20),
    ("LAU Chi Keung", "劉志強", "British", "533190842", "GEP", "Quant Developer", "active",
     190, 28),
    ("NGUYEN Thi Lan", "", "Vietnamese", "C2281937", "GEP", "Compliance Officer",
     "submitted", 75, 21),
    ("Tom BAKER", "", "British", "549210376", "GEP", "Sales Director", "withdrawn", 110, 18),
    ("Rahul MEHTA", "", "Indian", "V8830217", "TechTAS", "Machine learning engineer",
     "approved", 80, 12),
)

# Their limits of stay, days from today (the demo records 700 days for everyone): some end
# soon, so the dashboard, the Workforce and the expiries chart have something to show.
LIMITS = {"TAN Wei Ming": 45, "LAU Chi Keung": 80, "Maria GARCIA": 150, "Anna KOWALSKA": 400}


@pytest.fixture
def demo_company(app: Flask, make) -> dict:
    """The demo company of `make run` with a year of history: its admin, and its cases'
    ids by candidate."""
    with app.app_context():
        company = companies.create_company("Demo Technology Limited", "12345678",
                                           "hr@demo.example")
        admin = accounts.create_user(company, "admin@demo.example", "Demo Admin", Role.ADMIN,
                                     PASSWORD)
        staff = accounts.create_user(company, "staff@demo.example", "CHAN Siu Ming",
                                     Role.STAFF, PASSWORD)
        assert demo.fill(company, admin.id, staff.id) == []
        starts = earlier_hires(make, CompanyRecord(company.id, company.name, company.brn),
                               admin.id)
        backdate(company.id, starts)
        for case_id in starts:
            case = db.session.get_one(Case, case_id)
            if case.arrived_on:  # registered for their HKID cards long ago
                mark_hkid_registered(case, case.arrived_on + timedelta(days=10))
            if case.candidate.full_name in LIMITS:
                correct_fact(case.id, company.id, admin, "limit_of_stay_until",
                             today() + timedelta(days=LIMITS[case.candidate.full_name]),
                             "As on the visa label.")
        cases = dict(db.session.execute(sa.select(Candidate.full_name, Case.id).join(
            Case.candidate).where(Case.company_id == company.id)).all())
        return {"admin": UserRecord(admin.id, admin.email, PASSWORD, admin.role, company.id),
                "cases": cases}


def earlier_hires(make, company: CompanyRecord, admin_id: int
                  ) -> dict[int, tuple[date, int]]:
    """HISTORY's cases through the services, each walked with the demo's own steps;
    returns each one's first move date and days between moves."""
    on = today()
    allotment = db.session.scalar(sa.select(QuotaAllotment).where(
        QuotaAllotment.company_id == company.id))
    starts = {}
    for n, (name, chinese, nationality, passport, scheme, job, stage, days, gap
            ) in enumerate(HISTORY):
        person = make.candidate(company, full_name=name, chinese_name=chinese,
                                nationality=nationality, passport_number=passport)
        quota = ({"allotment_id": allotment.id, "position_id": allotment.positions[0].id}
                 if scheme == "TechTAS" and allotment else {})
        case = create_case(company.id, CaseInput(
            candidate_id=person.id, scheme=scheme, job_title=job, monthly_salary=60_000,
            intended_start_date=on - timedelta(days=days - 120), owner_id=admin_id,
            local_recruitment_justification="Advertised locally for 8 weeks.", **quota))
        starts[case.id] = (on - timedelta(days=days), gap)
        demo.walk(case, stage, admin_id, on, 20 + n, starts[case.id][0], gap)
    return starts


def backdate(company_id: int, starts: dict[int, tuple[date, int]]) -> None:
    """Date each case's moves as the demo's walk dates their facts (the first move on its
    start, the next ones its gap apart, the opening a gap before; the demo's own cases
    from 120 days ago, two weeks apart): the services stamped them all now. A case only
    opened stays opened now."""
    on = today()
    cases = db.session.scalars(sa.select(Case).where(Case.company_id == company_id))
    for case in cases:
        events = sorted(case.events, key=lambda event: event.id)
        if len(events) < 2:
            continue
        start, gap = starts.get(case.id, (on - timedelta(days=120), 14))
        for k, event in enumerate(events):
            day = min(on, start + timedelta(days=gap * (k - 1)))
            event.moved_at = datetime.combine(day, time(10), tzinfo=app_timezone())
        case.created_at, case.stage_changed_at = events[0].moved_at, events[-1].moved_at
    db.session.commit()


def shoot(page: Page, name: str, height: int | None = None, top: float = 0) -> None:
    """Save docs/screenshots/<name>.png with SAVE_SCREENSHOTS=1: *height* pixels of the
    whole page from *top* (default: the window as it is)."""
    if os.environ.get("SAVE_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = str(SCREENSHOTS / f"{name}.png")
    if height is None:
        page.screenshot(path=path)
        return
    width = page.viewport_size["width"] if page.viewport_size else DESKTOP["width"]
    full = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path=path, full_page=True, clip={
        "x": 0, "y": top, "width": width, "height": min(height, full - top)})


def page_top(element: Locator) -> float:
    """Where *element* starts on the whole page, a little above it."""
    return max(0, element.evaluate("e => e.getBoundingClientRect().top + window.scrollY") - 16)


def on_first_screen(page: Page, element: Locator) -> bool:
    """The whole of *element* shows without scrolling."""
    box, size = element.bounding_box(), page.viewport_size
    return bool(box and size and box["y"] + box["height"] <= size["height"])


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_day_with_the_demo_company(page: Page, live_server, demo_company, sign_in,
                                     violations):
    sign_in(demo_company["admin"])
    visit(page, f"{live_server}/", violations)
    attention = page.locator("#attention-list")
    expect(page.get_by_role("heading", name="What needs you today")).to_be_visible()
    expect(attention.get_by_role("link").first).to_be_visible()
    shoot(page, "dashboard", 1150)

    case_page(page, live_server, demo_company["cases"]["Priya SHARMA"], violations)
    case_list_and_bulk_move(page, live_server, violations)
    candidate_form_and_errors(page, live_server, violations)
    reports(page, live_server, violations)

    page.get_by_role("searchbox", name="Search the tracker").fill("engineer")
    page.keyboard.press("Enter")
    found = page.locator("section[aria-labelledby=found-cases]")
    expect(found.get_by_role("link", name=re.compile("Priya SHARMA"))).to_be_visible()
    violations.extend(page.evaluate("window.__cspViolations"))
    shoot(page, "search", 800)

    allotment(page, live_server, violations)
    visit(page, f"{live_server}/workforce", violations)
    expect(page.locator("#workforce tbody tr").first).to_be_visible()
    shoot(page, "workforce", 800)
    visit(page, f"{live_server}/audit", violations)
    expect(page.get_by_role("link", name="Priya SHARMA").first).to_be_visible()
    shoot(page, "audit-log", 800)
    assert violations == []


def case_page(page: Page, live_server: str, case_id: int, violations: list[str]) -> None:
    """The TechTAS case preparing its documents: desktop, phone, then its checklist."""
    visit(page, f"{live_server}/cases/{case_id}", violations)
    button = page.locator("#next-action .move-form").get_by_role("button", name="Move case")
    assert on_first_screen(page, button)
    expect(page.locator("#case-stepper [aria-current=step]")).to_have_text(
        re.compile("Preparing documents"))
    shoot(page, "case-page-desktop")
    page.set_viewport_size(PHONE)
    visit(page, page.url, violations)
    assert on_first_screen(page, button) and fits(page)
    shoot(page, "case-page-phone")
    page.set_viewport_size(DESKTOP)
    visit(page, page.url, violations)
    page.locator("#status-cv").select_option("received")
    page.get_by_role("button", name="Save the statuses").click()
    expect(page.locator(".alert-success")).to_contain_text("Documents saved:")
    expect(page.locator("#doc-cv")).to_have_attribute("data-status", "received")
    violations.extend(page.evaluate("window.__cspViolations"))
    shoot(page, "case-page-documents", 900, page_top(page.locator("#documents")))


def case_list_and_bulk_move(page: Page, live_server: str, violations: list[str]) -> None:
    """Three cases ticked and moved to "Approved": the submitted one goes, the approved and
    the withdrawn ones are listed with their reason."""
    visit(page, f"{live_server}/cases/", violations)
    # Every column within a 1280 px screen: "Needs attention" is not scrolled off.
    assert page.evaluate("(t => t.scrollWidth <= t.clientWidth)"
                         "(document.querySelector('.table-responsive'))")
    rows = page.locator("table tbody tr")
    for name in ("NGUYEN Thi Lan", "Tom BAKER", "Rahul MEHTA"):
        rows.filter(has_text=name).locator("input.case-select").check()
    expect(page.locator("#selected-count")).to_have_text("(3)")
    page.locator("#bulk-stage").select_option("approved")
    shoot(page, "case-list-bulk", 820, page_top(page.locator("#bulk-form")))
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("Moved 1 case.")).to_be_visible()
    expect(page.get_by_text(re.compile("Tom BAKER.*cannot move"))).to_be_visible()
    expect(page.get_by_text(re.compile("Rahul MEHTA.*cannot move"))).to_be_visible()
    violations.extend(page.evaluate("window.__cspViolations"))
    shoot(page, "case-list-bulk-result", 330)


def candidate_form_and_errors(page: Page, live_server: str, violations: list[str]) -> None:
    """The candidate form in its folding sections, then a bad one's error summary."""
    visit(page, f"{live_server}/candidates/new", violations)
    sections = page.locator("details.form-section")
    expect(sections.first).to_have_attribute("open", "")
    assert sections.count() >= 4
    for section in sections.all()[:2]:  # identity and contact filled in: folded away
        section.locator("summary").click()
    expect(sections.first).not_to_have_attribute("open", "")
    shoot(page, "candidate-form", 1100)
    sections.first.locator("summary").click()  # open again to type into it
    page.get_by_label("Full name").fill("LAM Wing Sze")
    page.get_by_label("Date of birth").fill("2030-01-01")
    page.get_by_label("Passport number").fill("A3928174")  # the demo's WONG Ka Yan holds it
    page.get_by_role("button", name="Save candidate").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The date of birth must be a past date.")
    expect(summary).to_contain_text("WONG Ka Yan")
    violations.extend(page.evaluate("window.__cspViolations"))
    shoot(page, "error-summary")


def allotment(page: Page, live_server: str, violations: list[str]) -> None:
    """The demo's allotment from the list: its cases' stages by name, never by code."""
    visit(page, f"{live_server}/quotas/", violations)
    page.get_by_role("link", name="ITC/TTAS/2026/0042").first.click()
    page.wait_for_load_state("load")
    violations.extend(page.evaluate("window.__cspViolations"))
    stages = page.locator("table").last.locator("tbody td:nth-child(5)").all_inner_texts()
    assert "Preparing documents" in stages and "Approved" in stages, stages
    assert not [stage for stage in stages if re.fullmatch(r"[a-z_]+", stage)], stages
    shoot(page, "allotment", 900)


def reports(page: Page, live_server: str, violations: list[str]) -> None:
    """The Reports page with every chart drawn."""
    visit(page, f"{live_server}/reports/", violations)
    charts = page.locator("canvas[id^=chart-]")
    assert charts.count() == 5
    for canvas in charts.all():
        expect(canvas).to_have_attribute("data-drawn", re.compile(r"[1-9]"))
    shoot(page, "reports", 1130)
    decisions = page.locator("section[aria-labelledby=h-decisions]")
    shoot(page, "reports-decisions", 720, page_top(decisions))

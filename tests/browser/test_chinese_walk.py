"""A Hong Kong user switches to 繁體中文 with the footer switch and walks the main pages
(issue 15): every page says lang="zh-Hant-HK", shows no English interface text and
raises no CSP complaint.

"No English interface text": the page's visible text (with its title and the
attributes a reader sees or hears) loses the seeded data first (names, references,
free text typed by users) and the rules' citations of official pages (quoted by their
own titles); then no word of the extracted catalogue's English
(msgids) may remain, apart from the allowed codes (tests/untranslated.py).

With SAVE_SCREENSHOTS=1 it also saves the README's screenshots (docs/screenshots/,
1280 pixels wide), so an ordinary run never rewrites committed files.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import pkgutil
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.csp import visit
from tests.case_helpers import pin_today
from tests.reminders import builders as build
from tests.untranslated import ROOT, english_words, extract_messages
from tracker import rules

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "docs/screenshots"
COMPANY = "Acme Robotics Limited"
# Free text the seed puts on the pages: data, shown as typed, in any language.
CANDIDATE = {"full_name": "Chan Tai Man", "chinese_name": "陳大文", "nationality": "Canadian",
             "place_of_birth": "Toronto", "current_location": "Toronto",
             "qualification_subject": "Computer Science", "qualification_institution": "UofT",
             "passport_number": "K1234567", "email": "chan.taiman@example.com"}
JOB = {"job_title": "Research Engineer",
       "local_recruitment_justification": "Advertised for 8 weeks; no local hire."}
SEEDED = [*CANDIDATE.values(), *JOB.values(), COMPANY, "ITC/TTAS/0001", "ITC/APP/1",
          "Machine learning engineer", "SMTP down"]

# What a reader sees: the text, the page title, and the attributes shown or read aloud.
VISIBLE_TEXT = """() => [document.title, document.body.innerText,
  ...[...document.querySelectorAll('[title],[placeholder],[aria-label],[alt]')].flatMap(
    e => ['title', 'placeholder', 'aria-label', 'alt'].map(a => e.getAttribute(a) || ''))
].join('\\n')"""
# Stored as written, in the language it was written in: the audit log's summaries
# ("What", its fifth column; tracker/audit_log/labels.py).
DATA_CELLS = {"audit log": "tbody td:nth-child(5)"}


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    """A Hong Kong browser set to English (en-HK: its date fields read DD/MM/YYYY): the
    footer switch is what turns the pages Chinese."""
    return {**browser_context_args, "locale": "en-HK", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def catalogue_words(tmp_path_factory) -> set[str]:
    """Every English word of the extracted catalogue's messages."""
    extracted = extract_messages(tmp_path_factory.mktemp("pot"))
    return {word.lower() for message in extracted if message.id
            for text in (message.id if isinstance(message.id, tuple) else (message.id,))
            for word in english_words(text)}


def cited_sources() -> list[str]:
    """Every source the rules cite, whole and by its "; "-separated parts.

    A citation names an official page by its own (English) title and the date it was
    checked (tracker/rules/sources.py): it is quoted as written in both languages.
    """
    found: set[str] = set()

    def collect(value: object, depth: int = 0) -> None:
        if depth > 3:
            return
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list | tuple | set | frozenset):
            for item in value:
                collect(item, depth + 1)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                item = getattr(value, field.name)
                if "source" in field.name and isinstance(item, str):
                    found.add(item)
                else:
                    collect(item, depth + 1)

    for module_info in pkgutil.iter_modules(rules.__path__):
        module = importlib.import_module(f"tracker.rules.{module_info.name}")
        for name, value in vars(module).items():
            if name.startswith("__"):
                continue
            if module_info.name == "sources" and isinstance(value, str):
                found.add(value)
            else:
                collect(value)
    parts = {part for source in found for part in source.split("; ")}
    return sorted((text for text in found | parts if len(text) > 3), key=len, reverse=True)


def english_left(page: Page, name: str, seeded: list[str], catalogue_words: set[str]
                 ) -> list[str]:
    """The lines of page *name* that still show catalogue English once the data is gone."""
    text = page.evaluate(VISIBLE_TEXT)
    if name in DATA_CELLS:
        for cell in page.locator(DATA_CELLS[name]).all_inner_texts():
            text = text.replace(cell, " ")
    for value in sorted(seeded, key=len, reverse=True):
        text = text.replace(value, " ")
    return [line.strip() for line in text.splitlines()
            if any(word.lower() in catalogue_words for word in english_words(line))]


def seed(make, app) -> dict[str, str]:
    """A company with an admin, a candidate, a GEP and a TechTAS case, an allotment, a
    quota application and a failed reminder; returns the paths to walk."""
    company = make.company(COMPANY)
    admin = make.user(company, role="admin")
    candidate = make.candidate(company, **CANDIDATE)
    gep = make.case(company, candidate=candidate, scheme="GEP", **JOB)
    allotment = make.allotment(company, reference="ITC/TTAS/0001")
    techtas = make.case(company, candidate=make.candidate(company, **CANDIDATE | {
        "passport_number": "K7654321"}), allotment=allotment, job_title=JOB["job_title"])
    make.application(company)
    build.ledger_row(app, company.id, allotment.id, error="SMTP down", attempts=4)
    return {"admin": admin, "dashboard": "/", "candidates": "/candidates/",
            "candidate": f"/candidates/{candidate.id}", "cases": "/cases/",
            "gep case": f"/cases/{gep.id}", "techtas case": f"/cases/{techtas.id}",
            "allotments": "/quotas/", "allotment": f"/quotas/{allotment.id}",
            "quota applications": "/quotas/applications",
            "advisor": f"/candidates/{candidate.id}/routes",
            "documents": f"/cases/{gep.id}/documents", "case form": "/cases/new",
            "allotment form": "/quotas/new", "workforce": "/workforce", "reports": "/reports/",
            "record a status": f"/people/{candidate.id}/record-status",
            "notifications": "/notifications",
            "audit log": "/audit", "users": "/company/users",
            "company settings": "/company/settings", "language": "/account/language",
            "email settings": "/account/notifications", "password": "/account/password"}


def switch_to_chinese_and_sign_in(page: Page, live_server: str, user) -> None:
    """The footer switch on the sign-in page, then the Chinese sign-in form."""
    page.goto(f"{live_server}/login")
    page.get_by_role("button", name="繁體中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant-HK")
    page.get_by_label("電郵").fill(user.email)
    page.get_by_label("密碼").fill(user.password)
    page.get_by_role("button", name="登入").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def test_a_chinese_reader_sees_no_english_interface(page: Page, live_server, make, app,
                                                    monkeypatch, violations, catalogue_words):
    pin_today(app, monkeypatch)
    paths = seed(make, app)
    admin = paths.pop("admin")
    switch_to_chinese_and_sign_in(page, live_server, admin)
    seeded = [*SEEDED, admin.email, *cited_sources()]
    left: dict[str, list[str]] = {}
    for name, path in paths.items():
        visit(page, f"{live_server}{path}", violations)
        assert page.locator("html").get_attribute("lang") == "zh-Hant-HK", name
        assert page.url.endswith(path), (name, page.url)  # not sent elsewhere
        found = english_left(page, name, seeded + user_names(page), catalogue_words)
        if found:
            left[name] = found
        save_screenshot(page, name)
    assert not left, "English left on Chinese pages:\n" + "\n".join(
        f"{name}: {lines}" for name, lines in left.items())
    assert violations == []


def user_names(page: Page) -> list[str]:
    """The seeded users' names (User 12 …) as shown on the page: data."""
    return re.findall(r"User \d+", page.evaluate("document.body.innerText"))


# The README's screenshots: the page name here -> the file under docs/screenshots/.
SCREENSHOT_FILES = {"dashboard": "dashboard-zh.png", "gep case": "case-zh.png",
                    "advisor": "advisor-zh.png"}


def save_screenshot(page: Page, name: str) -> None:
    if os.environ.get("SAVE_SCREENSHOTS") == "1" and name in SCREENSHOT_FILES:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / SCREENSHOT_FILES[name]))

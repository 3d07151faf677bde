"""All output is escaped; templates never switch escaping off or carry inline code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.security.world import client_as

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"


def test_stored_script_in_names_comes_back_escaped(app, world):
    admin = client_as(app, world.admin)
    assert admin.post("/company/settings", data={
        "name": f"Evil {SCRIPT} Ltd", "contact_email": "hr@evil.example",
        "quota_reminder_offsets": "30"}).status_code == 302
    assert admin.post("/company/users/new", data={
        "full_name": f"Mallory {SCRIPT}", "email": "mallory@example.com",
        "role": "viewer"}).status_code == 302
    for path in ("/", "/company/users", "/company/settings"):
        page = admin.get(path).get_data(as_text=True)
        assert ESCAPED in page, path
        assert SCRIPT not in page and "<script>alert" not in page, path


def test_typed_input_is_escaped_when_a_form_is_shown_again(app, world):
    page = client_as(app, world.admin).post("/company/users/new", data={
        "full_name": f'"><img src=x onerror=alert(1)>{SCRIPT}', "email": "not an email",
        "role": "viewer"}).get_data(as_text=True)
    assert "Invalid email address" in page
    assert "<img src=x" not in page and SCRIPT not in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def template_files() -> list[Path]:
    files = sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt"))
    assert len(files) >= 15
    return files


@pytest.mark.parametrize("pattern,why", [
    (r"\|\s*safe\b", "|safe turns escaping off"),
    (r"autoescape\s+false", "autoescape false turns escaping off"),
    (r"Markup\s*\(", "Markup() marks text as safe"),
    (r"<script(?![^>]*\bsrc=)[^>]*>", "inline <script> breaks the CSP"),
    (r"\sstyle\s*=", "style= attributes break the CSP"),
    (r"<style\b", "<style> blocks break the CSP"),
    (r"\son[a-z]+\s*=", "inline event handlers break the CSP"),
    (r"javascript:", "javascript: URLs break the CSP"),
])
def test_no_template_switches_escaping_off_or_inlines_code(pattern, why):
    offenders = [f"{path.relative_to(TEMPLATES)}:{n}" for path in template_files()
                 for n, line in enumerate(path.read_text().splitlines(), 1)
                 if re.search(pattern, line, re.IGNORECASE)]
    assert not offenders, f"{why}: {', '.join(offenders)}"


def test_the_grep_finds_what_it_looks_for():
    """The patterns above are live: each catches a sample offending line."""
    samples = ["{{ user.full_name|safe }}", "{% autoescape false %}", '<div style="x">',
               "<script>alert(1)</script>", '<a onclick="x()">', "<style>p{}</style>"]
    patterns = [r"\|\s*safe\b", r"autoescape\s+false", r"\sstyle\s*=",
                r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"<style\b"]
    for sample, pattern in zip(samples, patterns, strict=True):
        assert re.search(pattern, sample, re.IGNORECASE), sample
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", '<script src="/x.js"></script>')

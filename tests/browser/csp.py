"""Collecting Content-Security-Policy complaints in the browser (see the `violations` fixture)."""

from __future__ import annotations

from playwright.sync_api import Page

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


def visit(page: Page, url: str, found: list[str]) -> None:
    """Open *url* and add the violation events it raised to *found*."""
    page.goto(url)
    page.wait_for_load_state("load")
    found.extend(page.evaluate("window.__cspViolations"))

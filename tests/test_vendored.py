"""Vendored browser libraries are the published files, unchanged (tracker/static/vendor/)."""

from __future__ import annotations

import hashlib
from pathlib import Path

TOM_SELECT = Path(__file__).resolve().parent.parent / "tracker/static/vendor/tom-select"
TOM_SELECT_VERSION = "2.6.2"  # also in tracker/static/vendor/README.md


def test_the_tom_select_files_match_their_checksums():
    lines = (TOM_SELECT / "SHA256SUMS").read_text().splitlines()
    assert {line.split()[1] for line in lines} == {
        "tom-select.complete.min.js", "tom-select.bootstrap5.min.css", "LICENSE"}
    for line in lines:
        digest, name = line.split()
        assert hashlib.sha256((TOM_SELECT / name).read_bytes()).hexdigest() == digest, name


def test_the_noted_version_is_the_one_vendored():
    banner = (TOM_SELECT / "tom-select.complete.min.js").read_text()[:200]
    assert f"Tom Select v{TOM_SELECT_VERSION}" in banner
    notes = (TOM_SELECT.parent / "README.md").read_text()
    assert f"| version | {TOM_SELECT_VERSION} " in notes
    assert "Apache License" in (TOM_SELECT / "LICENSE").read_text()


CHART_JS = TOM_SELECT.parent / "chartjs"
CHART_JS_VERSION = "4.6.1"  # also in tracker/static/vendor/README.md


def test_the_chart_js_files_match_their_checksums():
    lines = (CHART_JS / "SHA256SUMS").read_text().splitlines()
    assert {line.split()[1] for line in lines} == {"chart.umd.min.js", "LICENSE.md"}
    for line in lines:
        digest, name = line.split()
        assert hashlib.sha256((CHART_JS / name).read_bytes()).hexdigest() == digest, name


def test_the_noted_chart_js_version_is_the_one_vendored():
    banner = (CHART_JS / "chart.umd.min.js").read_text()[:200]
    assert f"Chart.js v{CHART_JS_VERSION}" in banner
    assert f"| version | {CHART_JS_VERSION} " in (CHART_JS.parent / "README.md").read_text()
    assert "The MIT License" in (CHART_JS / "LICENSE.md").read_text()

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

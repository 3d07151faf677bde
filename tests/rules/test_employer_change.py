"""Change of employer: GEP/ASMTP/NET/TechTAS need ImmD first; the free schemes say why not."""

from __future__ import annotations

import pytest

from tracker.rules.employer_change import EMPLOYER_CHANGES, employer_change, needs_approval
from tracker.rules.sources import checkable, names_authority


@pytest.mark.parametrize(("scheme", "approval"), [
    ("GEP", True), ("ASMTP", True), ("NET", True), ("TechTAS", True),
    ("IANG", False), ("TTPS", False), ("QMAS", False), ("ASSG", False), ("DEP", False),
])
def test_who_needs_approval(scheme, approval):
    assert needs_approval(scheme) is approval
    change = employer_change(scheme)
    assert change.reason and change.conditions
    assert ("no approval is needed" in change.reason) is not approval


def test_techtas_is_indicative_and_an_unknown_scheme_is_unknown():
    assert not employer_change("TechTAS").confirmed and "indicative" in \
        employer_change("TechTAS").reason
    assert all(c.confirmed for s, c in EMPLOYER_CHANGES.items() if s != "TechTAS")
    assert employer_change("VPAS") is None and needs_approval("VPAS") is None


def test_every_answer_names_an_authority():
    for change in EMPLOYER_CHANGES.values():
        assert names_authority(change.source) and checkable(change.source), change.scheme

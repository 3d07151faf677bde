"""The shared vocabulary: how a route's status follows from its rules' results."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.rules.results import INDICATIVE, Rule, derive_status, make_verdict

BLOCK = Rule("b", "Blocking rule", True, "test", date(2020, 1, 1))
SOFT = Rule("s", "Preference", False, "test", date(2020, 1, 1))


@pytest.mark.parametrize(("blocking", "soft", "status"), [
    (["pass", "pass"], ["fail"], "eligible"),
    (["pass", "unknown"], ["pass"], "possible"),
    (["unknown", "fail"], ["pass"], "not_eligible"),
    (["fail"], [], "not_eligible"),
    ([], ["fail", "unknown"], "eligible"),
])
def test_status_follows_blocking_results_only(blocking, soft, status):
    results = [BLOCK.result(o, "r") for o in blocking] + [SOFT.result(o, "r") for o in soft]
    assert derive_status(results) == status


def test_verdict_summary_names_the_blocking_rules():
    failed = make_verdict("X", [BLOCK.result("fail", "no"), SOFT.result("fail", "no")])
    assert failed.summary == "Not eligible: Blocking rule."
    assert failed.label == "Not eligible"
    possible = make_verdict("X", [BLOCK.result("unknown", "?")])
    assert "Blocking rule" in possible.summary and possible.status == "possible"
    assert INDICATIVE in make_verdict("X", [BLOCK.result("pass", "ok")]).summary


def test_check_maps_three_valued_facts():
    assert BLOCK.check(True, "y", "n", "m").outcome == "pass"
    assert BLOCK.check(False, "y", "n", "m").reason == "n"
    assert BLOCK.check(None, "y", "n", "m").outcome == "unknown"


def test_result_carries_source_and_date():
    result = Rule("c", "L", True, "somewhere", date(2022, 12, 28), confirmed=False).result(
        "pass", "why")
    assert (result.source, result.effective_from, result.confirmed) == (
        "somewhere", date(2022, 12, 28), False)

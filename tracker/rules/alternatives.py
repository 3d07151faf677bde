"""A route met through any one of several categories (TTPS A/B/C, IANG fresh/returning).

Each category is a non-blocking result of its own (shown, so HR sees which fits and
why); one blocking result says whether any of them is met: pass if one passes, unknown
while one is still open, fail only when every category fails.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.rules.logic import all_of
from tracker.rules.results import Outcome, Rule, RuleResult, commas
from tracker.rules.text import Text, joined


def one_of(rule: Rule, options: Sequence[tuple[str, RuleResult]]) -> RuleResult:
    """*rule*'s answer from the categories' results (*options*: (name, result))."""
    passed = [name for name, result in options if result.outcome == "pass"]
    if passed:
        return rule.result("pass", Text("Meets %(options)s.", options=commas(passed)))
    still_open = [name for name, result in options if result.outcome == "unknown"]
    if still_open:
        return rule.result("unknown", Text("Not known yet: %(options)s.",
                                           options=commas(still_open)))
    return rule.result("fail", Text("Meets none of %(options)s.",
                                    options=commas([name for name, _ in options])))


def category(rule: Rule, facts: Sequence[tuple[bool | None, str]]) -> RuleResult:
    """A category met when all of its *facts* hold; the reason lists each fact's finding
    (*facts*: (fact, what it says), a finding is shown for every fact that is not True)."""
    fact = all_of(value for value, _ in facts)
    if fact:
        return rule.result("pass", joined([reason for _, reason in facts]))
    outcome: Outcome = "fail" if fact is False else "unknown"
    relevant = [reason for value, reason in facts if value is not True]
    return rule.result(outcome, joined(relevant))

"""The common vocabulary of every eligibility rule: one result per rule, one verdict per route.

A rule never guesses: a fact the profile does not give makes the rule answer
"unknown". Whether an unknown or a failure matters is the rule's `blocking`
flag: a blocking failure closes the route, a blocking unknown leaves it open
("possible") until the fact is known; non-blocking results (preferences,
things ImmD judges) are shown but do not change the status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

Outcome = Literal["pass", "fail", "unknown"]
Status = Literal["eligible", "possible", "not_eligible"]

# Shown next to every assessment: the app explains, ImmD (or ITC/EDB) decides.
INDICATIVE = "indicative — the Immigration Department decides"

STATUS_LABELS: dict[Status, str] = {
    "eligible": "Eligible", "possible": "Possible", "not_eligible": "Not eligible",
}


@dataclass(frozen=True)
class RuleResult:
    """What one rule says about one candidate, and why."""

    code: str
    label: str
    outcome: Outcome
    reason: str
    blocking: bool
    source: str
    effective_from: date
    confirmed: bool = True  # False: the rule's wording/threshold was not checked officially


@dataclass(frozen=True)
class Rule:
    """A rule as data: what it checks, where it comes from and since when.

    Scheme modules declare their rules as `Rule` constants and evaluate them
    with small functions that call `result()`, so the source and date travel
    with every answer.
    """

    code: str
    label: str
    blocking: bool
    source: str
    effective_from: date
    confirmed: bool = True

    def result(self, outcome: Outcome, reason: str) -> RuleResult:
        """This rule's answer for one candidate."""
        return RuleResult(self.code, self.label, outcome, reason, self.blocking, self.source,
                          self.effective_from, self.confirmed)

    def check(self, fact: bool | None, yes: str, no: str, missing: str) -> RuleResult:
        """Map a three-valued fact to pass/fail/unknown with the matching reason."""
        if fact is None:
            return self.result("unknown", missing)
        return self.result("pass", yes) if fact else self.result("fail", no)


@dataclass(frozen=True)
class RouteVerdict:
    """One admission route's answer for one candidate, with every rule's result."""

    scheme: str
    status: Status
    results: tuple[RuleResult, ...]
    summary: str

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def result(self, code: str) -> RuleResult:
        """The result of the rule *code* (KeyError if this route has no such rule)."""
        for item in self.results:
            if item.code == code:
                return item
        raise KeyError(code)


def derive_status(results: Iterable[RuleResult]) -> Status:
    """Any blocking fail → not eligible; any blocking unknown → possible; else eligible."""
    blocking = [r for r in results if r.blocking]
    if any(r.outcome == "fail" for r in blocking):
        return "not_eligible"
    if any(r.outcome == "unknown" for r in blocking):
        return "possible"
    return "eligible"


def make_verdict(scheme: str, results: Iterable[RuleResult]) -> RouteVerdict:
    """Build a route's verdict: the derived status and a one-line summary naming why."""
    items = tuple(results)
    status = derive_status(items)
    if status == "not_eligible":
        why = [r.label for r in items if r.blocking and r.outcome == "fail"]
        summary = "Not eligible: " + "; ".join(why) + "."
    elif status == "possible":
        why = [r.label for r in items if r.blocking and r.outcome == "unknown"]
        summary = "Possible, once these are known: " + "; ".join(why) + "."
    else:
        summary = "Every required rule is met (" + INDICATIVE + ")."
    return RouteVerdict(scheme, status, items, summary)

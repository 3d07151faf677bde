"""The common vocabulary of every eligibility rule: one result per rule, one verdict per route.

A rule never guesses: a fact the profile does not give makes the rule answer
"unknown". Whether an unknown or a failure matters is the rule's `blocking`
flag: a blocking failure closes the route, a blocking unknown leaves it open
("possible") until the fact is known; non-blocking results (preferences,
things ImmD judges) are shown but do not change the status.

Labels, reasons, summaries and headlines are `Text` (tracker/rules/text.py):
English strings that render in the reader's language where they are shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from tracker.rules.text import Text, joined

Outcome = Literal["pass", "fail", "unknown"]
Status = Literal["eligible", "possible", "not_eligible"]

# Shown next to every assessment: the app explains, ImmD (or ITC/EDB) decides.
INDICATIVE = Text("indicative — the Immigration Department decides")

STATUS_LABELS: dict[Status, Text] = {
    "eligible": Text("Eligible"), "possible": Text("Possible"),
    "not_eligible": Text("Not eligible"),
}
# The status of a verdict that rests on an unconfirmed rule (RouteVerdict.headline).
INDICATIVE_LABELS: dict[Status, Text] = {
    "eligible": Text("Indicative: eligible"), "possible": Text("Indicative: possible"),
    "not_eligible": Text("Indicative: not eligible"),
}


def semicolons(parts: Sequence[str]) -> Text:
    """*parts* as one list: "a; b; c" in English, "a；b；c" in Chinese."""
    if len(parts) <= 1:
        return joined(parts)
    return Text("%(first)s; %(rest)s", first=parts[0], rest=semicolons(parts[1:]))


def commas(parts: Sequence[str]) -> Text:
    """*parts* as one list: "a, b, c" in English, "a、b、c" in Chinese."""
    if len(parts) <= 1:
        return joined(parts)
    return Text("%(first)s, %(rest)s", first=parts[0], rest=commas(parts[1:]))


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

    @property
    def refuses(self) -> bool:
        """True when this result refuses the submission to ImmD.

        Only a blocking rule that is known to fail refuses, and only when its
        wording was confirmed: an unknown fact or an unconfirmed rule is shown,
        never held against the case.
        """
        return self.blocking and self.confirmed and self.outcome == "fail"


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

    @property
    def rests_on_unconfirmed(self) -> tuple[RuleResult, ...]:
        """The unconfirmed rules this verdict's status depends on (empty: a firm answer).

        "Not eligible" is firm when one confirmed blocking rule fails; otherwise
        the status rests on every blocking rule, so any unconfirmed one makes
        the answer indicative.
        """
        blocking = [r for r in self.results if r.blocking]
        if self.status == "not_eligible" and any(
                r.confirmed for r in blocking if r.outcome == "fail"):
            return ()
        return tuple(r for r in blocking if not r.confirmed)

    @property
    def indicative(self) -> bool:
        """True when the status rests on a rule not confirmed against an official text."""
        return bool(self.rests_on_unconfirmed)

    @property
    def headline(self) -> str:
        """The status as shown where the verdict is: "Indicative: eligible" when it rests
        on an unconfirmed rule, never a plain "Eligible"."""
        if self.indicative:
            return INDICATIVE_LABELS[self.status]
        return self.label

    @property
    def why_indicative(self) -> str:
        """Why the answer is only indicative ("" when it is firm)."""
        rules = self.rests_on_unconfirmed
        if not rules:
            return ""
        return Text("Rests on rules not confirmed against an official text: %(rules)s.",
                    rules=semicolons([r.label for r in rules]))

    @property
    def refusals(self) -> tuple[RuleResult, ...]:
        """The results that refuse the submission to ImmD (see RuleResult.refuses)."""
        return tuple(r for r in self.results if r.refuses)

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
        summary = Text("Not eligible: %(rules)s.", rules=semicolons(why))
    elif status == "possible":
        why = [r.label for r in items if r.blocking and r.outcome == "unknown"]
        summary = Text("Possible, once these are known: %(rules)s.", rules=semicolons(why))
    else:
        summary = Text("Every required rule is met (%(note)s).", note=INDICATIVE)
    return RouteVerdict(scheme, status, items, summary)

"""Which workflow a case follows: looked up from the scheme registry, never hard-coded."""

from __future__ import annotations

from tracker.rules.schemes import SCHEMES, scheme
from tracker.rules.workflow import WORKFLOWS, Workflow, stage_label


def workflow_for(scheme_code: str) -> Workflow:
    """The workflow of a scheme (rules/schemes.py names it, rules/workflow.py defines it)."""
    return WORKFLOWS[scheme(scheme_code).workflow]


def case_stage_label(scheme_code: str, stage_code: str) -> str:
    """The stage's label in the scheme's own workflow ("Active (in Hong Kong)" for QMAS)."""
    entry = SCHEMES.get(scheme_code)
    workflow = WORKFLOWS.get(entry.workflow) if entry else None
    return workflow.label(stage_code) if workflow is not None else stage_label(stage_code)


def schemes_by_workflow() -> dict[str, list[str]]:
    """{workflow code: [scheme codes]} — for SQL rules that depend on the workflow."""
    grouped: dict[str, list[str]] = {}
    for code, entry in SCHEMES.items():
        grouped.setdefault(entry.workflow, []).append(code)
    return grouped


def open_stage_codes() -> tuple[str, ...]:
    """Every non-terminal stage code of every workflow."""
    codes: list[str] = []
    for workflow in WORKFLOWS.values():
        codes += [c for c in workflow.open_codes() if c not in codes]
    return tuple(codes)

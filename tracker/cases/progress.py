"""The case page's header and next step: where the case stands in its own workflow, and
what stands before its submission to ImmD.

Both read the rules (rules/workflow.py through schemes.workflow_for_case, the
eligibility verdict, the document checklist); the template only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.cases.models import Case, CaseStageEvent
from tracker.documents.checklist import DocumentSummary
from tracker.rules.results import RouteVerdict
from tracker.rules.text import Text
from tracker.rules.workflow import Workflow

# The key, in the facts of the entry that opens a case at a later stage (an import,
# tracker/imports/cases.py), listing the stages the case was walked through by the move
# rules to get there: the stepper marks them done, the timeline does not list them as a
# fact, and the Reports, which read the entries' stages only, count no days in them.
PASSED_STAGES = "passed_stages"


def passed_stages(event: CaseStageEvent) -> list[str]:
    """The stages *event* says its case passed through before it was recorded."""
    passed = (event.facts or {}).get(PASSED_STAGES) if event.kind == "move" else None
    return [str(code) for code in passed] if isinstance(passed, list) else []


@dataclass(frozen=True)
class Step:
    """One stage of the stepper: "done" (the case was there), "current", "skipped"
    (passed by without entering, like an information request that never came) or "todo"."""

    code: str
    label: Text
    state: str
    ending: bool = False  # a terminal stage: how the case ends


def _ending(case: Case, workflow: Workflow) -> str:
    """The terminal stage shown last: the case's own if it has ended, else the one its
    open stages lead to (Closed)."""
    if workflow.stage(case.stage).terminal:
        return case.stage
    leads_to = {code for stage in workflow.stages if not stage.terminal for code in stage.next}
    return next(s.code for s in workflow.stages if s.terminal and s.code in leads_to)


def stepper(case: Case, workflow: Workflow) -> list[Step]:
    """The workflow's open stages in order, then its ending, each marked for this case:
    a stage is done when the case entered it by a move or passed it before an import."""
    visited = {code for event in case.events for code in (event.to_stage, *passed_stages(event))}
    codes = [s.code for s in workflow.stages if not s.terminal] + [_ending(case, workflow)]
    here = codes.index(case.stage) if case.stage in codes else len(codes)
    steps = []
    for index, code in enumerate(codes):
        if code == case.stage:
            state = "current"
        elif code in visited and index < here:
            state = "done"
        else:
            state = "skipped" if index < here else "todo"
        steps.append(Step(code, workflow.stage(code).label, state,
                          ending=workflow.stage(code).terminal))
    return steps


@dataclass(frozen=True)
class Blocker:
    """What stands before the submission, with the anchor that shows it on the page.

    *refuses*: the move to the submission is refused until it is resolved; otherwise
    the move is allowed but warns (a missing document).
    """

    text: Text
    anchor: str
    refuses: bool


def submission_ahead(case: Case, workflow: Workflow) -> bool:
    """True when a move allowed now submits the application to ImmD."""
    return any(workflow.stage(code).submits_application
               for code in workflow.allowed_moves(case.stage)
               if code in workflow.by_code)


def blockers(case: Case, workflow: Workflow, verdict: RouteVerdict | None,
             documents: DocumentSummary) -> list[Blocker]:
    """The refusing rules and the missing required documents, when the next move submits."""
    if not submission_ahead(case, workflow):
        return []
    found = [Blocker(Text("%(rule)s: %(reason)s", rule=rule.label, reason=rule.reason),
                     "#eligibility", refuses=True)
             for rule in (verdict.refusals if verdict else ())]
    found += [Blocker(item.label, f"#doc-{item.code}", refuses=False)
              for item in documents.missing_required]
    return found

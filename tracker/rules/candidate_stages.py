"""Each case stage as the candidate reads it in the portal: where the case is, and what
happens next, in plain words.

The stages themselves are rules/workflow.py's; this is their candidate-facing wording,
keyed by stage code (every workflow's stage of one code means the same to the person),
with an override where one workflow's stage means something else to them (an
extension's issued e-Visa ends the case). tests/test_portal_home.py checks that every
stage of every workflow has its words here.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.rules.schemes import workflow_for_case
from tracker.rules.text import Text


@dataclass(frozen=True)
class CandidateStage:
    """Where the case is (now) and what happens next (next_step), for the candidate."""

    now: Text
    next_step: Text


NOTHING_MORE = Text("Nothing more is needed from you for this case.")

STAGES: dict[str, CandidateStage] = {
    "draft": CandidateStage(
        Text("Your employer has started your application."),
        Text("Your employer's HR team will tell you what they need from you.")),
    "preparing": CandidateStage(
        Text("Your application is being prepared: details and documents are being gathered."),
        Text("Send what is asked of you below. Your employer then submits the application "
             "to the Immigration Department.")),
    "submitted": CandidateStage(
        Text("Your application has been submitted to the Immigration Department."),
        Text("The Immigration Department reviews it. If it asks for more information, "
             "HR will tell you.")),
    "info_requested": CandidateStage(
        Text("The Immigration Department has asked for more information."),
        Text("Send what is asked of you below as soon as you can; HR replies to the "
             "Immigration Department.")),
    "under_assessment": CandidateStage(
        Text("The Immigration Department is assessing your application."),
        Text("The Immigration Department decides whether to approve it in principle.")),
    "in_principle": CandidateStage(
        Text("Your application has been approved in principle."),
        Text("The remaining formalities are completed; the Immigration Department then "
             "issues your visa.")),
    "approved": CandidateStage(
        Text("Your application has been approved."),
        Text("The Immigration Department issues your visa.")),
    "visa_issued": CandidateStage(
        Text("Your visa has been issued."),
        Text("Travel to Hong Kong with it. Within 30 days of arriving, apply for a Hong "
             "Kong identity card.")),
    "arrived": CandidateStage(
        Text("You have arrived in Hong Kong."),
        Text("Apply for a Hong Kong identity card within 30 days of arriving, if you have "
             "not done so yet.")),
    "active": CandidateStage(
        Text("Your visa is in force."),
        Text("Nothing is needed from you now. HR will contact you before your limit of "
             "stay ends.")),
    "closed": CandidateStage(Text("This case is closed."), NOTHING_MORE),
    "refused": CandidateStage(
        Text("The application was not approved."),
        Text("HR will contact you about what happens next.")),
    "withdrawn": CandidateStage(Text("The application was withdrawn."), NOTHING_MORE),
}

# (workflow code, stage code) where that workflow's stage reads otherwise.
OVERRIDES: dict[tuple[str, str], CandidateStage] = {
    ("extension", "visa_issued"): CandidateStage(
        Text("Your extension of stay has been granted and its e-Visa issued."),
        Text("Nothing is needed from you now. HR will contact you before your new limit "
             "of stay ends.")),
}


def candidate_stage(scheme: str, kind: str, stage: str) -> CandidateStage:
    """The candidate's words for a case of *scheme* and *kind* in *stage*."""
    workflow = workflow_for_case(scheme, kind).code
    return OVERRIDES.get((workflow, stage)) or STAGES[stage]

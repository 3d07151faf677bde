"""Case stages and the moves allowed between them, as data.

A workflow is a set of stages, each with its label, the stages it may move
to, and the facts recorded when a case enters it. `refused` and `withdrawn`
end a case from any open stage. Employer-sponsored routes (GEP, TechTAS,
NET, ASMTP, and IANG/TTPS entries) follow EMPLOYMENT; the self-applied routes
(QMAS, ASSG) follow SELF_APPLIED. The scheme registry names each scheme's
workflow; the code that applies them never names a scheme. The kinds of case
after arrival (rules/case_kinds.py) have their own: EXTENSION, CHANGE_OF_EMPLOYMENT,
DEPENDANT (a dependant's ID 997 application) and RECORD (a status recorded as the
visa shows it: no application, so no stage before "active").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tracker.rules.dependants import hkid_due
from tracker.rules.text import Text, joined


@dataclass(frozen=True)
class Fact:
    """A value recorded when a case enters a stage (stored on the case too)."""

    name: str  # the Case attribute it fills
    label: Text
    kind: str = "date"  # "date" or "text"
    required: bool = True
    # A text fact with a fixed set of values ((code, label), …): forms offer these only.
    choices: tuple[tuple[str, Text], ...] = ()


@dataclass(frozen=True)
class Stage:
    code: str
    label: Text
    next: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    terminal: bool = False
    # Before this stage the quota of a refused/withdrawn TechTAS case is returned.
    counts_as_approved: bool = False
    # Entering it submits the application to ImmD: blocking eligibility failures
    # refuse the move, missing required documents warn, a quota scheme takes a quota.
    submits_application: bool = False
    # Entering it gives a held quota back (if not yet approved and still valid).
    returns_quota: bool = False
    # A case sitting in this stage needs attention, for this reason.
    attention: Text | None = None


@dataclass(frozen=True)
class Workflow:
    code: str
    stages: tuple[Stage, ...]
    enders: tuple[str, ...] = ("refused", "withdrawn")
    by_code: dict[str, Stage] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", {s.code: s for s in self.stages})

    @property
    def first(self) -> Stage:
        return self.stages[0]

    def stage(self, code: str) -> Stage:
        return self.by_code[code]

    def label(self, code: str) -> str:
        """*code*'s label in this workflow, else the label shared by every workflow."""
        return self.by_code[code].label if code in self.by_code else stage_label(code)

    def allowed_moves(self, current: str) -> tuple[str, ...]:
        """Stages a case in *current* may move to (enders from any open stage)."""
        stage = self.by_code.get(current)
        if stage is None or stage.terminal:
            return ()
        return stage.next + tuple(e for e in self.enders if e not in stage.next)

    def open_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.stages if not s.terminal)

    def pre_submission_codes(self) -> tuple[str, ...]:
        """Open stages that come before the first stage submitting the application."""
        codes: list[str] = []
        for stage in self.stages:
            if stage.submits_application:
                return tuple(codes)
            if not stage.terminal:
                codes.append(stage.code)
        return ()  # no submission stage: nothing is "before submission"


SUBMITTED_FACTS = (
    Fact("submitted_on", Text("Submission date")),
    Fact("immd_reference", Text("ImmD reference"), kind="text", required=False),
)
VISA_FACTS = (
    Fact("visa_issued_on", Text("Visa issue date")),
    Fact("visa_number", Text("Visa / e-Visa number"), kind="text"),
    Fact("limit_of_stay_until", Text("Limit of stay until")),
)
ARRIVED_FACTS = (Fact("arrived_on", Text("Arrival date")),)
# Stages that read the same in every workflow having them (their moves included).
PREPARING = Stage("preparing", Text("Preparing documents"), next=("submitted",))
INFO_REQUESTED = Stage("info_requested", Text("Additional information requested"),
                       next=("submitted",),
                       facts=(Fact("info_requested_on", Text("Date requested")),),
                       attention=Text("ImmD asked for additional information"))
ARRIVED = Stage("arrived", Text("Arrived"), next=("active",), facts=ARRIVED_FACTS,
                counts_as_approved=True)
APPROVAL_DATE = Fact("approved_on", Text("Approval date"))
ENDING = (
    Stage("closed", Text("Closed"), terminal=True),
    Stage("refused", Text("Refused"), terminal=True, returns_quota=True),
    Stage("withdrawn", Text("Withdrawn"), terminal=True, returns_quota=True),
)

# Employer-sponsored routes (GEP, TechTAS).
EMPLOYMENT = Workflow("employment", (
    Stage("draft", Text("Draft"), next=("preparing",)),
    PREPARING,
    Stage("submitted", Text("Submitted to ImmD"), next=("info_requested", "approved"),
          facts=SUBMITTED_FACTS, submits_application=True),
    INFO_REQUESTED,
    Stage("approved", Text("Approved"), next=("visa_issued",),
          facts=(APPROVAL_DATE,), counts_as_approved=True),
    Stage("visa_issued", Text("Visa issued"), next=("arrived",), facts=VISA_FACTS,
          counts_as_approved=True),
    ARRIVED,
    Stage("active", Text("Active (employed)"), next=("closed",), counts_as_approved=True),
    *ENDING,
))

# Self-applied routes (QMAS, ASSG): the candidate applies; ImmD assesses, gives an
# approval-in-principle, then issues the visa/entry permit on the documents it
# asks for (e.g. a certificate of no criminal record).
SELF_APPLIED = Workflow("self_applied", (
    PREPARING,
    Stage("submitted", Text("Submitted to ImmD"), next=("under_assessment",),
          facts=SUBMITTED_FACTS, submits_application=True),
    Stage("under_assessment", Text("Under assessment"), next=("in_principle",)),
    Stage("in_principle", Text("Approval-in-principle"), next=("visa_issued",),
          facts=(APPROVAL_DATE,), counts_as_approved=True),
    Stage("visa_issued", Text("Visa issued"), next=("arrived",), facts=VISA_FACTS,
          counts_as_approved=True),
    ARRIVED,
    Stage("active", Text("Active (in Hong Kong)"), next=("closed",), counts_as_approved=True),
    *ENDING,
))

# After arrival (issue 16). An extension of stay (form ID 91) is filed online or on paper;
# its approval sets the new limit of stay, and the e-Visa follows.
SUBMISSION_CHANNEL = Fact("submission_channel", Text("Submitted online or on paper"),
                          kind="text", choices=(("online", Text("Online (GovHK)")),
                                                ("paper", Text("On paper"))))
EXTENSION = Workflow("extension", (
    PREPARING,
    Stage("submitted", Text("Submitted to ImmD"), next=("approved",),
          facts=(SUBMITTED_FACTS[0], SUBMISSION_CHANNEL, SUBMITTED_FACTS[1]),
          submits_application=True),
    Stage("approved", Text("Approved"), next=("visa_issued",),
          facts=(APPROVAL_DATE,
                 Fact("limit_of_stay_until", Text("New limit of stay until"))),
          counts_as_approved=True),
    Stage("visa_issued", Text("e-Visa issued"), next=("closed",), facts=VISA_FACTS[:2],
          counts_as_approved=True),
    *ENDING,
))
# A GEP/ASMTP holder joining from another employer: handled like a new application.
CHANGE_OF_EMPLOYMENT = Workflow("change_of_employment", (
    PREPARING,
    Stage("submitted", Text("Submitted to ImmD"), next=("info_requested", "approved"),
          facts=SUBMITTED_FACTS, submits_application=True),
    INFO_REQUESTED,
    Stage("approved", Text("Approved"), next=("visa_issued",),
          facts=(APPROVAL_DATE,), counts_as_approved=True),
    Stage("visa_issued", Text("Visa issued"), next=("active",), facts=VISA_FACTS,
          counts_as_approved=True),
    Stage("active", Text("Active (employed)"), next=("closed",), counts_as_approved=True),
    *ENDING,
))
# A dependant's own application (ID 997): the stay is the sponsor's, set on approval.
DEPENDANT = Workflow("dependant", (
    PREPARING,
    Stage("submitted", Text("Submitted to ImmD"), next=("approved",), facts=SUBMITTED_FACTS,
          submits_application=True),
    Stage("approved", Text("Approved"), next=("visa_issued",),
          facts=(APPROVAL_DATE,
                 Fact("limit_of_stay_until", Text("Limit of stay until"))),
          counts_as_approved=True),
    Stage("visa_issued", Text("Visa issued"), next=("arrived",), facts=VISA_FACTS[:2],
          counts_as_approved=True),
    ARRIVED,
    Stage("active", Text("Active (in Hong Kong)"), next=("closed",), counts_as_approved=True),
    *ENDING,
))
# A status recorded as the visa shows it (no application, so nothing to refuse or withdraw).
RECORD = Workflow("record", (
    Stage("active", Text("Active (recorded)"), next=("closed",), counts_as_approved=True),
    ENDING[0],
), enders=())

WORKFLOWS: dict[str, Workflow] = {w.code: w for w in (
    EMPLOYMENT, SELF_APPLIED, EXTENSION, CHANGE_OF_EMPLOYMENT, DEPENDANT, RECORD)}


def all_stages() -> dict[str, Stage]:
    """Every stage of every workflow by code, in workflow order (first definition wins)."""
    stages: dict[str, Stage] = {}
    for workflow in WORKFLOWS.values():
        for stage in workflow.stages:
            stages.setdefault(stage.code, stage)
    return stages


def open_stage_codes() -> tuple[str, ...]:
    """Every non-terminal stage code of every workflow."""
    codes: list[str] = []
    for workflow in WORKFLOWS.values():
        codes += [c for c in workflow.open_codes() if c not in codes]
    return tuple(codes)


def stage_label(code: str) -> str:
    """A label of a stage code that is true in every workflow defining it.

    For one case, use its own workflow's label (schemes.case_stage_label).
    This is for places that mix workflows, such as the counts on an unfiltered
    case list. An unknown code is shown as it is.
    """
    labels = [w.by_code[code].label for w in WORKFLOWS.values() if code in w.by_code]
    return common_label(labels) if labels else code


def common_label(labels: Sequence[str]) -> str:
    """One label true for all of *labels*.

    If they agree, that label. If they differ only in a bracketed detail, the
    shared part: "Active (employed)" and "Active (in Hong Kong)" give "Active".
    Either bracket would be wrong for half the cases, and both labels in full
    are long for a button. Otherwise the labels are joined: "A / B".
    """
    distinct = list(dict.fromkeys(labels))
    if len(distinct) == 1:
        return distinct[0]
    shared = {label.split(" (", 1)[0] for label in distinct}
    if len(shared) == 1:
        part = shared.pop()
        return SHARED_LABELS.get(part, part)
    return joined(distinct, " / ")


# The shared part of labels that differ only in a bracketed detail, as a text of its
# own so that it translates too (common_label).
SHARED_LABELS: dict[str, str] = {label: label for label in (Text("Active"),)}


# HKID registration is due within 30 days of arrival (Registration of Persons
# Ordinance, Cap. 177).
HKID_REGISTRATION_DAYS = 30

# Dates set from a recorded fact: {fact: (derived Case attribute, days after)}.
# Arrival starts the 30-day HKID registration window.
DERIVED_FACTS: dict[str, tuple[str, int]] = {
    "arrived_on": ("hkid_due_on", HKID_REGISTRATION_DAYS),
}


def derived_values(values: Mapping[str, Any], born_on: date | None = None) -> dict[str, date]:
    """The dates that follow from the recorded facts in *values* ({derived: date}).

    *born_on* is the person's date of birth: a person of HKID age (11 or over) on arrival
    registers within 30 days of it, a younger child within 30 days of turning 11
    (rules/dependants.hkid_due), so the HKID reminders count down to that day. Unknown,
    the date follows the arrival.
    """
    derived = {name: values[fact] + timedelta(days=days)
               for fact, (name, days) in DERIVED_FACTS.items()
               if isinstance(values.get(fact), date)}
    arrived = values.get("arrived_on")
    if born_on is not None and isinstance(arrived, date):
        derived["hkid_due_on"] = hkid_due(born_on, arrived)
    return derived


# Recorded on the case page once the employee has registered (not a stage fact).
HKID_REGISTERED = Fact("hkid_registered_on", Text("HKID registered on"))

# The recorded facts staff may correct on the case page (with a reason). The date
# of ImmD's request is left out: a re-submission records a later submission date,
# so the request date cannot be re-checked against it.
CORRECTABLE = ("submitted_on", "immd_reference", "approved_on", "visa_issued_on",
               "visa_number", "limit_of_stay_until", "arrived_on", "hkid_registered_on")


def correctable_facts() -> dict[str, Fact]:
    """{name: Fact} of the facts staff may correct, in stage order."""
    facts = {f.name: f for s in all_stages().values() for f in s.facts}
    facts[HKID_REGISTERED.name] = HKID_REGISTERED
    return {name: facts[name] for name in CORRECTABLE}

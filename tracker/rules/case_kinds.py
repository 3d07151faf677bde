"""What a case is: an entry application, or one of the steps of a person's stay after it.

The person is the unit of the record: their cases form a chain (Case.parent_case_id),
from the entry case through each extension of stay or change of employment, and the
latest approved link carries their limit of stay (an earlier link is then superseded:
Case.superseded_by_id). A dependant's ID 997 application is a case of the dependant's
own, whose parent is the sponsor's case. A "record" is a status HR writes down as the
visa shows it, without an application (an IANG graduate or a TTPS holder hired as
they are): it has no workflow steps before "active".
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.rules.text import Text


@dataclass(frozen=True)
class CaseKind:
    code: str
    label: Text
    # The workflow of this kind (rules/workflow.py); None: the scheme's own (entry).
    workflow: str | None
    # Whether the case applies to ImmD (a record does not: no fee, no decision date).
    applies: bool = True
    # Whether the case may hold a TechTAS quota (only an entry application uses one).
    uses_quota: bool = False
    # Whether the scheme's admission rules apply on submission: an entry application's,
    # and a change of employment's, which ImmD handles like a new application for the post.
    admission_rules: bool = False
    # The stages in which the case's limit of stay is the permission of a person in Hong
    # Kong: its stay reminders run and an extension can start from it (an entry case once
    # the person arrived; an extension from its approval, which sets the new limit).
    stay_stages: tuple[str, ...] = ("arrived", "active")
    # Whether the case continues its parent's stay: the move that records its limit of
    # stay supersedes the parent's (a dependant's parent is the sponsor's case: it does not).
    continues_stay: bool = False


KINDS: dict[str, CaseKind] = {kind.code: kind for kind in (
    CaseKind("entry", Text("Entry application"), None, uses_quota=True, admission_rules=True),
    CaseKind("extension", Text("Extension of stay"), "extension",
             stay_stages=("approved", "visa_issued"), continues_stay=True),
    CaseKind("change_of_employment", Text("Change of employment"), "change_of_employment",
             admission_rules=True, stay_stages=("visa_issued", "active"), continues_stay=True),
    CaseKind("dependant", Text("Dependant visa application"), "dependant"),
    CaseKind("record", Text("Status recorded as the visa shows it"), "record", applies=False,
             stay_stages=("active",)),
)}
ENTRY = "entry"


def kind(code: str) -> CaseKind:
    """The kind *code* (KeyError for an unknown one)."""
    return KINDS[code]


def in_stay_stage(kind_code: str, stage: str) -> bool:
    """Whether a case of *kind_code* in *stage* holds the person's permission in Hong Kong."""
    return stage in KINDS[kind_code].stay_stages

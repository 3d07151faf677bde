"""What the case page shows, gathered from plain rule functions (nothing decided in templates)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import render_template
from flask_wtf import FlaskForm
from markupsafe import Markup

from tracker.candidates.models import QUALIFICATION_LEVELS
from tracker.candidates.passport import passport_flag
from tracker.cases import eligibility
from tracker.cases.after_arrival import (
    continuation,
    decision_view,
    extension_view,
    fees_view,
    next_stay,
)
from tracker.cases.continuation import open_child
from tracker.cases.contract import FIELDS as CONTRACT_FIELDS
from tracker.cases.contract import RENEWAL_DECISIONS, summary
from tracker.cases.corrections import stage_recorded
from tracker.cases.dependants import (
    EXTENDED_WITH_SPONSOR_NOTE,
    hkid_after_11,
    stay_with_sponsor,
)
from tracker.cases.documents import ChecklistView, document_checklist
from tracker.cases.forms import (
    ContractForm,
    EmployerChangeForm,
    HkidForm,
    correction_form,
    move_form,
)
from tracker.cases.models import Case
from tracker.cases.progress import PASSED_STAGES, blockers, stepper
from tracker.cases.quota import return_rule_note
from tracker.cases.services import IMPORTED_NOTE, OPENED_NOTE
from tracker.clock import today as clock_today
from tracker.rules.case_kinds import KINDS
from tracker.rules.results import INDICATIVE
from tracker.rules.schemes import scheme, workflow_for_case
from tracker.rules.stay import (
    StaySuggestion,
    describe_window,
    extension_window,
    suggest_limit_of_stay,
)
from tracker.rules.text import Text
from tracker.rules.workflow import (
    DERIVED_FACTS,
    HKID_REGISTERED,
    HKID_REGISTRATION_DAYS,
    WORKFLOWS,
    Fact,
    Workflow,
    correctable_facts,
)
from tracker.text import hkdate

# Sections that other modules add to the case page (the dependants' extension offer of
# tracker/cases/dependant_views.py): each renders its HTML for the case on a day.
CASE_SECTIONS: list[Callable[[Case, date], Markup]] = []

# Labels of derived facts, which have no Fact entry of their own.
DERIVED_LABELS = {"hkid_due_on": Text("HKID registration due")}
# Timeline notes the tracker itself writes (stored in English): shown translated.
# A status recorded from the visa (tracker/people/services.py) notes its kind's label.
SYSTEM_NOTES = {note: Text(note) for note in (OPENED_NOTE, EXTENDED_WITH_SPONSOR_NOTE,
                                              IMPORTED_NOTE, str(KINDS["record"].label))}


def stage_facts() -> list[Fact]:
    """Every stage fact of every workflow, in workflow order (an extension's channel too)."""
    return [f for workflow in WORKFLOWS.values() for s in workflow.stages for f in s.facts]


def fact_labels() -> dict[str, str]:
    """{fact name: label} across every workflow (the first definition of a name wins),
    derived facts included."""
    labels: dict[str, str] = {}
    for fact in stage_facts():
        labels.setdefault(fact.name, fact.label)
    return labels | {derived: DERIVED_LABELS.get(derived, derived)
                     for derived, _ in DERIVED_FACTS.values()}


def choice_label(name: str, value: Any) -> Any:
    """A fact chosen from fixed values ("online") as its label ("Online (GovHK)")."""
    choices = {f.name: dict(f.choices) for f in stage_facts() if f.choices}.get(name, {})
    return choices.get(value, value) if isinstance(value, str) else value


def show_fact(value: Any) -> str:
    """A stored fact (JSON: dates as ISO text) the way the page shows it."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return hkdate(date.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


@dataclass
class FactRow:
    """A recorded fact on the case page, with its correction form when it can be corrected."""

    name: str
    label: str
    value: str
    correction: FlaskForm | None = None


def case_facts(case: Case, posted: tuple[str, FlaskForm] | None = None) -> list[FactRow]:
    """The case's recorded stage facts (latest values), labelled, in workflow order.

    A correctable fact of a recorded stage comes with its correction form (the
    *posted* one keeps its values and errors), even when blank (a visa issue
    date the tracker did not ask for yet).
    """
    labels = fact_labels() | {HKID_REGISTERED.name: HKID_REGISTERED.label}
    correctable = correctable_facts()
    rows = []
    for name, label in labels.items():
        value = getattr(case, name, None)
        fixable = name in correctable and stage_recorded(case, name)
        if not (value or fixable):
            continue
        form = None
        if fixable:
            form = (posted[1] if posted and posted[0] == name
                    else correction_form(correctable[name], formdata=None, data={"value": value}))
        rows.append(FactRow(name, label, show_value(choice_label(name, value)), form))
    return rows


def show_value(value: Any) -> str:
    return hkdate(value) if isinstance(value, date) else (str(value) if value else "—")


def timeline(case: Case) -> list[tuple[Any, list[tuple[str, str]], str]]:
    """Each timeline entry, oldest first, with its facts labelled and formatted, and its
    note (the tracker's own notes translated; a person's note as written). The stages an
    import walked are no fact: the stepper shows them."""
    labels = fact_labels() | {HKID_REGISTERED.name: HKID_REGISTERED.label}
    return [(event, [(labels.get(k, k), _event_fact(event.kind, choice_label(k, v)))
                     for k, v in (event.facts or {}).items() if k != PASSED_STAGES],
             _event_note(event))
            for event in case.events]


def _event_note(event: Any) -> str:
    """The note of a timeline entry: the opening entry's note is the tracker's own."""
    if event.from_stage is None and event.note in SYSTEM_NOTES:
        return SYSTEM_NOTES[event.note]
    return event.note or ""


def _event_fact(kind: str, value: Any) -> str:
    """A move's fact as shown; a correction's [old, new] as "old → new"."""
    if kind == "correction" and isinstance(value, list):
        return " → ".join(show_fact(v) if v not in (None, "") else "—" for v in value)
    return show_fact(value)


def _move_form(case: Case, workflow: Workflow, today: date,
               posted: FlaskForm | None) -> FlaskForm | None:
    """The move form (a posted one keeps its values), its limit of stay pre-filled."""
    if not workflow.allowed_moves(case.stage):
        return None
    form = posted or move_form(workflow, case.stage)
    prefill_limit_of_stay(form, case, today, posted is not None)
    return form


def extension_text(case: Case, today: date) -> Text | None:
    """When the extension of stay can be filed (rules/stay.py), for a case with a limit of stay.

    None once the case is closed, refused or withdrawn, or a later case replaced its
    limit of stay: nothing is left to extend.
    """
    stage = workflow_for_case(case.scheme, case.kind).stage(case.stage)
    if case.limit_of_stay_until is None or stage.terminal or case.superseded_by_id:
        return None
    return describe_window(extension_window(case.limit_of_stay_until), today)


def _contract_form(case: Case, posted: FlaskForm | None) -> FlaskForm | None:
    if not scheme(case.scheme).tracks_contract:
        return None
    return posted or ContractForm(data={name: getattr(case, name) for name in CONTRACT_FIELDS
                                        if getattr(case, name) is not None})


def after_arrival_context(case: Case, today: date,
                          employer_change: FlaskForm | None) -> dict[str, Any]:
    """The case page's extension, continuation, fees and decision sections."""
    workflow = workflow_for_case(case.scheme, case.kind)
    open_extension = open_child(case, "extension")
    follow = continuation(case, open_extension)
    needs_form = follow is not None and follow.employer_change is not None \
        and follow.employer_change.needs_approval
    return {
        "kind": KINDS[case.kind],
        "extension_case": extension_view(case, today),
        "continuation": follow,
        "open_extension": open_extension,
        "employer_change_form": (employer_change or EmployerChangeForm()) if needs_form else None,
        "fees": fees_view(case, workflow, today),
        "decision": decision_view(case, workflow, today),
    }


def case_page_context(case: Case, today: date, move: FlaskForm | None = None,
                      hkid: FlaskForm | None = None, contract: FlaskForm | None = None,
                      correction: tuple[str, FlaskForm] | None = None,
                      employer_change: FlaskForm | None = None,
                      checklist: ChecklistView | None = None) -> dict[str, Any]:
    """Template values of the case page; *move*/*hkid*/*contract*/*employer_change* keep a
    posted form, *correction* the posted correction form of one fact (name, form), and
    *checklist* a refused checklist save."""
    workflow = workflow_for_case(case.scheme, case.kind)
    current = workflow.stage(case.stage)
    # The admission rules are an entry application's and a change of employment's; an
    # extension continues the stay they admitted.
    verdict = (eligibility.case_verdict(case, today) if KINDS[case.kind].admission_rules
               else None)
    entry = scheme(case.scheme)
    checklist = checklist or document_checklist(case)
    return after_arrival_context(case, today, employer_change) | {
        "case": case,
        "scheme": entry,
        "stage": current,
        # This workflow's labels first ("Active (in Hong Kong)" for QMAS).
        "stage_label": workflow.label,
        "passport_flag": passport_flag(case.candidate.passport_expiry, today,
                                       case.intended_start_date),
        "verdict": verdict,  # the engine's, as on the advisor page (tracker/rules/advisor.py)
        "application_date": eligibility.application_date(case, today),
        "indicative": INDICATIVE,
        "move_form": _move_form(case, workflow, today, move),
        "contract": summary(case) if entry.tracks_contract else None,
        "contract_form": _contract_form(case, contract),
        "renewal_labels": dict(RENEWAL_DECISIONS),
        "quota_note": return_rule_note(case, current, today),
        "hkid_form": hkid or (HkidForm() if case.arrived_on and not case.hkid_registered_on
                              else None),
        "levels": dict(QUALIFICATION_LEVELS),
        "timeline": timeline(case),
        "facts": case_facts(case, correction),
        "extension": extension_text(case, today),
        "hkid_days": HKID_REGISTRATION_DAYS,
        "hkid_after_11": hkid_after_11(case),
        "checklist": checklist,
        "steps": stepper(case, workflow),
        "blockers": blockers(case, workflow, verdict, checklist.summary),
        "sections": [section(case, today) for section in CASE_SECTIONS],
    }


def render_case_page(case: Case, **posted: Any) -> str:
    """The case page of today; *posted* keeps a posted form (see case_page_context)."""
    return render_template("cases/show.html", **case_page_context(case, clock_today(), **posted))


# The move form's "Limit of stay until", pre-filled from rules/stay.py.
FACT = "limit_of_stay_until"


def stay_suggestion(case: Case, today: date) -> StaySuggestion:
    """The limit of stay a visa issued *today* would normally give this case.

    The scheme's pattern is the one for the application date (the submission
    date once recorded), the top-tier one for a person flagged top tier; NET follows
    the contract end; an extension gets the next period after the limit it extends.
    """
    return stay_with_sponsor(case) or next_stay(case, today) or suggest_limit_of_stay(
        case.scheme, case.submitted_on or today, today, contract_end=case.contract_end,
        top_tier=case.candidate.top_tier)


def describe(suggestion: StaySuggestion) -> Text:
    """The field's help text: the suggestion and where it comes from (the source is a
    citation: it stays as written)."""
    if suggestion.until is None:
        return Text("No suggestion: %(reason)s Enter the date on the visa.",
                    reason=suggestion.reason)
    values = {"date": hkdate(suggestion.until), "reason": suggestion.reason,
              "source": suggestion.source}
    if suggestion.confirmed:
        return Text("Suggested %(date)s: %(reason)s Source: %(source)s. Change it to the date "
                    "the visa states.", **values)
    return Text("Suggested %(date)s: %(reason)s Source: %(source)s. Not confirmed against an "
                "official text. Change it to the date the visa states.", **values)


def prefill_limit_of_stay(form: FlaskForm, case: Case, today: date, posted: bool) -> None:
    """Put the suggestion into the move form's "Limit of stay until" (unless posted)."""
    if FACT not in form:
        return
    suggestion = stay_suggestion(case, today)
    form[FACT].description = describe(suggestion)
    if not posted and form[FACT].data is None:
        form[FACT].data = suggestion.until

"""Case forms: the case itself, the stage move, corrections, HKID registration, the filters,
and the previous employer of a change of employment.

Labels are exact (people and tests rely on them). Id fields do not check
their choices: the service checks every posted id against the user's company
and reports a clear error, whatever the page offered.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString  # type: ignore[import-untyped]
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, StopValidation

from tracker.cases.contract import RENEWAL_DECISIONS
from tracker.cases.listing import SORTS
from tracker.clock import today
from tracker.forms_common import SelectChoice, SingleLineField
from tracker.rules.schemes import SCHEMES, scheme_choices
from tracker.rules.stage_dates import DateProblem, date_problems
from tracker.rules.talent_list_versions import profession_label, profession_names
from tracker.rules.text import Text
from tracker.rules.workflow import HKID_REGISTERED, Fact, Workflow, all_stages, stage_label
from tracker.validators import monthly_salary_limit, plausible_date


def optional_int(value: Any) -> int | None:
    """"" or None → None, else an int (ValueError becomes the field's error)."""
    if value in (None, ""):
        return None
    return int(value)


def id_field(label: str | LazyString, **kwargs: Any) -> SelectField:
    return SelectField(label, coerce=optional_int, validate_choice=False, **kwargs)


def blank(text: str | LazyString) -> SelectChoice:
    return SelectChoice("", text)


# The case form's fields that only some schemes use; every scheme uses the others
# (candidate, scheme, intended start, owner). The script hides the fields of other
# schemes (static/case_form.js) and the form ignores them when posted without it.
JOB_OFFER_FIELDS = ("job_title", "monthly_salary")
QUOTA_FIELDS = ("allotment_id", "position_id")
GEP_FIELDS = ("local_recruitment_justification", "talent_list_profession")
# QMAS and ASSG applicants apply with no job offer; TTPS and IANG holders may record one
# (IANG's returning graduates apply with it).
NO_JOB_OFFER_WORKFLOWS = ("self_applied", "dependant")
# ASMTP applies GEP's rules (local recruitment, the Talent List) to Mainland residents.
GEP_RULE_SCHEMES = ("GEP", "ASMTP")
NUMBER_FIELDS = ("monthly_salary", *QUOTA_FIELDS)  # blank is None; for text, ""


def scheme_fields(code: str | None) -> tuple[str, ...]:
    """The scheme-dependent fields *code*'s cases use (all of them for no known scheme)."""
    scheme = SCHEMES.get(code or "")
    if scheme is None:
        return (*JOB_OFFER_FIELDS, *QUOTA_FIELDS, *GEP_FIELDS)
    used: tuple[str, ...] = ()
    if scheme.workflow not in NO_JOB_OFFER_WORKFLOWS:
        used += JOB_OFFER_FIELDS
    if scheme.needs_quota:
        used += QUOTA_FIELDS
    if code in GEP_RULE_SCHEMES:
        used += GEP_FIELDS
    return used


def schemes_using(name: str) -> list[str]:
    """The codes of the schemes whose cases use the field *name*."""
    return [code for code in SCHEMES if name in scheme_fields(code)]


class CaseForm(FlaskForm):
    # Rendered with only the chosen candidate: the browser searches the others
    # (static/case_form.js); a company may have 20,000 of them.
    candidate_id = id_field(_l("Candidate"),
                            description=_l("Type part of the name or the passport number"))
    scheme = SelectField(_l("Scheme"), validators=[DataRequired()])
    allotment_id = id_field(_l("Quota allotment"), description=_l("TechTAS only"))
    position_id = id_field(_l("Position"),
                           description=_l("TechTAS only: a position of that allotment"))
    # Required for schemes that need a job offer (rules/schemes.py): the service checks.
    job_title = SingleLineField(_l("Job title"), validators=[Optional(), Length(max=200)],
                                description=_l("Not needed for QMAS and ASSG (no job offer)"))
    monthly_salary = IntegerField(_l("Monthly salary (HKD)"),
                                  validators=[Optional(), monthly_salary_limit()],
                                  description=_l("Not needed for QMAS and ASSG"))
    intended_start_date = DateField(_l("Intended start date"), validators=[Optional()])
    owner_id = id_field(_l("Owner"))
    local_recruitment_justification = TextAreaField(
        _l("Justification of local recruitment"), validators=[Optional(), Length(max=5000)],
        description=_l("GEP: why the post cannot readily be filled locally (waived for Talent "
                       "List posts or pay of HK$2,000,000+ a year)"))
    talent_list_profession = SelectField(
        _l("Talent List profession"), validate_choice=False,
        description=_l("GEP: if the post is on the Talent List"))
    submit = SubmitField(_l("Save case"))

    # The fields shown locked (disabled, their value posted hidden; the page says why).
    locked: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (*JOB_OFFER_FIELDS, *QUOTA_FIELDS, *GEP_FIELDS):
            self[name].render_kw = {**(self[name].render_kw or {}),
                                    "data-schemes": " ".join(schemes_using(name))}

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields, ignoring those the chosen scheme does not use (blank, unchecked)."""
        super().validate(extra_validators)
        self.ignore_other_schemes()
        return not self.errors

    def ignore_other_schemes(self) -> None:
        """Blank the data of other schemes' fields, whatever was posted in them (the page
        still shows what was typed, so switching back loses nothing)."""
        used = scheme_fields(self.scheme.data)
        for name in (*JOB_OFFER_FIELDS, *QUOTA_FIELDS, *GEP_FIELDS):
            if name not in used:
                self[name].errors = []
                self[name].data = None if name in NUMBER_FIELDS else ""

    def lock(self, values: dict[str, Any]) -> None:
        """Keep *values* (field → the case's value), whatever is posted: the page shows
        those fields disabled, with the reason."""
        for name, value in values.items():
            self[name].data = value
        self.locked = tuple(values)

    def offer_candidate(self, chosen: tuple[int, str] | None, lookup_url: str) -> None:
        """Offer the chosen candidate (id, label) only; the rest are searched at *lookup_url*."""
        self.candidate_id.choices = [blank(_l("Choose a candidate"))] + (
            [SelectChoice(str(chosen[0]), chosen[1])] if chosen else [])
        # The search script shows no text of its own: the page hands it its words.
        self.candidate_id.render_kw = {"data-lookup-url": lookup_url,
                                       "data-no-results": _("No candidate of your company "
                                                            "matches.")}

    def set_choices(self, allotments: list[tuple[int, str]],
                    positions: list[tuple[int, str, str]], owners: list[tuple[int, str]]
                    ) -> None:
        """Offer the company's own rows (positions grouped by allotment)."""
        # Each scheme's official name in the reader's language, beside its code.
        language = str(get_locale() or "en")
        self.scheme.choices = [SelectChoice(code, f"{code} – {SCHEMES[code].name_in(language)}")
                               for code, _label in scheme_choices()]
        self.allotment_id.choices = [blank(_l("— none —"))] + [
            SelectChoice(str(i), label) for i, label in allotments]
        self.position_id.choices = [blank(_l("— none —"))] + [
            SelectChoice(str(i), label, optgroup=group) for i, label, group in positions]
        self.owner_id.choices = [blank(_l("— nobody —"))] + [
            SelectChoice(str(i), label) for i, label in owners]
        # The Talent List in force today, and a value recorded from an earlier edition.
        names = list(profession_names(today()))
        recorded = self.talent_list_profession.data
        if recorded and recorded not in names:
            names.insert(0, recorded)
        self.talent_list_profession.choices = [blank(_l("— not on the list —"))] + [
            SelectChoice(p, profession_label(p)) for p in names]


def add_errors(form: FlaskForm, problems: list[DateProblem], fallback: str) -> None:
    """Put each problem under its fact's field (else under *fallback*)."""
    for problem in problems:
        field = form[problem.fact] if problem.fact in form else form[fallback]
        field.errors = [*field.errors, problem.message]


class MoveFormBase(FlaskForm):
    # Not checked against the choices: move_case refuses a disallowed stage with a
    # message that names the allowed ones.
    to_stage = SelectField(_l("New stage"), validate_choice=False)
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Move case"))
    # Set by move_form: the workflow, and the case's recorded dates and today for
    # the stage-date rule (rules/stage_dates.py); without them it is not checked.
    workflow: Workflow
    recorded: dict[str, Any] | None = None
    today: date | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields, then the chosen stage's dates: every problem on its field at once."""
        valid = super().validate(extra_validators)
        if self.recorded is None or self.today is None:
            return valid
        entered = {name: value for name, value in fact_values(self, self.workflow).items()
                   if not self[name].errors}  # a field's own error says enough
        problems = date_problems(self.recorded, entered, self.today)
        add_errors(self, problems, "to_stage")
        return valid and not problems


def move_form(workflow: Workflow, current: str, recorded: dict[str, Any] | None = None,
              today: date | None = None, **kwargs: Any) -> FlaskForm:
    """The stage-move form for a case in *current*: the allowed stages and their facts.

    With the case's *recorded* dates and *today*, validating it also checks the
    new dates (none in the future, in the stages' order).
    """
    allowed = [workflow.stage(code) for code in workflow.allowed_moves(current)]
    fields: dict[str, Any] = {}
    for stage in allowed:
        for fact in stage.facts:
            fields[fact.name] = fact_field(fact)
    form = type("MoveForm", (MoveFormBase,), fields)(**kwargs)
    form.workflow, form.recorded, form.today = workflow, recorded, today
    form.to_stage.choices = [SelectChoice(s.code, s.label) for s in allowed]
    # (stage, its fields) for the template's fieldsets.
    form.fact_groups = [(s, [form[f.name] for f in s.facts]) for s in allowed if s.facts]
    return form


def fact_field(fact: Fact) -> Any:
    """The move form's field of one stage fact: a date, a choice (online or paper) or text."""
    if fact.kind == "date":
        return DateField(fact.label, validators=[Optional(), plausible_date])
    if fact.choices:
        # Not checked against the choices: move_case refuses another value, naming them.
        return SelectField(fact.label, validate_choice=False, choices=[
            blank(_l("— choose —")), *(SelectChoice(code, label) for code, label in fact.choices)])
    return SingleLineField(fact.label, validators=[Optional(), Length(max=60)])


def fact_values(form: FlaskForm, workflow: Workflow) -> dict[str, Any]:
    """The posted facts of the chosen stage only."""
    stage = workflow.by_code.get(form.to_stage.data)
    if stage is None:
        return {}
    return {fact.name: form[fact.name].data for fact in stage.facts if fact.name in form}


class CorrectionFormBase(FlaskForm):
    reason = TextAreaField(_l("Reason for the correction"),
                           validators=[DataRequired(_l("Give the reason for the correction.")),
                                       Length(max=500)])
    submit = SubmitField(_l("Save correction"))


def correction_form(fact: Fact, **kwargs: Any) -> FlaskForm:
    """The case page's form correcting one recorded *fact*: its new value and a reason.

    Each fact's form has its own prefix, so the page can hold one per fact.
    """
    message = Text("%(fact)s cannot be left blank.", fact=fact.label)
    required: list[Any] = ([DataRequired(message)] if fact.required or fact.kind == "date"
                           else [])
    label = Text("%(fact)s (corrected)", fact=fact.label)
    value = (DateField(label, validators=[*required, plausible_date])
             if fact.kind == "date"
             else SingleLineField(label, validators=[*(required or [Optional()]), Length(max=60)]))
    form_class = type("CorrectionForm", (CorrectionFormBase,), {"value": value})
    return form_class(prefix=f"correct-{fact.name}", **kwargs)


class EmployerChangeForm(FlaskForm):
    """The person joins from another employer: open their change of employment."""

    previous_employer = SingleLineField(
        _l("Previous employer"), validators=[DataRequired(_l("Enter the previous employer.")),
                                             Length(max=200)],
        description=_l("The employer named on the visa the person holds now"))
    submit = SubmitField(_l("Start the change of employment"))


class HkidForm(FlaskForm):
    hkid_registered_on = DateField(HKID_REGISTERED.label, validators=[DataRequired()])
    submit = SubmitField(_l("Record HKID registration"))


def finite_number(form: FlaskForm, field: DecimalField) -> None:
    """Refuse NaN and Infinity, which Decimal parses but cannot compare."""
    if field.data is not None and not field.data.is_finite():
        raise StopValidation(_("Enter a number."))


class ContractForm(FlaskForm):
    """NET: the teaching contract of the case."""

    contract_start = DateField(_l("Contract start"), validators=[DataRequired()])
    contract_end = DateField(_l("Contract end"), validators=[Optional()],
                             description=_l("Leave blank for start + 2 years − 1 day"))
    renewal_decision = SelectField(_l("Renewal decision"), default="pending",
                                   choices=[SelectChoice(c, _l(label))
                                            for c, label in RENEWAL_DECISIONS])
    gratuity_rate_percent = DecimalField(
        _l("Gratuity rate (%)"), places=2,
        validators=[Optional(), finite_number, NumberRange(min=0, max=100)],
        description=_l("As the contract states (of the basic salary over the contract)"))
    submit = SubmitField(_l("Save contract"))


class CaseFilterForm(FlaskForm):
    """The case list's GET filters (no CSRF token: links stay shareable)."""

    class Meta:
        csrf = False

    q = SingleLineField(_l("Search"), validators=[Optional(), Length(max=100)],
                        description=_l("Candidate name or passport number"))
    # An absent filter is the blank choice ("All …"): with no default it was None,
    # which is no choice, so the list opened with "Not a valid choice." errors.
    scheme = SelectField(_l("Scheme"), default="")
    stage = SelectField(_l("Stage"), default="")
    # Checked against the offered choices: an id that is not the company's is ignored.
    allotment = SelectField(_l("Quota allotment"), coerce=optional_int)
    owner = SelectField(_l("Owner"), coerce=optional_int)
    attention = BooleanField(_l("Needs attention"))
    sort = SelectField(_l("Sort by"),
                       choices=[SelectChoice(k, _l(v[0])) for k, v in SORTS.items()],
                       default="created")

    def set_choices(self, allotments: list[tuple[int, str]], owners: list[tuple[int, str]]
                    ) -> None:
        self.scheme.choices = [blank(_("All schemes"))] + [
            SelectChoice(code, code) for code, _name in scheme_choices()]
        self.stage.choices = [blank(_("All stages"))] + [
            SelectChoice(code, stage_label(code)) for code in all_stages()]
        self.allotment.choices = [blank(_("All allotments"))] + [
            SelectChoice(str(i), label) for i, label in allotments]
        self.owner.choices = [blank(_("Anyone"))] + [
            SelectChoice(str(i), label) for i, label in owners]

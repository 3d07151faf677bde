"""Forms for allotments (with a growable list of positions) and quota applications."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.forms_common import SelectChoice, SingleLineField
from tracker.quotas.status import ValidityBasis, derived_valid_until
from tracker.quotas.validation import AllotmentInput, PositionInput, QuotaError
from tracker.rules.techtas import area_label
from tracker.tenancy import as_id
from tracker.validators import fits_integer, monthly_salary_limit, plausible_date


def shown(field: DateField) -> str:
    """What a date field holds as posted (or as filled in), stripped."""
    if field.raw_data:
        return str(field.raw_data[0]).strip()
    return field.data.isoformat() if field.data else ""


def posted_id(raw: str | None) -> int | None:
    """A row's hidden position id: None for a new row, -1 (no position's id) for junk."""
    if not raw:
        return None
    return as_id(raw) or -1


class PositionForm(Form):
    """One position of the letter (a sub-form: the outer form carries the CSRF token)."""

    position_id = HiddenField()
    job_title = SingleLineField(_l("Job title"), validators=[DataRequired(), Length(max=200)])
    # Choices are set per allotment date; the service checks the area against them.
    technology_area = SelectField(_l("Technology area"), validate_choice=False)
    required_qualification = SingleLineField(_l("Required qualification"),
                                         validators=[Optional(), Length(max=200)])
    monthly_salary = IntegerField(_l("Monthly salary (HKD)"),
                                  validators=[InputRequired(), monthly_salary_limit()])
    quotas = IntegerField(_l("Quotas"),
                          validators=[InputRequired(), NumberRange(min=1), fits_integer])
    remove = SubmitField(_l("Remove position"))

    def is_blank(self) -> bool:
        """A new row the user left empty (ignored rather than refused)."""
        typed = (self.job_title, self.required_qualification, self.monthly_salary, self.quotas)
        return not self.position_id.data and not any((f.raw_data or [""])[0] for f in typed)

    def read_input(self) -> tuple[PositionInput, bool]:
        """The position as entered, and whether every number was read (else the
        stand-ins 0 and 1 take their place: allotment_problems leaves them alone)."""
        salary, quotas = readable(self.monthly_salary), readable(self.quotas)
        return PositionInput(
            job_title=self.job_title.data or "", technology_area=self.technology_area.data or "",
            required_qualification=self.required_qualification.data or "",
            monthly_salary=0 if salary is None else salary, quotas=1 if quotas is None else quotas,
            id=posted_id(self.position_id.data)), None not in (salary, quotas)


def readable(field: IntegerField) -> int | None:
    """The number a field read, or None (left blank or refused by its own checks)."""
    return None if field.errors else field.data


class AllotmentForm(FlaskForm):
    """What ITC's allotment letter says."""

    application_id = HiddenField()
    itc_reference = SingleLineField(_l("ITC reference"),
                                    validators=[DataRequired(), Length(max=60)])
    allotment_date = DateField(_l("Allotment date"), validators=[InputRequired(), plausible_date])
    valid_until = DateField(_l("Valid until"), validators=[Optional(), plausible_date])
    # What "Valid until" follows (a ValidityBasis) and the date the page filled in: a
    # shown date that differs from it was typed, which the server sees without JavaScript.
    validity_basis = HiddenField(default="configured")
    valid_until_prefilled = HiddenField()
    # The "Valid for" button pressed, if any: "configured" or "rule" (drawn by the template).
    validity_choice = HiddenField()
    total_quotas = IntegerField(_l("Number of quotas"),
                                validators=[InputRequired(), NumberRange(min=1), fits_integer])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    positions = FieldList(FormField(PositionForm), min_entries=1)
    add_position = SubmitField(_l("Add position"))
    submit = SubmitField(_l("Save allotment"))

    def set_areas(self, areas: Sequence[str]) -> None:
        """Offer *areas* in every row, keeping a row's current value selectable."""
        for entry in self.positions:
            field = entry.form.technology_area
            options = list(areas)
            if field.data and field.data not in options:
                options.append(field.data)
            field.choices = [SelectChoice(a, area_label(a)) for a in options]

    def handle_row_buttons(self) -> bool:
        """Apply "Add position" / "Remove position"; True when one was pressed (re-render)."""
        for entry in list(self.positions.entries):
            if entry.form.remove.data:
                self.positions.entries.remove(entry)
                if not self.positions.entries:
                    self.positions.append_entry()
                return True
        if self.add_position.data:
            self.positions.append_entry()
            return True
        return False

    def handle_validity_choice(self) -> bool:
        """Apply a "Valid for" button (12 months / the validity in force): True when one
        was pressed, so the page shows the date it gives (or the script already did)."""
        choice = self.validity_choice.data
        if choice not in ("configured", "rule"):
            return False
        self.validity_basis.data = choice
        self.valid_until_prefilled.data = shown(self.valid_until)  # replaced, not typed
        return True

    def validity(self) -> ValidityBasis:
        """What "Valid until" follows. A shown date other than the one the page filled in
        was typed, and is kept; a post without the filled-in date (a script) counts any
        date it gives as typed."""
        typed = shown(self.valid_until)
        if self.validity_basis.data == "typed" or (
                typed and typed != (self.valid_until_prefilled.data or "")):
            return "typed"
        return "rule" if self.validity_basis.data == "rule" else "configured"

    def follow_allotment_date(self, configured: int) -> None:
        """Unless a date was typed, show "Valid until" worked out from the allotment date
        (so a changed allotment date never leaves a stale one) and remember it as filled in."""
        basis = self.validity()
        self.validity_basis.data = basis
        start = self.allotment_date.data
        if basis == "typed" or start is None or self.allotment_date.errors:
            return
        derived = derived_valid_until(start, basis, configured)
        self.valid_until.data = derived
        self.valid_until.raw_data = [derived.isoformat()]  # what the field shows
        self.valid_until_prefilled.data = derived.isoformat()

    def drop_blank_positions(self) -> None:
        """Forget new rows left empty, so an extra "Add position" does no harm."""
        kept = [e for e in self.positions.entries if not e.form.is_blank()]
        self.positions.entries = kept or self.positions.entries[:1]

    def posted_position_ids(self) -> set[int]:
        """Ids of existing positions named in the post (checked against the allotment)."""
        ids = {posted_id(entry.form.position_id.data) for entry in self.positions}
        return {i for i in ids if i is not None}

    def to_input(self) -> AllotmentInput:
        """The letter as entered, once the form validated; an untyped "Valid until" is left
        to the service, which works it out from the allotment date as posted."""
        data, unread = self.read_input()
        if unread:
            raise ValueError(f"Unread values {sorted(unread)}: was the form validated?")
        return data

    def read_input(self) -> tuple[AllotmentInput, set[str]]:
        """The letter as far as the fields read it, and what they could not read
        ("allotment_date", "total_quotas", "positions"): stand-ins take their place,
        which validation.allotment_problems leaves alone."""
        basis = self.validity()
        unread = set()
        allotment_date = None if self.allotment_date.errors else self.allotment_date.data
        if allotment_date is None:
            unread.add("allotment_date")
        total = readable(self.total_quotas)
        if total is None:
            unread.add("total_quotas")
        positions = [e.form.read_input() for e in self.positions]
        if not all(read for _position, read in positions):
            unread.add("positions")
        typed = basis == "typed" and not self.valid_until.errors
        return AllotmentInput(
            itc_reference=self.itc_reference.data or "",
            allotment_date=allotment_date or date.min,
            valid_until=self.valid_until.data if typed else None,
            validity="configured" if basis == "typed" else basis,
            total_quotas=1 if total is None else total,
            notes=(self.notes.data or "").strip(),
            positions=[position for position, _read in positions]), unread

    def show_error(self, error: QuotaError) -> None:
        """Put every problem of a service refusal next to the field it concerns."""
        self.show_problems(error.problems)

    def show_problems(self, problems: list[QuotaError]) -> None:
        """Put each problem next to the field it concerns (else at the top); a field its
        own check refused keeps only that error."""
        for problem in problems:
            target = self._field_of(problem)
            if target is None:
                self.form_errors.append(problem.shown())
            elif not target.errors:
                target.errors = [*target.errors, problem.shown()]

    def _field_of(self, problem: QuotaError) -> Field | None:
        if problem.row is not None and problem.row < len(self.positions.entries):
            return self.positions.entries[problem.row].form[problem.field or "job_title"]
        if problem.field and problem.field in self and problem.field != "positions":
            return self[problem.field]
        return None


class ApplicationForm(FlaskForm):
    """A quota application sent to ITC."""

    submitted_on = DateField(_l("Submitted on"), validators=[InputRequired(), plausible_date])
    requested_quotas = IntegerField(_l("Requested number of quotas"),
                                    validators=[InputRequired(), NumberRange(min=1),
                                                fits_integer])
    reference = SingleLineField(_l("Reference"), validators=[Optional(), Length(max=60)],
                            description=_l("ITC's application or file reference, if any."))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save application"))

    def default_date(self, today: date) -> None:
        if self.submitted_on.data is None and not self.is_submitted():
            self.submitted_on.data = today


class ApplicationStatusForm(FlaskForm):
    """Change an application's status (and notes)."""

    status = SelectField(_l("Status"), choices=[
        SelectChoice("submitted", _l("Submitted")), SelectChoice("allotted", _l("Allotted")),
        SelectChoice("rejected", _l("Rejected"))])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save status"))


class ConfirmForm(FlaskForm):
    """A bare POST with the CSRF token (delete buttons)."""

    submit = SubmitField(_l("Delete"))

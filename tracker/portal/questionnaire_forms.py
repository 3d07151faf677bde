"""The questionnaire's forms: a section as the candidate fills it, HR's request for
sections, and HR's review of the answers.

A section's form is built from the HR candidate form's own fields
(tracker/candidates/forms.CandidateForm): the same labels, help texts, validators and
limits, so a fact is checked by one rule whoever types it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.candidates.forms import CandidateForm, TalentListField, offer_talent_list
from tracker.clock import today
from tracker.forms_common import SelectChoice
from tracker.portal import questionnaire
from tracker.portal.questionnaire import Section
from tracker.portal.review import hr_title
from tracker.validators import plausible_date

REASON_LIMIT = 1000  # a return reason: a few sentences


class SectionForm(FlaskForm):
    """Base of every section's form: Save (keep going later) or send it to HR."""

    save = SubmitField(_l("Save"))
    send = SubmitField(_l("Save and send to HR"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self:
            if isinstance(field, TalentListField):
                offer_talent_list(field)

    def answer_fields(self) -> list[Any]:
        """The section's fields, in the section's order (not the buttons or the token)."""
        return [field for field in self if field.name not in ("save", "send", "csrf_token")]


@cache
def section_form_class(codes: tuple[str, ...]) -> type[SectionForm]:
    """A form class with the candidate form's fields *codes* (cached: built once each)."""
    fields = {code: getattr(CandidateForm, code) for code in codes}
    return type("QuestionnaireSectionForm", (SectionForm,), fields)


def section_form(section: Section, **kwargs: Any) -> SectionForm:
    """The form of *section* (kwargs as for any FlaskForm: data=, formdata=)."""
    return section_form_class(tuple(field.code for field in section.fields))(**kwargs)


def not_in_past(form: Any, field: Any) -> None:
    """A due date from today on (an overdue date helps nobody)."""
    if field.data is not None and field.data < today():
        raise ValidationError(_l("Choose a date from today on."))


class SectionRequestForm(FlaskForm):
    """HR asks the candidate for some sections of the questionnaire, by a date."""

    sections = SelectMultipleField(
        _l("Sections to ask for"), validators=[DataRequired(_l("Choose at least one section."))],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    due_on = DateField(_l("Answer by"), validators=[Optional(), plausible_date, not_in_past],
                       description=_l("Optional; the candidate sees it with the request"))
    submit = SubmitField(_l("Ask the candidate"))

    def offer(self, scheme: str) -> SectionRequestForm:
        """Offer the sections of a case of *scheme*, in questionnaire order."""
        self.sections.choices = [SelectChoice(section.code, _l(hr_title(section)))
                                 for section in questionnaire.sections_for(scheme)]
        return self


def reason_required(form: Any, field: Any) -> None:
    """A field or section goes back to the candidate with a reason they can act on."""
    if form.returned.data and not (field.data or "").strip():
        raise ValidationError(_l("Say why the answers go back to the candidate."))


class ReviewForm(FlaskForm):
    """HR's decision on some of a section's answers: accept these, return those."""

    accepted = SelectMultipleField(_l("Accept"), validate_choice=False)
    returned = SelectMultipleField(_l("Return"), validate_choice=False)
    reason = TextAreaField(_l("Reason for returning"),
                           validators=[reason_required, Length(max=REASON_LIMIT)],
                           description=_l("The candidate reads it beside each returned answer"))
    submit = SubmitField(_l("Apply the decisions"))

    def validate_accepted(self, field: Any) -> None:
        if not field.data and not self.returned.data:
            raise ValidationError(_l("Tick an answer to accept or to return."))
        if set(field.data or ()) & set(self.returned.data or ()):
            raise ValidationError(_l("An answer is either accepted or returned, not both."))


class ReturnSectionForm(FlaskForm):
    """HR returns the whole section (every answer not yet accepted) with a reason."""

    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Say why the section goes back to the candidate.")),
        Length(max=REASON_LIMIT)])
    submit = SubmitField(_l("Return the section"))


"""Form fields and helpers several domains share: three-valued yes/no/not known, required data,
one-line names."""

from __future__ import annotations

from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

# types-WTForms (3.2) predates SelectChoice, added in WTForms 3.3; the other forms import it
# from here, so this is the one place that says so.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import ValidationError

from tracker.text import ONE_LINE, has_control_characters

YES, NO = "yes", "no"

T = TypeVar("T")


def required(data: T | None) -> T:
    """The data of a DataRequired/InputRequired field once its form validated.

    WTForms types every field's data as optional; validation is what rules None out.
    """
    if data is None:
        raise ValueError("A required field has no data: was its form validated?")
    return data


def tristate(value: Any) -> bool | None:
    """"yes" → True, "no" → False, "" → None (not known); stored booleans pass through."""
    if value is None or value == "":
        return None
    if value is True or value == YES:
        return True
    if value is False or value == NO:
        return False
    raise ValueError("Choose yes, no or not known.")


class TriStateField(SelectField):
    """A select of Not known / Yes / No whose data is None / True / False."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        choices = [SelectChoice("", _l("Not known")), SelectChoice(YES, _l("Yes")),
                   SelectChoice(NO, _l("No"))]
        super().__init__(label, choices=choices, coerce=tristate, **kwargs)
        self.invalid_value_message = _l("Choose yes, no or not known.")


def one_line(form: FlaskForm, field: StringField) -> None:
    """Names appear in e-mail subjects and page titles: no line breaks or control codes."""
    if has_control_characters(field.data or ""):
        raise ValidationError(f"{field.label.text} {ONE_LINE}.")


class SingleLineField(StringField):
    """A text box for one line: names, references, titles (every StringField here).

    Control characters are refused with the field's other errors (a multi-line
    text is a TextAreaField).
    """

    def pre_validate(self, form: FlaskForm) -> None:
        one_line(form, self)

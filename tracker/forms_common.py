"""Form fields and helpers several domains share: three-valued yes/no/not known, required data,
one-line names, and every error of a page at once (the summary of base.html)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from jinja2 import pass_context
from jinja2.runtime import Context
from wtforms import Field, FieldList, FormField, SelectField, StringField

# types-WTForms (3.2) predates SelectChoice, added in WTForms 3.3; the other forms import it
# from here, so this is the one place that says so.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.form import BaseForm
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
        self.type = "SelectField"  # drawn as a select (Bootstrap-Flask picks the class by type)
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


@dataclass(frozen=True)
class FormError:
    """One line of a page's error summary: the field it links to ("" for none)."""

    field_id: str
    label: str
    message: str


# Fields the user never sees: their errors are listed without a link.
UNSEEN_FIELDS = ("HiddenField", "CSRFTokenField")


def field_errors(field: Field) -> Iterator[FormError]:
    """Every error of *field*, of each row of a FieldList and each field of a FormField."""
    if isinstance(field, FieldList):
        for entry in field:
            yield from field_errors(entry)
    elif isinstance(field, FormField):
        for subfield in field.form:
            yield from field_errors(subfield)
    else:
        link = "" if field.type in UNSEEN_FIELDS else field.id
        # Each message once; kept as they are, so a Text renders in the reader's language.
        for message in dict.fromkeys(field.errors):
            yield FormError(link, field.label.text, message)


def form_errors(form: BaseForm) -> list[FormError]:
    """Every error of *form*, in the order of its fields (the form's own first)."""
    shown = [FormError("", "", message) for message in getattr(form, "form_errors", [])]
    for field in form:
        shown.extend(field_errors(field))
    return shown


@pass_context
def page_form_errors(context: Context) -> list[FormError]:
    """The errors of every form the page renders, for the summary at its top (base.html).

    Read from the template's variables, so every form of the product gets the summary
    without its view doing anything.
    """
    shown: list[FormError] = []
    seen: set[int] = set()
    for value in context.get_all().values():
        if isinstance(value, BaseForm) and id(value) not in seen:
            seen.add(id(value))
            shown.extend(form_errors(value))
    return shown


def add_refusals(form: BaseForm, refusals: Mapping[str, str]) -> None:
    """Put the service's refusals on their fields, so every problem shows in one round.

    A field its own check refused keeps only that error: it says enough, and the
    service saw no value there.
    """
    for name, message in refusals.items():
        if name not in form:
            form.form_errors.append(message)
        elif not form[name].errors:
            form[name].errors = [*form[name].errors, message]


def checked_data(form: BaseForm, names: Iterable[str]) -> dict[str, Any]:
    """The data of *names*; a field its own check refused counts as not given (None)."""
    return {name: None if form[name].errors else form[name].data for name in names}

"""The advisor page's GET form: a job offer to test and the application date."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from tracker.forms_common import SelectChoice, SingleLineField, TriStateField
from tracker.rules.techtas import AREA_LISTS, area_label, technology_areas
from tracker.validators import monthly_salary_limit


def _sensible(form: FlaskForm, field: DateField) -> None:
    if field.data is not None and not date(2000, 1, 1) <= field.data <= date(2100, 12, 31):
        raise ValidationError(_l("Enter a date between 2000 and 2100."))


class OfferForm(FlaskForm):
    """No CSRF token: the page only reads, and links to it stay shareable."""

    class Meta:
        csrf = False

    on = DateField(_l("Application date"), validators=[Optional(), _sensible],
                   description=_l("Rules in force on this date apply (default today)"))
    job_title = SingleLineField(_l("Job title"), validators=[Optional(), Length(max=200)])
    monthly_salary = IntegerField(_l("Monthly salary (HKD)"),
                                  validators=[Optional(), monthly_salary_limit()])
    technology_area = SelectField(_l("Technology area"), validate_choice=False,
                                  validators=[Optional(), Length(max=100)])
    principally_rnd = TriStateField(_l("Principally research and development (R&D)"))
    submit = SubmitField(_l("Check the routes"))

    def set_choices(self, on: date) -> None:
        """The technology areas in force on *on*, plus any older name typed in a link."""
        areas = list(technology_areas(on))
        known = {a for lst in AREA_LISTS for a in lst.areas}
        typed = self.technology_area.data
        if typed and typed not in areas and typed in known:
            areas.insert(0, typed)
        self.technology_area.choices = [SelectChoice("", _l("— not known —"))] + [
            SelectChoice(a, area_label(a)) for a in areas]

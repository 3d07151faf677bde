"""The candidate form and the list's search box. Labels are relied on by people and tests."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from tracker.candidates.models import QUALIFICATION_LEVELS


class CandidateForm(FlaskForm):
    full_name = StringField("Full name", validators=[DataRequired(), Length(max=200)],
                            description="As in the passport")
    chinese_name = StringField("Chinese name", validators=[Optional(), Length(max=100)])
    nationality = StringField("Nationality", validators=[DataRequired(), Length(max=100)])
    date_of_birth = DateField("Date of birth", validators=[DataRequired()])
    place_of_birth = StringField("Place of birth", validators=[Optional(), Length(max=100)])
    passport_number = StringField("Passport number", validators=[DataRequired(),
                                                                 Length(max=40)])
    passport_expiry = DateField("Passport expiry", validators=[DataRequired()])
    email = EmailField("Email", validators=[Optional(), Email(), Length(max=254)])
    qualification_level = SelectField(
        "Highest qualification", default="bachelor",
        choices=[SelectChoice(code, label) for code, label in QUALIFICATION_LEVELS])
    qualification_subject = StringField("Subject", validators=[Optional(), Length(max=200)])
    qualification_institution = StringField("Institution",
                                            validators=[Optional(), Length(max=200)])
    stem_degree = BooleanField("STEM degree",
                               description="Science, technology, engineering or mathematics")
    years_experience = IntegerField("Years of relevant experience", default=0,
                                    validators=[Optional(), NumberRange(min=0, max=70)])
    current_location = StringField("Current location", validators=[Optional(),
                                                                    Length(max=100)])
    submit = SubmitField("Save candidate")


class SearchForm(FlaskForm):
    """GET search box: no CSRF token, so links stay shareable."""

    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional(), Length(max=100)],
                    description="Name or passport number")

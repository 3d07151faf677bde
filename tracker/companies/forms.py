"""Forms for inviting users, editing them and the company's settings."""

from __future__ import annotations

import unicodedata

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from tracker.forms_common import SelectChoice
from tracker.permissions import Role


def one_line(form: FlaskForm, field: StringField) -> None:
    """Names appear in e-mail subjects and page titles: no line breaks or control codes."""
    if any(unicodedata.category(char) == "Cc" for char in field.data or ""):
        raise ValidationError("Names cannot contain line breaks, tabs or other control characters.")


ROLE_CHOICES = [SelectChoice(r.value, r.label) for r in (Role.VIEWER, Role.STAFF, Role.ADMIN)]


class InviteUserForm(FlaskForm):
    full_name = StringField("Full name", validators=[DataRequired(), Length(max=200), one_line])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.STAFF.value)
    submit = SubmitField("Send invitation")


class EditUserForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    active = BooleanField("Active (can sign in)")
    submit = SubmitField("Save")


class CompanySettingsForm(FlaskForm):
    name = StringField("Legal name", validators=[DataRequired(), Length(max=200), one_line])
    contact_email = EmailField("Contact email", validators=[DataRequired(), Email(),
                                                            Length(max=254)])
    quota_reminder_offsets = StringField(
        "Quota reminder days before expiry", validators=[DataRequired(), Length(max=100)],
        description="Comma-separated, e.g. 90, 60, 30, 14, 7, 1",
    )
    submit = SubmitField("Save settings")

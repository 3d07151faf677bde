"""The company's settings form (inviting and editing users: auth/forms.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, SubmitField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from tracker.companies.models import PORTAL_INVITATION_DAYS_RANGE
from tracker.forms_common import SingleLineField


class CompanySettingsForm(FlaskForm):
    name = SingleLineField(_l("Legal name"), validators=[DataRequired(), Length(max=200)])
    contact_email = EmailField(_l("Contact email"), validators=[DataRequired(), Email(),
                                                                Length(max=254)])
    quota_reminder_offsets = SingleLineField(
        _l("Quota reminder days before expiry"), validators=[DataRequired(), Length(max=100)],
        description=_l("Comma-separated, e.g. 90, 60, 30, 14, 7, 1"),
    )
    portal_invitation_days = IntegerField(
        _l("Candidate portal invitations work for (days)"),
        validators=[Optional(), NumberRange(*PORTAL_INVITATION_DAYS_RANGE)],
        description=_l("From 1 to 30 days (left blank: unchanged). A new invitation "
                       "replaces the earlier link."))
    submit = SubmitField(_l("Save settings"))

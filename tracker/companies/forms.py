"""The company's settings form (inviting and editing users: auth/forms.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, Field, IntegerField, SubmitField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from tracker.companies.models import PORTAL_INVITATION_DAYS_RANGE, PORTAL_OVERDUE_DAYS_RANGE
from tracker.forms_common import SingleLineField
from tracker.rules.offsets import OffsetsError, parse_offsets


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
    # When candidates are reminded of what HR asked through the portal (portal/reminders.py).
    portal_reminder_offsets = SingleLineField(
        _l("Remind candidates, days before a request's due date"),
        validators=[Optional(), Length(max=100)],
        description=_l("Comma-separated, e.g. 7, 3, 1 (left blank: unchanged)."))
    portal_overdue_days = IntegerField(
        _l("Remind candidates once more, days after a missed due date"),
        validators=[Optional(), NumberRange(*PORTAL_OVERDUE_DAYS_RANGE)],
        description=_l("From 0 to 30 days; 0: no reminder once the date has passed "
                       "(left blank: unchanged)."))
    submit = SubmitField(_l("Save settings"))

    def validate_portal_reminder_offsets(self, field: Field) -> None:
        """Read as every reminder setting is (rules/offsets.py), so it fails beside its field."""
        try:
            parse_offsets(field.data or "")
        except OffsetsError as error:
            raise ValidationError(error.args[0].translated()) from None

"""Forms: a user's reminder e-mail preferences; the resend button's CSRF form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField


class PreferencesForm(FlaskForm):
    quota_reminders_enabled = BooleanField(
        _l("Email me reminders"),
        description=_l("Quota expiry, limit of stay, HKID registration and passport expiry. "
                       "Admins receive reminders due within 14 days even when this is off."))
    daily_digest = BooleanField(
        _l("Daily digest instead of one email per reminder"),
        description=_l("One email a day listing every new reminder for your company."))
    submit = SubmitField(_l("Save"))


class ResendForm(FlaskForm):
    """Empty: carries the CSRF token of the Resend button."""

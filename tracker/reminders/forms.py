"""Forms: a user's reminder e-mail preferences; the resend button's CSRF form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField


class PreferencesForm(FlaskForm):
    quota_reminders_enabled = BooleanField(
        "Email me reminders",
        description="Quota expiry, limit of stay, HKID registration and passport expiry. "
                    "Admins receive reminders due within 14 days even when this is off.")
    daily_digest = BooleanField(
        "Daily digest instead of one email per reminder",
        description="One email a day listing every new reminder for your company.")
    submit = SubmitField("Save")


class ResendForm(FlaskForm):
    """Empty: carries the CSRF token of the Resend button."""

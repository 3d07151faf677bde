"""The calendar feed's forms on the user's account page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from tracker.forms_common import SelectChoice


class FeedForm(FlaskForm):
    """Issue a new secret address (replacing any old one) holding the chosen cases."""

    scope = RadioField(_l("What the calendar holds"), default="mine",
                       validators=[InputRequired()],
                       choices=[SelectChoice("mine", _l("The cases I own")),
                                SelectChoice("company", _l("Every case of the company, "
                                                          "and the quota allotments"))])
    submit = SubmitField(_l("Make a new address"))


class RevokeFeedForm(FlaskForm):
    """Empty: carries the CSRF token of the Revoke button."""

    submit = SubmitField(_l("Revoke the address"))

"""The portal's forms: the candidate's sign-in, code and password forms, and HR's
invite and revoke buttons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Regexp

from tracker.auth.forms import LoginForm, NewPasswordMixin, strip_text
from tracker.forms_common import SingleLineField


class SignInForm(LoginForm):
    """E-mail and password (the HR sign-in form's fields and limits)."""


class CodeRequestForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)],
                       filters=[strip_text])
    submit = SubmitField(_l("Send me a code"))


class CodeForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)],
                       filters=[strip_text])
    code = SingleLineField(_l("Code"), filters=[strip_text], validators=[
        DataRequired(), Regexp(r"^\d{6}$", message=_l("The code has 6 digits."))],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6})
    submit = SubmitField(_l("Sign in"))


class SetPasswordForm(NewPasswordMixin, FlaskForm):
    """The invitation's page: the same password rules as HR's (auth/passwords.py)."""

    submit = SubmitField(_l("Set password and sign in"))


class InviteForm(FlaskForm):
    """HR's invite (or invite again) button on the person's and the case page."""

    email = EmailField(_l("Candidate's email"),
                       validators=[DataRequired(), Email(), Length(max=254)],
                       filters=[strip_text])
    submit = SubmitField(_l("Invite to the portal"))


class RevokeForm(FlaskForm):
    """HR's revoke button: a bare POST with the CSRF token."""

    submit = SubmitField(_l("Revoke portal access"))


class SignOutForm(FlaskForm):
    submit = SubmitField(_l("Sign out"))

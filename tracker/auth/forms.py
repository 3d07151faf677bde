"""Forms for signing in, managing one's password, and the admin's inviting and editing users."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from tracker.auth.passwords import password_problem
from tracker.forms_common import SelectChoice, SingleLineField
from tracker.i18n import LANGUAGES
from tracker.permissions import Role


def strip_text(value: object) -> object:
    """WTForms filter: drop the spaces a pasted address often carries."""
    return value.strip() if isinstance(value, str) else value


def strong_password(form: FlaskForm, field: PasswordField) -> None:
    """WTForms validator wrapping the password rules."""
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class LoginForm(FlaskForm):
    # No "remember me": a long-lived cookie would outlive the idle timeout and
    # the absolute session lifetime that ASVS level 2 asks for.
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField(_l("Sign in"))


class NewPasswordMixin:
    new_password = PasswordField(_l("New password"),
                                 validators=[DataRequired(), strong_password])
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField(_l("Change password"))


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)],
                       filters=[strip_text])
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    submit = SubmitField(_l("Set password"))


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("New email"), validators=[DataRequired(), Email(), Length(max=254)],
                       filters=[strip_text])
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField(_l("Change email"))


class ConfirmEmailForm(FlaskForm):
    # The address the page showed, posted back: the change is what the user saw,
    # and a bare POST (a link checker's, say) changes nothing.
    email = HiddenField(_l("New email"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Confirm new email"))


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[
        SelectChoice("", _l("Follow the browser")),
        *(SelectChoice(code, name) for code, name in LANGUAGES.items())])
    submit = SubmitField(_l("Save"))


ROLE_CHOICES = [SelectChoice(Role.VIEWER.value, _l("Viewer")),
                SelectChoice(Role.STAFF.value, _l("Staff")),
                SelectChoice(Role.ADMIN.value, _l("Admin"))]


class InviteUserForm(FlaskForm):
    full_name = SingleLineField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=Role.STAFF.value)
    submit = SubmitField(_l("Send invitation"))


class EditUserForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    active = BooleanField(_l("Active (can sign in)"))
    submit = SubmitField(_l("Save"))


class ResendInvitationForm(FlaskForm):
    """The Users page's "Resend" button: a bare POST with the CSRF token."""

    submit = SubmitField(_l("Resend invitation"))

"""Forms that parse the checklist's per-item posts.

The checklist partial writes these fields by hand (one small form per item,
each with its own element ids), so the case page that includes it needs to
pass nothing but the case; these classes only parse and validate the posts.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from tracker.documents.checklist import STATUS_LABELS
from tracker.forms_common import SelectChoice

STATUS_CHOICES = [SelectChoice(value, label) for value, label in STATUS_LABELS.items()]


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=STATUS_CHOICES)
    received_on = DateField(_l("Received on"), validators=[Optional()],
                            description=_l("Left blank, today's date is used."))


class UploadForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to upload."))])


class RemoveFileForm(FlaskForm):
    """Only the CSRF token."""


def first_error(form: FlaskForm) -> str:
    """The first validation message of *form*, prefixed by its field's label."""
    for field in form:
        if field.errors:
            return _("%(label)s: %(message)s", label=str(field.label.text),
                     message=str(field.errors[0]))
    return _("The form could not be read.")

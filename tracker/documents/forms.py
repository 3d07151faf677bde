"""Forms that parse the checklist's posts.

The checklist partial writes these fields by hand (the whole checklist's statuses
in one form, named per item; an upload and a removal form per item), so the case
page that includes it needs to pass nothing but the case; these classes and
functions only parse and validate the posts.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from tracker.documents.checklist import STATUS_LABELS
from tracker.documents.services import DocumentError, StatusChange
from tracker.forms_common import SelectChoice
from tracker.i18n import N_
from tracker.rules.documents import DocumentItem

STATUS_CHOICES = [SelectChoice(value, label) for value, label in STATUS_LABELS.items()]


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=STATUS_CHOICES)
    received_on = DateField(_l("Received on"), validators=[Optional()],
                            description=_l("Left blank, today's date is used."))


class UploadForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to upload."))])


class RemoveFileForm(FlaskForm):
    """Only the CSRF token."""


class ChecklistForm(FlaskForm):
    """The whole checklist's save: the CSRF token here, the items' fields read by
    posted_statuses (named status-<code> and received-<code>)."""


def posted_statuses(formdata: dict[str, str], items: tuple[DocumentItem, ...]
                    ) -> tuple[list[StatusChange], dict[str, DocumentError]]:
    """The posted status of each item on the form (items not posted are left alone), and
    the items whose received date could not be read."""
    changes: list[StatusChange] = []
    unreadable: dict[str, DocumentError] = {}
    for item in items:
        status = formdata.get(f"status-{item.code}")
        if status is None:
            continue
        text = (formdata.get(f"received-{item.code}") or "").strip()
        try:
            received_on = date.fromisoformat(text) if text else None
        except ValueError:
            unreadable[item.code] = DocumentError(N_("Received on: not a valid date."))
            continue
        changes.append(StatusChange(item, status, received_on))
    return changes, unreadable


def first_error(form: FlaskForm) -> str:
    """The first validation message of *form*, prefixed by its field's label."""
    for field in form:
        if field.errors:
            return _("%(label)s: %(message)s", label=str(field.label.text),
                     message=str(field.errors[0]))
    return _("The form could not be read.")

"""The import pages' forms: the upload, the column mapping, the write."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField

from tracker.forms_common import SelectChoice
from tracker.imports.kinds import KINDS
from tracker.imports.mapping import Kind


class UploadForm(FlaskForm):
    kind = SelectField(_l("What the file holds"),
                       choices=[SelectChoice(code, _l(kind.label))
                                for code, kind in KINDS.items()])
    file = FileField(_l("File (CSV or XLSX)"),
                     validators=[FileRequired(_l("Choose a file to upload."))])


class WriteForm(FlaskForm):
    valid_only = BooleanField(_l("Import the valid rows only"))


def mapping_form(kind: Kind, headers: list[str], chosen: dict[str, str],
                 formdata: object = None) -> FlaskForm:
    """One select per field of *kind*: which of the file's columns holds it."""

    class MappingForm(FlaskForm):
        pass

    options = [SelectChoice("", _("(not in the file)"))] + [
        SelectChoice(str(index), header or _("Column %(n)s", n=index + 1))
        for index, header in enumerate(headers)]
    for field in kind.fields:
        label = f"{_(field.label)} ({field.code})" + (" *" if field.required else "")
        setattr(MappingForm, f"field_{field.code}", SelectField(
            label, choices=options, validate_choice=False,
            default=str(headers.index(chosen[field.code])) if field.code in chosen else ""))
    return MappingForm(formdata=formdata) if formdata is not None else MappingForm()


def posted_mapping(form: FlaskForm, kind: Kind, headers: list[str]) -> dict[str, str]:
    """field code → header of the posted selects (a blank one maps nothing)."""
    mapping = {}
    for field in kind.fields:
        value = form[f"field_{field.code}"].data
        if value and value.isdigit() and int(value) < len(headers):
            mapping[field.code] = headers[int(value)]
    return mapping

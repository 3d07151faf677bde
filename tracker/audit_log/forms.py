"""The audit log's filter form (a GET form: no CSRF token, nothing changes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import Optional, ValidationError

from tracker.audit_log import labels
from tracker.audit_log.queries import AuditFilters
from tracker.forms_common import SelectChoice
from tracker.validators import plausible_date

ANY = SelectChoice("", _l("Any"))


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()])
    object_type = SelectField(_l("Object type"), validators=[Optional()])
    user = SelectField(_l("User"), validators=[Optional()])
    date_from = DateField(_l("Date from"), validators=[Optional(), plausible_date])
    date_to = DateField(_l("Date to"), validators=[Optional(), plausible_date])
    submit = SubmitField(_l("Filter"))

    def set_choices(self, actions: list[str], object_types: list[str],
                    users: list[tuple[int, str]]) -> None:
        self.action.choices = [ANY, *(SelectChoice(a, labels.action(a)) for a in actions)]
        self.object_type.choices = [ANY, *(SelectChoice(t, labels.object_type(t))
                                           for t in object_types)]
        self.user.choices = [ANY, *(SelectChoice(str(uid), name) for uid, name in users)]

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("Date to cannot be before date from."))

    def filters(self) -> AuditFilters:
        return AuditFilters(action=self.action.data or None,
                            object_type=self.object_type.data or None,
                            user_id=int(self.user.data) if self.user.data else None,
                            date_from=self.date_from.data, date_to=self.date_to.data)

"""The Workforce filters and the form recording an employee already on a visa."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import Length, Optional

from tracker.cases.forms import blank, id_field, optional_int
from tracker.forms_common import SelectChoice, SingleLineField
from tracker.people.status import EXPIRED, scheme_name
from tracker.people.workforce import DAYS_CHOICES
from tracker.validators import plausible_date


def days_label(days: str) -> str:
    """"Expired", or "30 days or fewer" (the filter's and the dashboard's wording)."""
    if days == EXPIRED:
        return _("Expired")
    return _("%(days)s days or fewer", days=days)


class WorkforceFilterForm(FlaskForm):
    """The Workforce list's GET filters (no CSRF token: links stay shareable)."""

    class Meta:
        csrf = False

    scheme = SelectField(_l("Scheme"), default="")
    days = SelectField(_l("Days left"), default="")
    # Checked against the offered choices: an id that is not the company's is ignored.
    owner = SelectField(_l("Owner"), coerce=optional_int)

    def set_choices(self, schemes: list[str], owners: list[tuple[int, str]]) -> None:
        self.scheme.choices = [blank(_("All schemes"))] + [
            SelectChoice(code, code) for code in schemes]
        self.days.choices = [blank(_("Any"))] + [
            SelectChoice(days, days_label(days)) for days in DAYS_CHOICES]
        self.owner.choices = [blank(_("Anyone"))] + [
            SelectChoice(str(i), label) for i, label in owners]


class SchemeAndOwnerForm(FlaskForm):
    """A form that names a visa (scheme) and an owner, both chosen from this company's lists."""

    scheme: SelectField
    owner_id: SelectField

    def set_choices(self, schemes: tuple[str, ...], owners: list[tuple[int, str]],
                    language: str) -> None:
        self.scheme.choices = [blank(_l("— choose —"))] + [
            SelectChoice(code, f"{code} – {scheme_name(code, language)}") for code in schemes]
        self.owner_id.choices = [blank(_l("— nobody —"))] + [
            SelectChoice(str(i), label) for i, label in owners]


class RecordStatusForm(SchemeAndOwnerForm):
    """An employee already on a visa: the visa's facts as it shows them.

    The dates are checked together by the service (rules/stage_dates.py), so every
    problem shows at once; the fields check only what they can alone.
    """

    scheme = SelectField(_l("Visa held"), validate_choice=False)
    visa_number = SingleLineField(_l("Visa / e-Visa number"),
                                  validators=[Optional(), Length(max=60)])
    visa_issued_on = DateField(_l("Visa issue date"), validators=[Optional(), plausible_date])
    limit_of_stay_until = DateField(_l("Limit of stay until"),
                                    validators=[Optional(), plausible_date])
    arrived_on = DateField(_l("Arrival date"), validators=[Optional(), plausible_date],
                           description=_l("The first arrival under this visa"))
    owner_id = id_field(_l("Owner"))
    submit = SubmitField(_l("Record the status"))


class JoiningChangeForm(SchemeAndOwnerForm):
    """A person joining from another employer with no case here: their change of
    employment (the service refuses a visa that needs none, with the rule's reason)."""

    scheme = SelectField(_l("Visa held"), validate_choice=False)
    previous_employer = SingleLineField(
        _l("Previous employer"), validators=[Optional(), Length(max=200)],
        description=_l("The employer named on the visa the person holds now"))
    owner_id = id_field(_l("Owner"))
    submit = SubmitField(_l("Start the change of employment"))

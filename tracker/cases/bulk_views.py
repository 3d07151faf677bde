"""Bulk actions on the case list (blueprint `case_bulk`): the selected cases of a page
get an owner, a stage move or a document received, each case on its own (tracker.cases.bulk)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from tracker.cases import bulk
from tracker.cases.models import Case
from tracker.cases.moves import MoveRefused
from tracker.cases.queries import owner_choices
from tracker.clock import today
from tracker.forms_common import SelectChoice
from tracker.permissions import Role, role_required
from tracker.rules.text import translated
from tracker.rules.workflow import all_stages, stage_label
from tracker.tenancy import as_id
from tracker.validators import plausible_date

bp = Blueprint("case_bulk", __name__)

ACTIONS = ("owner", "move", "documents")


class BulkForm(FlaskForm):
    """The list's bulk bar: which action, and its value (the case ids travel as case_id)."""

    action = SelectField(_l("Action"), choices=[SelectChoice(a, a) for a in ACTIONS])
    owner = SelectField(_l("Owner"), coerce=str, validate_choice=False)
    to_stage = SelectField(_l("Move to"), validate_choice=False)
    document = SelectField(_l("Document"), validate_choice=False)
    on = DateField(_l("On"), validators=[Optional(), plausible_date])

    def set_choices(self, owners: list[tuple[int, str]]) -> None:
        self.owner.choices = [SelectChoice(str(i), name) for i, name in owners]
        self.to_stage.choices = [SelectChoice(code, stage_label(code)) for code in all_stages()]
        self.document.choices = [SelectChoice(code, label)
                                 for code, label in bulk.document_choices(today())]


def _case_ids() -> list[int]:
    ids = (as_id(value, Case) for value in request.form.getlist("case_id"))
    return [i for i in ids if i is not None]


def _back() -> Response:
    """To the list the selection came from, with its filters (nothing else travels)."""
    fields = {"q", "scheme", "stage", "allotment", "owner", "attention", "sort", "page"}
    query: dict[str, Any] = {k: v for k, v in parse_qsl(request.form.get("back", ""))[:20]
                             if k in fields}
    return redirect(url_for("cases.index", **query))


def _report(result: bulk.BulkResult, done: str) -> None:
    """Flash how many were changed (*done*) and each refused case with its reason."""
    if result.done:
        flash(done, "success")
    if result.unchanged:
        flash(ngettext("%(num)d case was already so.", "%(num)d cases were already so.",
                       len(result.unchanged)), "info")
    for refused in result.refused:
        flash(_("Case %(id)s (%(name)s): %(reason)s", id=refused.case_id,
                name=refused.name or "—", reason=translated(refused.reason)), "danger")


def _run(form: BulkForm, ids: list[int]) -> None:
    company, on = current_user.company_id, form.on.data or today()
    if form.action.data == "owner":
        result = bulk.assign_owner(company, ids, as_id(form.owner.data) or 0, current_user.id)
        done = ngettext("Owner assigned to %(num)d case.", "Owner assigned to %(num)d cases.",
                        len(result.done))
    elif form.action.data == "move":
        result = bulk.move_cases(company, ids, form.to_stage.data or "", on, current_user.id)
        done = ngettext("Moved %(num)d case.", "Moved %(num)d cases.", len(result.done))
    else:
        result = bulk.mark_received(company, ids, form.document.data or "", on)
        done = ngettext("Marked received on %(num)d case.", "Marked received on %(num)d cases.",
                        len(result.done))
    _report(result, done)


def _refused(message: str) -> tuple[str, int]:
    """Nothing was done: the message, and the way back to the list (400)."""
    flash(message, "danger")
    return render_template("cases/bulk_refused.html", back=_back().location), 400


@bp.post("/cases/bulk")
@role_required(Role.STAFF)
def apply() -> Response | tuple[str, int]:
    """Apply one action to the selected cases; each refused one is listed with its reason.

    A selection holding another company's case ids is refused whole: nothing is done.
    """
    form = BulkForm()
    form.set_choices(owner_choices(current_user.company_id))
    ids = _case_ids()
    if not form.validate():
        return _refused(_("The bulk action was not applied: the form expired or a value "
                          "was wrong."))
    if not ids:
        return _refused(_("Select at least one case."))
    if len(ids) > bulk.MAX_CASES:
        return _refused(_("Select at most %(count)s cases at a time.", count=bulk.MAX_CASES))
    if bulk.not_the_companys(current_user.company_id, ids):
        return _refused(_("The bulk action was not applied: the selection holds cases that "
                          "are not your company's."))
    try:
        _run(form, ids)
    except MoveRefused as refusal:  # the owner chosen is not an active user here
        return _refused(translated(refusal.message))
    return _back()


def bulk_form(owners: list[tuple[int, str]]) -> BulkForm | None:
    """The list's bulk bar for staff (None for viewers, who change nothing)."""
    if not current_user.can(Role.STAFF):
        return None
    form = BulkForm(formdata=None)
    form.set_choices(owners)
    return form

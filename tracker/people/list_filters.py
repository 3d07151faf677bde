"""The Workforce list's filters as read from a query string: one reading for the page and
its export (tracker/exports/views.py), so an export holds exactly the rows the page shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracker.cases.queries import owner_choices
from tracker.people.forms import WorkforceFilterForm
from tracker.people.status import recordable_schemes
from tracker.people.workforce import WorkforceFilters
from tracker.rules.schemes import SCHEMES


def workforce_schemes() -> list[str]:
    """Every scheme a status may carry: the registry's and the recordable visas."""
    return list(dict.fromkeys([*SCHEMES, *recordable_schemes()]))


def filter_form(args: Mapping[str, Any], company_id: int) -> WorkforceFilterForm:
    """The filter form over *args*, its choices the schemes and the company's users."""
    form = WorkforceFilterForm(args)
    form.set_choices(workforce_schemes(), owner_choices(company_id))
    return form


def read_filters(form: WorkforceFilterForm) -> WorkforceFilters:
    """The list filters, ignoring any that did not validate (a stale link still lists)."""
    form.validate()

    def ok(name: str) -> bool:
        return not form[name].errors

    return WorkforceFilters(
        scheme=form.scheme.data if ok("scheme") and form.scheme.data else "",
        days=form.days.data if ok("days") and form.days.data else "",
        owner_id=form.owner.data if ok("owner") else None)

"""The case list's filters as read from a query string: one reading for the list page and
its export (tracker/exports/views.py), so an export holds exactly the rows the page shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracker.cases.forms import CaseFilterForm
from tracker.cases.listing import CaseFilters
from tracker.cases.queries import allotment_choices, owner_choices


def filter_form(args: Mapping[str, Any], company_id: int,
                owners: list[tuple[int, str]] | None = None) -> CaseFilterForm:
    """The filter form over *args*, its choices the company's allotments and users
    (*owners* when the caller has read them already)."""
    form = CaseFilterForm(args)
    form.set_choices(allotment_choices(company_id),
                     owner_choices(company_id) if owners is None else owners)
    return form


def read_filters(form: CaseFilterForm) -> CaseFilters:
    """The list filters, ignoring any that did not validate (a stale link still lists)."""
    form.validate()

    def ok(name: str) -> bool:
        return not form[name].errors

    return CaseFilters(
        scheme=form.scheme.data if ok("scheme") and form.scheme.data else "",
        stage=form.stage.data if ok("stage") and form.stage.data else "",
        allotment_id=form.allotment.data if ok("allotment") else None,
        owner_id=form.owner.data if ok("owner") else None,
        attention=bool(form.attention.data), text=(form.q.data or "") if ok("q") else "",
        sort=form.sort.data if ok("sort") else "created")

"""The admin's audit log page: read-only, company-scoped, filtered, paginated."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from tracker.audit_log import labels, values
from tracker.audit_log.forms import AuditFilterForm
from tracker.audit_log.objects import find, references
from tracker.audit_log.queries import audit_page, filter_choices
from tracker.permissions import Role, role_required
from tracker.tenancy import as_id

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("")
@role_required(Role.ADMIN)
def log() -> str:
    """The company's audit entries, newest first. There is deliberately no edit or delete."""
    form = AuditFilterForm(request.args)
    form.set_choices(*filter_choices(current_user.company_id))
    page, found = None, {}
    if form.validate():
        page = audit_page(current_user.company_id, form.filters(),
                          before=as_id(request.args.get("before")),
                          after=as_id(request.args.get("after")))
        # The objects the page names, with their links: one query for the whole page.
        found = find(current_user.company_id, references(row.event for row in page.rows))
    query = {k: v for k, v in request.args.items()
             if k not in ("before", "after", "submit") and v}
    return render_template("audit/log.html", form=form, page=page, query=query, labels=labels,
                           values=values, found=found)

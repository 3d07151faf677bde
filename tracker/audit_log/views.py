"""The admin's audit log page: read-only, company-scoped, filtered, paginated."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from tracker.audit_log import labels
from tracker.audit_log.forms import AuditFilterForm
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
    page = None
    if form.validate():
        page = audit_page(current_user.company_id, form.filters(),
                          before=as_id(request.args.get("before")),
                          after=as_id(request.args.get("after")))
    query = {k: v for k, v in request.args.items()
             if k not in ("before", "after", "submit") and v}
    return render_template("audit/log.html", form=form, page=page, query=query, labels=labels)

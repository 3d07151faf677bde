"""The admin's audit log page: read-only, company-scoped, filtered, paginated."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from tracker.audit.forms import AuditFilterForm
from tracker.audit.queries import audit_page, filter_choices
from tracker.permissions import Role, role_required

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
                          before=request.args.get("before", type=int),
                          after=request.args.get("after", type=int))
    query = {k: v for k, v in request.args.items()
             if k not in ("before", "after", "submit") and v}
    return render_template("audit/log.html", form=form, page=page, query=query)

"""Roles and the one decorator that enforces them.

viewer reads; staff also writes the company's quotas and cases; admin also
manages users and company settings. Views declare the least role they need
with @role_required; nothing else decides access.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, Protocol, cast

from flask import abort, g
from flask_login import current_user, login_required


class Role(StrEnum):
    VIEWER = "viewer"
    STAFF = "staff"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return ROLE_RANK[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()


ROLE_RANK = {Role.VIEWER: 0, Role.STAFF: 1, Role.ADMIN: 2}


class GuardedView(Protocol):
    """A view wrapped by role_required: it says which role it needs."""

    required_role: Role

    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...


def role_required(minimum: Role) -> Callable[[Callable], GuardedView]:
    """Require a signed-in user whose role is at least *minimum* (else 403)."""

    def decorator(view: Callable) -> GuardedView:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.can(minimum):
                g.denied_needs = minimum  # the 403 handler writes it to the audit log
                abort(403)
            return view(*args, **kwargs)

        # mypy has no notion of attributes set on a function: declare it a GuardedView.
        guarded = cast(GuardedView, wrapped)
        guarded.required_role = minimum  # read by the access-control matrix test
        return guarded

    return decorator

"""Every form the fuzzer attacks: where it posts, as whom, its fields and their kinds.

`tests/security/test_fuzz_forms.py` posts Hypothesis-generated submissions to
each form below: per field either the valid value, a malformed value of the
field's kind, a nasty value (impossible dates, huge numbers, 10,000-character
text, Chinese, emoji, right-to-left text, HTML and SQL injection…), a wrong
type (a repeated field, a file) or nothing at all. It expects

- never a 500;
- a refused submission (200 re-render or 400 page) shows a message and changes
  no stored row (every table but the audit log is fingerprinted);
- an accepted submission (302) stores text exactly as typed (surrounding
  whitespace trimmed) and shows it escaped on the pages named in `echo`.

ADD ONE ENTRY PER FORM when you add one:

    "case_create": FormSpec(
        url=lambda w: "/cases/new",
        actor="staff",                       # one of world.ACTORS
        fields={"candidate_id": "id", "scheme": "choice:gep,techtas",
                "target_date": "date", "salary": "int", "notes": "text"},
        valid=lambda w: {"candidate_id": str(w.once("candidate", ...).id), ...},
        echo={"notes": lambda w: "/cases"},  # pages where the stored text shows
    ),

`valid` is called for every submission: give fields that must be unique a
fresh value each time, with w.unique("new.{}@example.com").

Field kinds: text, name (single-line text), email, password, int, money, date,
bool, id, and choice:<v1>,<v2>,... (see KIND_STRATEGIES in test_fuzz_forms.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.factories import PASSWORD
from tests.security.world import World

NEW_PASSWORD = "fuzzing is fun 2025"
ROLE_KIND = "choice:viewer,staff,admin"


@dataclass(frozen=True)
class FormSpec:
    """One form for the fuzzer (see the module docstring)."""

    url: Callable[[World], str]
    actor: str
    fields: dict[str, str]
    valid: Callable[[World], dict[str, str]]
    echo: dict[str, Callable[[World], str]] = field(default_factory=dict)


FORMS: dict[str, FormSpec] = {
    "login": FormSpec(
        url=lambda w: "/login", actor="anonymous",
        fields={"email": "email", "password": "password"},
        valid=lambda w: {"email": w.admin.email, "password": PASSWORD},
    ),
    "change_password": FormSpec(
        url=lambda w: "/account/password", actor="admin",
        fields={"current_password": "password", "new_password": "password",
                "confirm": "password"},
        # "Changing" to the same password keeps the valid current password valid.
        valid=lambda w: {"current_password": PASSWORD, "new_password": PASSWORD,
                         "confirm": PASSWORD},
    ),
    "change_email": FormSpec(
        url=lambda w: "/account/email", actor="admin",
        fields={"email": "email", "current_password": "password"},
        valid=lambda w: {"email": w.unique("fresh.address.{}@example.com"),
                         "current_password": PASSWORD},
    ),
    "reset_request": FormSpec(
        url=lambda w: "/reset", actor="anonymous",
        fields={"email": "email"},
        valid=lambda w: {"email": w.admin.email},
    ),
    "reset_password": FormSpec(
        url=lambda w: f"/reset/{w.reset_token(w.staff)}", actor="anonymous",
        fields={"new_password": "password", "confirm": "password"},
        valid=lambda w: {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    ),
    "invite_user": FormSpec(
        url=lambda w: "/company/users/new", actor="admin",
        fields={"full_name": "name", "email": "email", "role": ROLE_KIND},
        valid=lambda w: {"full_name": "Chan Tai Man", "email": w.unique("tm.chan.{}@example.com"),
                         "role": "staff"},
        echo={"full_name": lambda w: "/company/users"},
    ),
    "edit_user": FormSpec(
        url=lambda w: f"/company/users/{w.staff.id}", actor="admin",
        fields={"role": ROLE_KIND, "active": "bool"},
        valid=lambda w: {"role": "viewer", "active": "y"},
    ),
    "company_settings": FormSpec(
        url=lambda w: "/company/settings", actor="admin",
        fields={"name": "name", "contact_email": "email", "quota_reminder_offsets": "text"},
        valid=lambda w: {"name": "Acme HK Limited", "contact_email": "hr@acme.example",
                         "quota_reminder_offsets": "90, 30, 7"},
        echo={"name": lambda w: "/company/settings",
              "contact_email": lambda w: "/company/settings"},
    ),
}

"""How the audit log shows a stored value: as the user knows it, in the reader's language.

Entries store values JSON-safe (tracker.audit.services.json_safe): dates as ISO
text, codes as stored, ids of other objects. The page shows a date as
DD/MM/YYYY, a code as its label ("not_applicable" as "Not applicable"), an id as
the object's name with a link (tracker/audit_log/objects.py), a boolean as
Yes/No and an amount as HK$. Nothing here changes what is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from flask_babel import gettext
from markupsafe import Markup, escape

from tracker.audit_log.objects import REFERENCE_FIELDS, Found, Key
from tracker.candidates.models import ACHIEVEMENT_KINDS, QUALIFICATION_LEVELS
from tracker.candidates.services import ADVISOR_FIELDS
from tracker.cases.contract import RENEWAL_DECISIONS
from tracker.documents.checklist import STATUS_LABELS
from tracker.i18n import LANGUAGES, N_
from tracker.rules.case_kinds import KINDS
from tracker.rules.dependants import RELATIONS
from tracker.rules.techtas import area_label
from tracker.rules.text import Text
from tracker.rules.workflow import SUBMISSION_CHANNEL, stage_label
from tracker.text import hkd, hkdate

# Fields where a blank value (None) means "not known" rather than "none".
NOT_KNOWN_WHEN_BLANK = frozenset({*ADVISOR_FIELDS, "stem_degree"})
MONEY_FIELDS = frozenset({"monthly_salary", "annual_income_hkd", "business_profit_hkd"})
ROLES = {"admin": N_("Admin"), "staff": N_("Staff"), "viewer": N_("Viewer")}
APPLICATION_STATUSES = {"submitted": N_("Submitted"), "allotted": N_("Allotted"),
                        "rejected": N_("Rejected")}
NOT_ON_TALENT_LIST = N_("Not on the Talent List")


@cache
def choice_labels() -> dict[str, Mapping[str, str]]:
    """{field: {stored code: English label}} of every field chosen from fixed values."""
    return {
        "kind": {code: kind.label for code, kind in KINDS.items()},
        "submission_channel": dict(SUBMISSION_CHANNEL.choices),
        "relation": {code: relation.label for code, relation in RELATIONS.items()},
        "renewal_decision": dict(RENEWAL_DECISIONS),
        "qualification_level": dict(QUALIFICATION_LEVELS),
        "achievement_kind": dict(ACHIEVEMENT_KINDS),
        # A document's status and a quota application's share the field name; their
        # codes differ.
        "status": {**STATUS_LABELS, **APPLICATION_STATUSES},
        "role": ROLES,
        "language": LANGUAGES,
    }


def shown(field: str, value: Any, found: Mapping[Key, Found]) -> Markup:
    """*value* of the changed *field* ("<item>.<field>" for a document's) as HTML."""
    name = field.rpartition(".")[2]
    if value is None or value == "":
        return _blank(name, value)
    if isinstance(value, bool):
        return escape(gettext("Yes") if value else gettext("No"))
    if name in REFERENCE_FIELDS and isinstance(value, int):
        return link(found.get((REFERENCE_FIELDS[name], value)), value)
    return escape(_text(name, value))


def link(target: Found | None, object_id: int) -> Markup:
    """An object's name linking to its page, or "#id" when it is gone or not the
    reader's company's."""
    if target is None:
        return escape(f"#{object_id}")
    return Markup('<a href="{}">{}</a>').format(target.url, target.name)


def say(label: str) -> str:
    """A label in the reader's language: a rule's `Text`, or an N_-marked message."""
    return label.translated() if isinstance(label, Text) else gettext(label)


def _blank(name: str, value: Any) -> Markup:
    if name == "talent_list_profession" and value == "":
        return escape(gettext(NOT_ON_TALENT_LIST))
    if name in NOT_KNOWN_WHEN_BLANK and value is None:
        return escape(gettext("Not known"))
    return Markup('<span class="text-body-secondary">—</span>')


def _text(name: str, value: Any) -> str:
    """A non-blank value that is not an id or a boolean, as text."""
    if isinstance(value, str) and (labels := choice_labels().get(name)) and value in labels:
        return say(labels[value])
    if name == "stage" and isinstance(value, str):
        return say(stage_label(value))
    if name == "technology_area" and isinstance(value, str):
        return say(area_label(value))
    if name in MONEY_FIELDS and isinstance(value, int):
        return hkd(value)
    if name == "gratuity_rate_percent":
        return f"{value}%"
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
        try:
            return hkdate(date.fromisoformat(value))
        except ValueError:
            pass
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)

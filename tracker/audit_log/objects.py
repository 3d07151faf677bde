"""The objects a page of the audit log names: their names and links, in one query.

An entry names its object (object_type, object_id) and, in its changes, other
objects by id (a case's owner, candidate, allotment …). Each is shown by the
name the user knows it by and links to its page, but only while it exists and
belongs to the reader's company: a deleted object, or an id of another company
(an entry written before a move, a forged one), stays a bare "#id", so the log
never names another company's records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.companies.models import Company
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment, QuotaApplication, QuotaPosition
from tracker.rules.case_kinds import ENTRY, KINDS
from tracker.text import hkdate, passport_name

# Fields of the changes whose values are ids, and the kind of object each names.
REFERENCE_FIELDS = {
    "owner_id": "user",
    "candidate_id": "candidate",
    "allotment_id": "quota_allotment",
    "position_id": "quota_position",
    "application_id": "quota_application",
    "parent_case_id": "case",
    "superseded_by_id": "case",
}

Key = tuple[str, int]


@dataclass(frozen=True)
class Found:
    """An object as the page shows it: its name and its page."""

    name: str
    url: str


def references(events: Iterable[AuditEvent]) -> set[Key]:
    """Every (kind, id) the entries name: their objects and the ids in their changes."""
    keys: set[Key] = set()
    for event in events:
        if event.object_type and event.object_id:
            keys.add((event.object_type, event.object_id))
        for field, change in (event.changes or {}).items():
            kind = REFERENCE_FIELDS.get(field)
            values = change if isinstance(change, list) else [change]
            keys.update((kind, v) for v in values
                        if kind and isinstance(v, int) and not isinstance(v, bool))
    return keys


def _name_queries(company_id: int) -> dict[str, Any]:
    """Per kind: ids -> SELECT kind, id, name, detail, parent id (the page to link to,
    when it is another object's), every one limited to *company_id*."""
    text, number = sa.String, sa.BigInteger

    def row(kind: str, model: Any, name: Any, detail: Any, parent: Any = None) -> Any:
        return lambda ids: sa.select(
            sa.literal(kind, text).label("kind"), sa.cast(model.id, number).label("id"),
            sa.cast(name, text).label("name"), sa.cast(detail, text).label("detail"),
            sa.cast(parent if parent is not None else sa.null(), number).label("parent"),
        ).where(model.company_id == company_id, model.id.in_(ids))

    return {
        "candidate": row("candidate", Candidate, Candidate.full_name, Candidate.chinese_name),
        "user": row("user", User, User.full_name, User.email),
        "quota_allotment": row("quota_allotment", QuotaAllotment,
                               QuotaAllotment.itc_reference, sa.literal("", text)),
        "quota_application": row("quota_application", QuotaApplication,
                                 QuotaApplication.reference, QuotaApplication.submitted_on),
        "quota_position": lambda ids: row(
            "quota_position", QuotaPosition, QuotaAllotment.itc_reference,
            QuotaPosition.job_title, QuotaPosition.allotment_id)(ids)
        .join(QuotaAllotment, QuotaAllotment.id == QuotaPosition.allotment_id),
        "case": lambda ids: row("case", Case, Candidate.full_name, Candidate.chinese_name)(ids)
        .add_columns((Case.scheme + "|" + Case.kind).label("scheme"))
        .join(Candidate, Candidate.id == Case.candidate_id),
        "company": lambda ids: sa.select(
            sa.literal("company", text), sa.cast(Company.id, number),
            sa.cast(Company.name, text), sa.literal("", text), sa.cast(sa.null(), number),
        ).where(Company.id == company_id, Company.id.in_(ids)),
    }


def find(company_id: int, keys: set[Key]) -> dict[Key, Found]:
    """The name and page of each of *keys* that exists in *company_id*, in one query."""
    wanted: dict[str, list[int]] = {}
    for kind, object_id in keys:
        wanted.setdefault(kind, []).append(object_id)
    queries = _name_queries(company_id)
    parts = [_with_scheme(kind, queries[kind](sorted(ids)))
             for kind, ids in sorted(wanted.items()) if kind in queries]
    if not parts:
        return {}
    statement = parts[0] if len(parts) == 1 else sa.union_all(*parts)
    return {(kind, object_id): _found(kind, object_id, name, detail, parent, scheme)
            for kind, object_id, name, detail, parent, scheme in db.session.execute(statement)}


def _with_scheme(kind: str, select: sa.Select) -> sa.Select:
    """Every part of the union has the same columns: a case's scheme, "" for the others."""
    return select if kind == "case" else select.add_columns(sa.literal("", sa.String))


def _found(kind: str, object_id: int, name: str, detail: str | None, parent: int | None,
           scheme: str) -> Found:
    """The shown name and the link of one row of `find`."""
    if kind == "candidate":
        return Found(passport_name(name, detail), url_for("candidates.show",
                                                          candidate_id=object_id))
    if kind == "case":
        return Found(_case_name(passport_name(name, detail), scheme),
                     url_for("cases.show", case_id=object_id))
    if kind == "quota_allotment":
        return Found(name, url_for("quotas.allotment", allotment_id=object_id))
    if kind == "quota_position":
        return Found(f"{name}: {detail}", url_for("quotas.allotment", allotment_id=parent))
    if kind == "quota_application":
        shown = name or _("submitted %(date)s", date=_iso_date(detail))
        return Found(shown, url_for("quotas.application", application_id=object_id))
    if kind == "user":
        return Found(name, url_for("auth.edit_user", user_id=object_id))
    return Found(name, url_for("companies.settings"))


def _case_name(person: str, scheme_and_kind: str) -> str:
    """"Chan Tai Man (GEP)"; a case other than an entry application says its kind too,
    since a person's cases of one scheme differ by it: "(GEP, Extension of stay)"."""
    scheme, _, kind = scheme_and_kind.partition("|")
    known = KINDS.get(kind)
    if known is None or kind == ENTRY:
        return f"{person} ({scheme})"
    return f"{person} ({scheme}, {known.label.translated()})"


def _iso_date(text: str | None) -> str:
    """A date read back as text (its ISO form on either database) as DD/MM/YYYY."""
    try:
        return hkdate(date.fromisoformat((text or "")[:10]))
    except ValueError:
        return text or ""

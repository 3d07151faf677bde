"""Every form the fuzzer attacks: where it posts, as whom, its fields and their kinds.

`tests/security/test_fuzz_forms.py` sends Hypothesis-generated submissions to
each form below: per field either the valid value, a malformed value of the
field's kind, a nasty value (impossible dates, huge numbers, 10,000-character
text, Chinese, emoji, right-to-left text, HTML and SQL injection…), a wrong
type (a repeated field, a file, JSON numbers) or nothing at all, and the ids
of company B's records in the fields named in `foreign`. It expects

- never a 500;
- a refused submission (a status of `refusals`) shows a message and changes
  no stored row (every table but the audit log is fingerprinted);
- an accepted submission (302) redirects within the site, stores text exactly
  as typed (surrounding whitespace trimmed) and shows it escaped on the pages
  named in `echo` (AFTER: the page it redirected to);
- a submission carrying one of company B's ids is refused;
- no page of company A's users ever shows company B's records.

GET forms (the list filters, method="GET") send every field in the query
string; they must answer 200 (or the 400 page of unusable input), change
nothing, and show the typed search text escaped (AFTER: the page itself).

ADD ONE ENTRY PER FORM when you add one:

    "case_create": FormSpec(
        url=lambda w: "/cases/new",
        actor="staff",                       # one of world.ACTORS
        fields={"candidate_id": "id", "scheme": "choice:GEP,TechTAS",
                "monthly_salary": "int", "notes": "text"},
        valid=lambda w: {"candidate_id": str(objects.candidate(w).id), ...},
        echo={"notes": AFTER},               # pages where the stored text shows
        foreign={"candidate_id": lambda w: str(objects.b_candidate(w).id)},
    ),

`valid` is called for every submission: give fields that must be unique a
fresh value each time, with w.unique("new.{}@example.com"); MISSING leaves a
field out of the valid submission (an unpressed button, a new row's hidden id).
`url` is called for every submission too: objects a submission uses up are
rebuilt there (see form_objects.case_in). Fields named in `query` travel in
the query string of a POST (e.g. the `next=` of the checklist forms).
`buttons` are submit buttons that re-render the form without saving ("Add
position"): a submission pressing one may come back without a message.

Fields and valid submissions of the bigger forms are built in form_values.py,
the records the forms aim at (company A's and company B's) in form_objects.py.

Field kinds: text, name (single-line text), email, password, int, money, date,
bool, id, url (a ?next= target), upload (a file; the fuzzer varies its name and
content) and
choice:<v1>,<v2>,... (see KIND_STRATEGIES in test_fuzz_forms.py).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from tests import documents_files
from tests.factories import PASSWORD, CaseRecord
from tests.security import form_objects as objects
from tests.security.form_values import (
    ALLOTMENT_FIELDS,
    CANDIDATE_FIELDS,
    CASE_FIELDS,
    FILE,
    MISSING,
    MOVES,
    STAGE_KIND,
    Marker,
    Upload,
    allotment_values,
    candidate_values,
    case_values,
    edit_allotment_values,
    position_fields,
    position_values,
)
from tests.security.world import World
from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.cases.continuation import start_extension
from tracker.cases.models import Case
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.portal import accounts, signin
from tracker.portal.accounts import secret_hash
from tracker.portal.models import PortalSignInCode

__all__ = ["AFTER", "FILE", "FORMS", "MISSING", "FormSpec", "Marker", "Upload"]

NEW_PASSWORD = "fuzzing is fun 2025"
CONFIRMED_EMAIL = "confirmed.by.fuzzer@example.com"
TRISTATE = "choice:,yes,no"
ROLE_KIND = "choice:viewer,staff,admin"
AFTER = "the page the submission led to"


@dataclass(frozen=True)
class FormSpec:
    """One form for the fuzzer (see the module docstring)."""

    url: Callable[[World], str]
    actor: str
    fields: dict[str, str]
    valid: Callable[[World], dict[str, Any]]
    echo: dict[str, Callable[[World], str] | str] = field(default_factory=dict)
    method: str = "POST"
    query: tuple[str, ...] = ()
    foreign: dict[str, Callable[[World], str]] = field(default_factory=dict)
    # An echo field shown only when other fields hold these values: {field: {other: value}}.
    echo_when: dict[str, dict[str, str]] = field(default_factory=dict)
    buttons: tuple[str, ...] = ()
    refusals: tuple[int, ...] = (200, 400)
    # False for a form no value can make invalid (two check boxes): it never re-renders.
    can_refuse: bool = True
    # Tables a refused submission may change because it counts the failed try (a portal
    # sign-in code's wrong attempts use the code up): never any other.
    counts_failures: tuple[str, ...] = ()


# Shown on the candidate's page as typed (the passport number and e-mail are normalised).
CANDIDATE_ECHO: dict[str, Callable[[World], str] | str] = {
    name: AFTER for name in ("full_name", "chinese_name", "nationality", "place_of_birth",
                             "qualification_subject", "qualification_institution",
                             "current_location")}


# The job title is stored with its inner whitespace collapsed, so it is not compared.
CASE_ECHO: dict[str, Callable[[World], str] | str] = {"local_recruitment_justification": AFTER}
# The case form keeps the justification for the GEP rules' schemes only (cases/forms.py).
CASE_ECHO_WHEN = {"local_recruitment_justification": {"scheme": "GEP"}}
# A GEP case ignores the quota fields, so company B's quota ids matter for TechTAS only.
CASE_FOREIGN = {
    "candidate_id": lambda w: str(objects.b_candidate(w).id),
    "owner_id": lambda w: str(w.other_admin.id),
}
TECHTAS_FOREIGN = {
    **CASE_FOREIGN,
    "allotment_id": lambda w: str(objects.b_allotment(w).id),
    "position_id": lambda w: str(objects.b_allotment(w).position_id),
}


def move_spec(start: str, target: str, facts: dict[str, tuple[str, str]], scheme: str
              ) -> FormSpec:
    """The stage-move form of a case in *start*, moving to *target* with its facts."""
    texts = [name for name, (kind, _) in facts.items() if kind == "name"]
    return FormSpec(
        url=lambda w: f"/cases/{objects.case_in(w, start, scheme).id}/move", actor="staff",
        fields={"to_stage": STAGE_KIND, "note": "text",
                **{name: kind for name, (kind, _) in facts.items()}},
        valid=lambda w: {"to_stage": target, "note": "Moved by the fuzzer.",
                         **{name: value for name, (_, value) in facts.items()}},
        echo={name: AFTER for name in ("note", *texts)},
        echo_when={name: {"to_stage": target} for name in texts},  # another stage drops them
    )


ALLOTMENT_ECHO: dict[str, Callable[[World], str] | str] = {
    "itc_reference": AFTER, "notes": AFTER, "positions-0-job_title": AFTER}


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
    "account_language": FormSpec(
        url=lambda w: "/account/language", actor="staff",
        fields={"language": "choice:en,zh_Hant"},
        valid=lambda w: {"language": "zh_Hant"},
    ),
    # The confirmation page of an e-mail change posts back the address it shows. Each
    # submission follows a fresh link of a new user; once the first has taken the
    # address, the valid one is refused as taken (a message, nothing changed).
    "confirm_email": FormSpec(
        url=lambda w: "/account/email/confirm/" + w.email_change_token(
            w.make.user(w.company_a, role="viewer", password=None), CONFIRMED_EMAIL),
        actor="anonymous",
        fields={"email": "email"},
        valid=lambda w: {"email": CONFIRMED_EMAIL},
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
    # The Users page's "Resend" button: a bare POST (its CSRF token and the button).
    "resend_invitation": FormSpec(
        url=lambda w: "/company/users/{}/resend-invitation".format(w.once(
            "invitee", lambda w: w.make.user(w.company_a, role="staff", password=None)).id),
        actor="admin", fields={"submit": "name"}, valid=lambda w: {"submit": "Resend"},
        can_refuse=False,
    ),
    "edit_user": FormSpec(
        url=lambda w: f"/company/users/{w.staff.id}", actor="admin",
        fields={"role": ROLE_KIND, "active": "bool"},
        valid=lambda w: {"role": "viewer", "active": "y"},
    ),
    "company_settings": FormSpec(
        url=lambda w: "/company/settings", actor="admin",
        fields={"name": "name", "contact_email": "email", "quota_reminder_offsets": "text",
                "portal_invitation_days": "int"},
        valid=lambda w: {"name": "Acme HK Limited", "contact_email": "hr@acme.example",
                         "quota_reminder_offsets": "90, 30, 7", "portal_invitation_days": "10"},
        echo={"name": lambda w: "/company/settings",
              "contact_email": lambda w: "/company/settings"},
    ),
    # --- candidates -------------------------------------------------------------------
    "candidate_create": FormSpec(
        url=lambda w: "/candidates/new", actor="staff", fields=CANDIDATE_FIELDS,
        valid=lambda w: candidate_values(w.unique("K{}0000")), echo=CANDIDATE_ECHO,
    ),
    "candidate_edit": FormSpec(
        url=lambda w: f"/candidates/{objects.candidate(w).id}/edit", actor="staff",
        fields=CANDIDATE_FIELDS, echo=CANDIDATE_ECHO,
        valid=lambda w: candidate_values(objects.candidate(w).passport_number),
    ),
    "candidate_search": FormSpec(
        url=lambda w: "/candidates", actor="viewer", method="GET",
        fields={"q": "name", "page": "int"}, valid=lambda w: {"q": "Chan", "page": "1"},
        echo={"q": AFTER},
    ),
    # --- cases --------------------------------------------------------------------------
    "case_create_gep": FormSpec(
        url=lambda w: "/cases/new", actor="staff", fields=CASE_FIELDS,
        valid=lambda w: case_values(w), echo=CASE_ECHO, echo_when=CASE_ECHO_WHEN,
        foreign=CASE_FOREIGN,
    ),
    "case_create_techtas": FormSpec(
        url=lambda w: "/cases/new", actor="staff", fields=CASE_FIELDS,
        valid=lambda w: case_values(w, techtas=True), echo=CASE_ECHO, echo_when=CASE_ECHO_WHEN,
        foreign=TECHTAS_FOREIGN,
    ),
    "case_edit": FormSpec(
        url=lambda w: f"/cases/{objects.gep_case(w).id}/edit", actor="staff",
        fields=CASE_FIELDS, valid=lambda w: case_values(w), echo=CASE_ECHO,
        echo_when=CASE_ECHO_WHEN, foreign=CASE_FOREIGN,
    ),
    "case_list_filters": FormSpec(
        url=lambda w: "/cases", actor="viewer", method="GET",
        fields={"q": "name", "scheme": "choice:GEP,TechTAS", "stage": STAGE_KIND,
                "allotment": "id", "owner": "id", "attention": "bool",
                "sort": "choice:created,name,stage,start", "page": "int"},
        valid=lambda w: {"q": "Chan", "scheme": "GEP", "stage": "draft",
                         "allotment": str(objects.allotment(w).id), "owner": str(w.staff.id),
                         "attention": "", "sort": "stage", "page": "1"},
        echo={"q": AFTER},
        foreign={"allotment": lambda w: str(objects.b_allotment(w).id),
                 "owner": lambda w: str(w.other_admin.id)},
    ),
    # Bulk actions on the case list (tracker/cases/bulk_views.py): each case on its own; a
    # selection holding company B's case refused whole (400), nothing done.
    "case_bulk": FormSpec(
        url=lambda w: "/cases/bulk", actor="staff",
        fields={"case_id": "id", "action": "choice:owner,move,documents", "owner": "id",
                "to_stage": STAGE_KIND, "document": "name", "on": "date", "back": "text"},
        valid=lambda w: {"case_id": str(objects.gep_case(w).id), "action": "owner",
                         "owner": str(w.staff.id), "to_stage": "preparing",
                         "document": "passport", "on": "", "back": "scheme=GEP"},
        foreign={"case_id": lambda w: str(objects.b_case(w).id),
                 "owner": lambda w: str(w.other_admin.id)},
    ),
    "search": FormSpec(
        url=lambda w: "/search", actor="viewer", method="GET",
        fields={"q": "name"}, valid=lambda w: {"q": "Chan"}, echo={"q": AFTER},
    ),
    **{f"case_move_to_{target}": move_spec(start, target, facts, scheme)
       for target, (start, facts, scheme) in MOVES.items()},
    # Correcting a recorded fact on the case page (each fact's form has its own prefix).
    "case_correct_reference": FormSpec(
        url=lambda w: f"/cases/{objects.case_in(w, 'submitted').id}/facts/immd_reference/correct",
        actor="staff",
        fields={"correct-immd_reference-value": "name", "correct-immd_reference-reason": "text"},
        valid=lambda w: {"correct-immd_reference-value": w.unique("IMMD/FIX/{}"),
                         "correct-immd_reference-reason": "The reference was mistyped."},
        echo={"correct-immd_reference-value": AFTER, "correct-immd_reference-reason": AFTER},
    ),
    "case_correct_date": FormSpec(
        url=lambda w: f"/cases/{objects.case_in(w, 'approved').id}/facts/approved_on/correct",
        actor="staff",
        fields={"correct-approved_on-value": "date", "correct-approved_on-reason": "text"},
        valid=lambda w: {"correct-approved_on-value": "2025-05-20",
                         "correct-approved_on-reason": "The letter is dated 20 May."},
    ),
    "case_hkid": FormSpec(
        url=lambda w: f"/cases/{objects.case_in(w, 'arrived').id}/hkid", actor="staff",
        fields={"hkid_registered_on": "date"},
        valid=lambda w: {"hkid_registered_on": "2025-08-20"},
    ),
    # --- people: recording an employee already on a visa (dates around the real today) --
    "record_status": FormSpec(
        url=lambda w: f"/people/{objects.person_without_status(w).id}/record-status",
        actor="staff",
        fields={"scheme": "choice:IANG,TTPS,QMAS,ASSG,DEP", "visa_number": "name",
                "visa_issued_on": "date", "limit_of_stay_until": "date", "arrived_on": "date",
                "owner_id": "id"},
        valid=lambda w: {"scheme": "IANG", "visa_number": w.unique("EV-FUZZ-{}"),
                         "visa_issued_on": f"{date.today() - timedelta(days=60)}",
                         "limit_of_stay_until": f"{date.today() + timedelta(days=600)}",
                         "arrived_on": f"{date.today() - timedelta(days=50)}",
                         "owner_id": str(w.staff.id)},
        foreign={"owner_id": lambda w: str(w.other_admin.id)},
    ),
    # A person joining from another employer with no case here: their change of
    # employment (the form's fields are prefixed: it also sits on the person's page).
    "joining_change": FormSpec(
        url=lambda w: f"/people/{objects.person_without_status(w).id}/change-of-employment",
        actor="staff",
        fields={"joining-scheme": "choice:GEP,ASMTP,IANG", "joining-previous_employer": "name",
                "joining-owner_id": "id"},
        valid=lambda w: {"joining-scheme": "GEP",
                         "joining-previous_employer": w.unique("Previous Employer {} Limited"),
                         "joining-owner_id": str(w.staff.id)},
        echo={"joining-previous_employer": AFTER},
        foreign={"joining-owner_id": lambda w: str(w.other_admin.id)},
    ),
    "workforce_filters": FormSpec(
        url=lambda w: "/workforce", actor="viewer", method="GET",
        fields={"scheme": "choice:GEP,IANG", "days": "choice:30,60,90,expired", "owner": "id",
                "page": "int"},
        valid=lambda w: {"scheme": "GEP", "days": "30", "owner": str(w.staff.id), "page": "1"},
        foreign={"owner": lambda w: str(w.other_admin.id)},
    ),
    # --- documents: the checklist's per-item forms (files: tests/test_documents.py) -----
    "document_status": FormSpec(
        url=lambda w: f"/cases/{objects.gep_case(w).id}/documents/passport/status",
        actor="staff", fields={"status": "choice:missing,received,not_applicable",
                               "received_on": "date", "next": "url"},
        query=("next",),
        valid=lambda w: {"status": "received", "received_on": "2025-01-02",
                         "next": f"/cases/{objects.gep_case(w).id}"},
        can_refuse=False,  # a refusal comes back to the item with a flash (302), never a page
    ),
    "document_checklist": FormSpec(
        url=lambda w: f"/cases/{objects.gep_case(w).id}/documents",
        actor="staff", fields={"status-passport": "choice:missing,received,not_applicable",
                               "received-passport": "date", "status-cv": "choice:missing,received",
                               "received-cv": "date", "next": "url"},
        query=("next",),
        valid=lambda w: {"status-passport": "received", "received-passport": "2025-01-02",
                         "status-cv": "missing", "received-cv": "",
                         "next": f"/cases/{objects.gep_case(w).id}"},
    ),
    "document_upload": FormSpec(
        url=lambda w: f"/cases/{objects.gep_case(w).id}/documents/passport/upload",
        actor="staff", fields={"file": "upload", "next": "url"}, query=("next",),
        valid=lambda w: {"file": Upload("passport scan.pdf", documents_files.pdf()),
                         "next": f"/cases/{objects.gep_case(w).id}"},
        can_refuse=False,  # a refusal comes back to the item with a flash (302), never a page
    ),
    # --- quotas -------------------------------------------------------------------------
    "allotment_create": FormSpec(
        url=lambda w: "/quotas/new", actor="staff",
        fields={**ALLOTMENT_FIELDS, **position_fields(0), "application_id": "id"},
        valid=lambda w: {**allotment_values(w.unique("ITC/NEW/{}"), 3),
                         **position_values(0, "Research engineer", 3),
                         "application_id": MISSING},
        echo=ALLOTMENT_ECHO, buttons=("add_position", "positions-0-remove", "validity_choice"),
        foreign={"application_id": lambda w: str(objects.b_application(w).id)},
        refusals=(200, 400, 404),
    ),
    "allotment_edit": FormSpec(
        url=lambda w: f"/quotas/{objects.editable_allotment(w).id}/edit", actor="staff",
        fields={**ALLOTMENT_FIELDS, **position_fields(0), **position_fields(1)},
        valid=edit_allotment_values,
        echo=ALLOTMENT_ECHO,
        buttons=("add_position", "positions-0-remove", "positions-1-remove", "validity_choice"),
        foreign={"positions-0-position_id": lambda w: str(objects.b_allotment(w).position_id),
                 "positions-1-position_id": lambda w: str(objects.b_allotment(w).position_id)},
        refusals=(200, 400, 404),
    ),
    "application_create": FormSpec(
        url=lambda w: "/quotas/applications/new", actor="staff",
        fields={"submitted_on": "date", "requested_quotas": "int", "reference": "name",
                "notes": "text"},
        valid=lambda w: {"submitted_on": "2025-03-03", "requested_quotas": "4",
                         "reference": "ITC/APP/2025/7", "notes": "Sent by post."},
        echo={"reference": AFTER},
    ),
    "application_status": FormSpec(
        url=lambda w: f"/quotas/applications/{objects.application(w).id}", actor="staff",
        fields={"status": "choice:submitted,allotted,rejected", "notes": "text"},
        valid=lambda w: {"status": "rejected", "notes": "ITC asked for more details."},
        echo={"notes": lambda w: f"/quotas/applications/{objects.application(w).id}"},
    ),
    # --- reminders and the audit log -----------------------------------------------------
    "reminder_preferences": FormSpec(
        url=lambda w: "/account/notifications", actor="staff",
        fields={"quota_reminders_enabled": "bool", "daily_digest": "bool"},
        valid=lambda w: {"quota_reminders_enabled": "y", "daily_digest": "y"},
        can_refuse=False,
    ),
    "reminder_ledger_filter": FormSpec(
        url=lambda w: "/notifications", actor="admin", method="GET",
        fields={"status": "choice:pending,sending,sent,failed,skipped", "page": "int"},
        valid=lambda w: {"status": "failed", "page": "1"},
    ),
    "audit_log_filters": FormSpec(
        url=lambda w: "/audit", actor="admin", method="GET",
        fields={"action": "choice:create,update,stage", "object_type": "choice:case,user",
                "user": "id", "date_from": "date", "date_to": "date", "before": "id",
                "after": "id"},
        valid=lambda w: {"action": "create", "object_type": "user", "user": str(w.admin.id),
                         "date_from": "2025-01-01", "date_to": "2025-12-31",
                         "before": MISSING, "after": MISSING},
        foreign={"user": lambda w: str(w.other_admin.id)},
    ),
}


def _advisor_candidate(w: World) -> Any:
    return w.once("advisor_candidate", lambda w: w.make.candidate(w.company_a))


def _candidate_page(w: World) -> str:
    return f"/candidates/{_advisor_candidate(w).id}"


# The candidate form with its "For the route advisor (optional)" section (editing
# one candidate keeps its passport number, so every valid submission is accepted).
FORMS["candidate_advisor_facts"] = FormSpec(
    url=lambda w: f"/candidates/{_advisor_candidate(w).id}/edit", actor="staff",
    fields={"full_name": "name", "nationality": "name", "date_of_birth": "date",
            "passport_number": "name", "passport_expiry": "date",
            "qualification_level": "choice:none,sub_degree,bachelor,master,doctorate",
            "years_experience": "int", "native_english": TRISTATE, "english": TRISTATE,
            "parent_hk_permanent_id": TRISTATE, "married": TRISTATE,
            "degrees_at_top_level": "int", "years_managerial": "int",
            "annual_income_hkd": "int", "children_under_18": "int", "other_languages": "name",
            "talent_list_profession": "choice:,-",
            "achievement_kind": "choice:,olympic_medal,nobel_prize,national_award,"
                                "international_award,other",
            "achievement": "name", "achievement_evidence": "text"},
    valid=lambda w: {
        "full_name": "Chan Siu Ming", "nationality": "Canadian", "date_of_birth": "1990-01-01",
        "passport_number": _advisor_candidate(w).passport_number,
        "passport_expiry": "2035-01-01", "qualification_level": "master",
        "years_experience": "5", "native_english": "yes", "english": "yes",
        "parent_hk_permanent_id": "", "married": "no", "degrees_at_top_level": "1",
        "years_managerial": "2", "annual_income_hkd": "800000", "children_under_18": "0",
        "other_languages": "French", "talent_list_profession": "-",
        "achievement_kind": "other", "achievement": "Chess grandmaster",
        "achievement_evidence": "FIDE title record"},
    echo={"achievement": _candidate_page, "achievement_evidence": _candidate_page,
          "other_languages": _candidate_page, "full_name": _candidate_page},
)


FORMS["net_contract"] = FormSpec(
    url=lambda w: f"/cases/{objects.net_case(w).id}/contract", actor="staff",
    fields={"contract_start": "date", "contract_end": "date",
            "renewal_decision": "choice:pending,renewed,not_renewed",
            "gratuity_rate_percent": "money"},
    # objects.net_case(w) here so the case exists before the fuzzer fingerprints the tables.
    valid=lambda w: {"contract_start": "2025-08-01", "contract_end": "2027-07-31",
                     "renewal_decision": "pending", "gratuity_rate_percent": "15",
                     **({} if objects.net_case(w) else {})},
)

# A self-applied case: no job title or salary needed.
FORMS["case_create_self_applied"] = FormSpec(
    url=lambda w: "/cases/new", actor="staff",
    fields={"candidate_id": "id", "scheme": "choice:QMAS,ASSG,GEP,NET,TechTAS",
            "job_title": "name", "monthly_salary": "int", "intended_start_date": "date"},
    valid=lambda w: {"candidate_id": str(_advisor_candidate(w).id), "scheme": "QMAS",
                     "job_title": "", "monthly_salary": "", "intended_start_date": ""},
)


def _active_without_change(w: World) -> CaseRecord:
    """An active GEP case with no change of employment open (a fresh one once opened)."""
    case = objects.case_in(w, "active")
    with w.app.app_context():
        opened = db.session.scalar(sa.select(Case.id).where(
            Case.parent_case_id == case.id, Case.kind == "change_of_employment").limit(1))
    if opened is not None:
        w._cache.pop("case_in_GEP_active", None)
        case = objects.case_in(w, "active")
    return case


# A person joining from another employer: the change of employment of an active GEP case.
FORMS["case_change_of_employment"] = FormSpec(
    url=lambda w: f"/cases/{_active_without_change(w).id}/change-of-employment",
    actor="staff", fields={"previous_employer": "name"},
    valid=lambda w: {"previous_employer": w.unique("Previous Employer {} Limited")},
    echo={"previous_employer": AFTER},
)


# --- dependants: a child of company A's candidate (children are not limited in number) --
DEPENDANT_FIELDS = {"relation": "choice:spouse,partner,child", "full_name": "name",
                    "chinese_name": "name", "nationality": "name", "date_of_birth": "date",
                    "passport_number": "name", "passport_expiry": "date"}


def _dependant_values(w: World) -> dict[str, Any]:
    return {"relation": "child", "full_name": "Kit Chan", "chinese_name": "陳傑",
            "nationality": "Canadian", "date_of_birth": "2015-02-02",
            "passport_number": w.unique("KC{:06d}"), "passport_expiry": "2033-01-01"}


FORMS["dependant_add"] = FormSpec(
    url=lambda w: f"/candidates/{objects.candidate(w).id}/dependants/new", actor="staff",
    fields=DEPENDANT_FIELDS, valid=_dependant_values,
    echo={"full_name": AFTER, "chinese_name": AFTER},
)
FORMS["dependant_edit"] = FormSpec(
    url=lambda w: f"/candidates/{objects.dependant(w).id}/dependant", actor="staff",
    fields=DEPENDANT_FIELDS, valid=_dependant_values,
    echo={"full_name": AFTER, "chinese_name": AFTER},
)
# The approved extension's offer: extend the chosen dependants' stays with it.
FORMS["dependants_extend"] = FormSpec(
    url=lambda w: f"/cases/{objects.extension_offering(w)[0].id}/extend-dependants",
    actor="staff", fields={"dependants": "id"},
    valid=lambda w: {"dependants": str(objects.extension_offering(w)[1].id)},
    foreign={"dependants": lambda w: str(objects.b_dependant(w).id)},
)


def _extension_preparing(w: World) -> CaseRecord:
    """An extension of stay in "Preparing documents" (a fresh one once a move took it on)."""
    cached = w._cache.get("extension_preparing")
    if cached is not None:
        with w.app.app_context():
            if db.session.scalar(sa.select(Case.stage).where(Case.id == cached.id)) == "preparing":
                return cached
    w._cache.pop("case_in_GEP_active", None)  # each extension continues a case of its own
    parent = objects.case_in(w, "active")
    with w.app.app_context():
        extension = start_extension(parent.id, parent.company_id)
        record = CaseRecord(extension.id, parent.company_id, "GEP", parent.candidate_id)
    w._cache["extension_preparing"] = record
    return record


# Submitting an extension of stay: the channel is a choice, refused outside online/paper.
FORMS["case_move_extension_submitted"] = FormSpec(
    url=lambda w: f"/cases/{_extension_preparing(w).id}/move", actor="staff",
    fields={"to_stage": STAGE_KIND, "note": "text", "submitted_on": "date",
            "submission_channel": "choice:online,paper", "immd_reference": "name"},
    valid=lambda w: {"to_stage": "submitted", "note": "Filed by the fuzzer.",
                     "submitted_on": "2025-06-01", "submission_channel": "online",
                     "immd_reference": w.unique("EXT/{}")},
    echo={"note": AFTER, "immd_reference": AFTER},
    echo_when={"immd_reference": {"to_stage": "submitted"}},
)


# --- import from spreadsheets -------------------------------------------------------
IMPORT_HEADERS = ["Full name (full_name)", "Nationality (nationality)",
                  "Date of birth (date_of_birth)", "Passport number (passport_number)",
                  "Passport expiry (passport_expiry)"]


def _import_csv(w: World) -> bytes:
    return ("\ufeff" + ",".join(IMPORT_HEADERS) + "\r\n" + w.unique(
        "Chan Tai Man,Chinese,01/02/1990,K{}234567,31/12/2033") + "\r\n").encode()


def _import_job_to_map(w: World) -> str:
    """A fresh job of company A's waiting for its columns (each submission maps its own)."""
    from tracker.extensions import db
    from tracker.imports.models import ImportJob

    with w.app.app_context():
        job = ImportJob(company_id=w.company_a.id, kind="candidates", filename="staff.csv",
                        status="mapping", headers=IMPORT_HEADERS,
                        rows=[[2, ["Chan Tai Man", "Chinese", "01/02/1990", "K1234567",
                                   "31/12/2033"]]], mapping={}, marks=[])
        db.session.add(job)
        db.session.commit()
        return f"/imports/{job.id}/mapping"


FORMS["import_upload"] = FormSpec(
    url=lambda w: "/imports/", actor="staff",
    fields={"kind": "choice:candidates,dependants,allotments,cases,statuses", "file": "upload"},
    valid=lambda w: {"kind": "candidates", "file": Upload("staff.csv", _import_csv(w))},
)
FORMS["import_mapping"] = FormSpec(
    url=_import_job_to_map, actor="staff",
    fields={f"field_{code}": "choice:0,1,2,3,4" for code in (
        "full_name", "nationality", "date_of_birth", "passport_number", "passport_expiry")},
    valid=lambda w: {f"field_{code}": str(index) for index, code in enumerate((
        "full_name", "nationality", "date_of_birth", "passport_number", "passport_expiry"))},
)



def _import_job_to_write(w: World) -> str:
    """A fresh previewed job of company A's, one valid new row (each submission writes its
    own: a written job answers every later post with its page)."""
    from tracker.imports import writing
    from tracker.imports.reading import Sheet

    with w.app.app_context():
        row = w.unique("Lee Siu Ming,British,15/06/1985,GB{}76543,01/01/2031").split(",")
        job = writing.create_job(w.company_a.id, w.staff.id, "candidates", "staff.csv",
                                 Sheet(IMPORT_HEADERS, [(2, row)]))
        writing.set_mapping(job, dict(zip(("full_name", "nationality", "date_of_birth",
                                           "passport_number", "passport_expiry"),
                                          IMPORT_HEADERS, strict=True)))
        writing.preview(job)
        return f"/imports/{job.id}/write"


# Writing always leads back to the job's page (302): a malformed choice writes nothing more
# than the valid rows the preview showed.
FORMS["import_write"] = FormSpec(
    url=_import_job_to_write, actor="staff", fields={"valid_only": "bool"},
    valid=lambda w: {"valid_only": MISSING}, can_refuse=False,
)

# The calendar feed's address on the account page (issue 18): issue/replace, and revoke.
FORMS["calendar_feed"] = FormSpec(
    url=lambda w: "/account/calendar", actor="viewer",
    fields={"scope": "choice:mine,company"},
    valid=lambda w: {"scope": "company"},
)
FORMS["calendar_feed_revoke"] = FormSpec(
    url=lambda w: "/account/calendar/revoke", actor="viewer", fields={"submit": "name"},
    valid=lambda w: {"submit": "Revoke the address"}, can_refuse=False,
)


# The portal's questionnaire (issue 19), HR's side: asking a candidate with a portal
# account for sections, and reviewing a section they sent (a fresh one per submission).
def _portal_case(w: World) -> CaseRecord:
    """A new case of company A whose person has a portal account."""
    from tracker.portal.models import PortalAccount

    case = w.make.case(w.company_a)
    with w.app.app_context():
        db.session.add(PortalAccount(company_id=w.company_a.id, candidate_id=case.candidate_id,
                                     email=w.unique("asked{}@portal.example")))
        db.session.commit()
    return case


def _sent_languages(w: World) -> str:
    """The review form's address for a languages section the candidate sent (fresh)."""
    from tracker.portal.models import PortalAccount, PortalAnswer, PortalRequest

    case = _portal_case(w)
    with w.app.app_context():
        account = db.session.scalar(sa.select(PortalAccount).where(
            PortalAccount.candidate_id == case.candidate_id))
        sent = PortalRequest(company_id=case.company_id, case_id=case.id, account_id=account.id,
                             kind="section", section="languages", status="submitted",
                             requested_by_id=w.staff.id)
        db.session.add(sent)
        db.session.flush()
        db.session.add_all(PortalAnswer(company_id=case.company_id, request_id=sent.id,
                                        field=field, value=value)
                           for field, value in (("english", "yes"), ("putonghua", "no"),
                                                ("other_languages", "日本語")))
        db.session.commit()
        return f"/cases/{case.id}/questionnaire/{sent.id}"


FORMS["portal_sections_ask"] = FormSpec(
    url=lambda w: f"/cases/{_portal_case(w).id}/questionnaire/ask", actor="staff",
    fields={"sections": "choice:personal,education,work,languages,family,scheme",
            "due_on": "date"},
    valid=lambda w: {"sections": "work", "due_on": "2099-01-01"},
)
FORMS["portal_answers_review"] = FormSpec(
    url=lambda w: _sent_languages(w) + "/review", actor="staff",
    fields={"languages-accepted": "choice:english,putonghua,other_languages",
            "languages-returned": "choice:english,putonghua,other_languages",
            "languages-reason": "text"},
    valid=lambda w: {"languages-accepted": "other_languages", "languages-returned": "english",
                     "languages-reason": "Say whether you write English too."},
    # The reason is kept with what it returns: shown once an answer went back.
    echo={"languages-reason": AFTER},
    echo_when={"languages-reason": {"languages-returned": "english"}},
)
FORMS["portal_section_return"] = FormSpec(
    url=lambda w: _sent_languages(w) + "/return", actor="staff",
    fields={"languages-reason": "text"},
    valid=lambda w: {"languages-reason": "Answer for your spouse as well."},
    echo={"languages-reason": AFTER},
)


# Documents through the portal (issue 19), HR's side: asking a candidate with a portal
# account for checklist items, and returning a file they sent (a fresh one per submission).
def _sent_passport(w: World) -> str:
    """The address of a passport scan a candidate sent for review, on a new case."""
    from tracker.documents.services import Upload as SentFile
    from tracker.portal import documents
    from tracker.portal.models import PortalAccount, PortalRequest

    case = _portal_case(w)
    with w.app.app_context():
        account = db.session.scalars(sa.select(PortalAccount).where(
            PortalAccount.candidate_id == case.candidate_id)).one()
        asked = PortalRequest(company_id=case.company_id, case_id=case.id,
                              account_id=account.id, kind="document", document_code="passport",
                              requested_by_id=w.staff.id)
        db.session.add(asked)
        db.session.commit()
        sent = documents.upload(account, asked, SentFile("passport.pdf", io.BytesIO(
            documents_files.pdf())))
        return f"/cases/{case.id}/portal/uploads/{sent.id}"


FORMS["portal_documents_ask"] = FormSpec(
    url=lambda w: f"/cases/{_portal_case(w).id}/portal/documents", actor="staff",
    fields={"codes": "choice:passport,degree,cv,photo", "due_on": "date"},
    valid=lambda w: {"codes": ["passport", "cv"],
                     "due_on": (date.today() + timedelta(days=30)).isoformat()},
)
FORMS["portal_document_return"] = FormSpec(
    url=lambda w: _sent_passport(w) + "/return", actor="staff", fields={"reason": "text"},
    valid=lambda w: {"reason": "Only half of the page shows: scan it whole, please."},
    echo={"reason": AFTER},  # under the checklist, beside the returned item
)


# --- the candidate portal's sign-in (issue 19) ------------------------------------------
# The candidate actor's address and password (tests/security/portal_world.py).
FORMS["portal_sign_in"] = FormSpec(
    url=lambda w: "/portal/sign-in", actor="anonymous",
    fields={"email": "email", "password": "password"},
    valid=lambda w: {"email": w.portal().email, "password": PASSWORD},
)
FORMS["portal_code_request"] = FormSpec(
    url=lambda w: "/portal/code", actor="anonymous", fields={"email": "email"},
    valid=lambda w: {"email": w.portal().email},
)


def _fresh_code(w: World) -> str:
    """A current sign-in code of the candidate actor (as the e-mailed one), each call new."""
    code = w.unique("{:06d}")
    with w.app.app_context():
        db.session.add(PortalSignInCode(account_id=w.portal().account_id,
                                        code_hash=secret_hash(code),
                                        expires_at=utcnow() + timedelta(minutes=10)))
        db.session.commit()
    return code


FORMS["portal_code"] = FormSpec(
    url=lambda w: "/portal/code/enter", actor="anonymous",
    fields={"email": "email", "code": "name"},
    valid=lambda w: {"email": w.portal().email, "code": _fresh_code(w)},
    counts_failures=("portal_sign_in_codes",),
)


def _invitation_link(w: World) -> str:
    """A fresh invitation link of a person of company A (as the e-mailed one)."""
    person = w.once("portal_invitee", lambda w: w.make.candidate(
        w.company_a, full_name="Portal Invitee"))
    with w.app.app_context():
        invitation = accounts.invite(db.session.get_one(User, w.staff.id),
                                     db.session.get_one(Candidate, person.id),
                                     "portal.invitee@portal.example")
        issued = signin.issue_invitation_token(invitation.id)
        assert issued is not None
        return f"/portal/invitation/{issued[1]}"


FORMS["portal_set_password"] = FormSpec(
    url=_invitation_link, actor="anonymous",
    fields={"new_password": "password", "confirm": "password"},
    valid=lambda w: {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
)
# The candidate's side: sending a file for the document asked of them (an accepted file
# waits for HR's review and is replaced by the next one; a refused one changes nothing).
FORMS["portal_document_upload"] = FormSpec(
    url=lambda w: f"/portal/documents/{w.portal().document_request_id}/upload",
    actor="candidate", fields={"file": "upload"},
    valid=lambda w: {"file": Upload("passport scan.pdf", documents_files.pdf())},
)


# The questionnaire, the candidate's side: their personal details section (a valid
# submission saves the answers; nothing sends the section, so it stays open to answer).
PORTAL_PERSONAL_FIELDS = {
    "full_name": "name", "chinese_name": "name", "nationality": "name", "date_of_birth": "date",
    "place_of_birth": "name", "passport_number": "name", "passport_expiry": "date",
    "email": "email", "current_location": "name", "mainland_resident": TRISTATE}
FORMS["portal_section"] = FormSpec(
    url=lambda w: f"/portal/requests/{w.portal().section_request_id}/section",
    actor="candidate", fields=PORTAL_PERSONAL_FIELDS,
    valid=lambda w: {"full_name": "CHAN Tai Man", "chinese_name": "陳大文",
                     "nationality": "Canadian", "date_of_birth": "1990-01-01",
                     "place_of_birth": "香港", "passport_number": "P1234567",
                     "passport_expiry": "2035-01-01", "email": "chan@example.com",
                     "current_location": "Hong Kong", "mainland_resident": "no"},
    echo={name: AFTER for name in ("full_name", "chinese_name", "nationality",
                                   "place_of_birth", "current_location")},
)

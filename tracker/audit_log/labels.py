"""How the audit log names the fixed codes it stores: actions, object types, fields.

Entries keep the codes (English, as written by `tracker.audit.services.record`);
the page shows each code's label in the reader's language. In English a label is
the code with spaces, as the page always showed it. Summaries and values are
stored free text and are shown as stored. A code without a label here (an entry
written before its code was added) is shown as stored, with spaces.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext

from tracker.i18n import N_

# What was done (`record`'s first argument).
ACTIONS = {
    "create": N_("create"),
    "update": N_("update"),
    "delete": N_("delete"),
    "stage": N_("stage"),
    "correct": N_("correct"),
    "document": N_("document"),
    "resend": N_("resend"),
    "invite": N_("invite"),
    "sign_in": N_("sign in"),
    "sign_in_failed": N_("sign in failed"),
    "sign_in_throttled": N_("sign in throttled"),
    "sign_out": N_("sign out"),
    "password_changed": N_("password changed"),
    "password_reset": N_("password reset"),
    "language_changed": N_("language changed"),
    "email_change_requested": N_("email change requested"),
    "denied": N_("denied"),
}
# What it was done to.
OBJECT_TYPES = {
    "candidate": N_("candidate"),
    "case": N_("case"),
    "company": N_("company"),
    "quota_allotment": N_("quota allotment"),
    "quota_application": N_("quota application"),
    "quota_position": N_("quota position"),
    "reminder": N_("reminder"),
    "user": N_("user"),
}
# The fields of the changes ({field: [old, new]}) of every package.
FIELDS = {
    "itc_reference": N_("itc reference"),
    "allotment_date": N_("allotment date"),
    "valid_until": N_("valid until"),
    "total_quotas": N_("total quotas"),
    "notes": N_("notes"),
    "application_id": N_("application id"),
    "job_title": N_("job title"),
    "technology_area": N_("technology area"),
    "required_qualification": N_("required qualification"),
    "monthly_salary": N_("monthly salary"),
    "quotas": N_("quotas"),
    "submitted_on": N_("submitted on"),
    "requested_quotas": N_("requested quotas"),
    "reference": N_("reference"),
    "status": N_("status"),
    "name": N_("name"),
    "contact_email": N_("contact email"),
    "quota_reminder_offsets": N_("quota reminder offsets"),
    "email": N_("email"),
    "role": N_("role"),
    "active": N_("active"),
    "language": N_("language"),
    "attempts": N_("attempts"),
    "quota_reminders_enabled": N_("quota reminders enabled"),
    "daily_digest": N_("daily digest"),
    "candidate_id": N_("candidate id"),
    "scheme": N_("scheme"),
    "allotment_id": N_("allotment id"),
    "position_id": N_("position id"),
    "intended_start_date": N_("intended start date"),
    "owner_id": N_("owner id"),
    # After arrival (issue 16): a case's kind and chain, a dependant's relation.
    "kind": N_("kind of case"),
    "parent_case_id": N_("continues case"),
    "superseded_by_id": N_("replaced by case"),
    "submission_channel": N_("submitted online or on paper"),
    "previous_employer": N_("previous employer"),
    "relation": N_("relation"),
    "local_recruitment_justification": N_("local recruitment justification"),
    "talent_list_profession": N_("talent list profession"),
    "stage": N_("stage"),
    "quota_held": N_("quota held"),
    "immd_reference": N_("immd reference"),
    "info_requested_on": N_("info requested on"),
    "approved_on": N_("approved on"),
    "visa_issued_on": N_("visa issued on"),
    "visa_number": N_("visa number"),
    "limit_of_stay_until": N_("limit of stay until"),
    "arrived_on": N_("arrived on"),
    "hkid_due_on": N_("hkid due on"),
    "hkid_registered_on": N_("hkid registered on"),
    "contract_start": N_("contract start"),
    "contract_end": N_("contract end"),
    "renewal_decision": N_("renewal decision"),
    "gratuity_rate_percent": N_("gratuity rate percent"),
    "received_on": N_("received on"),
    "file_name": N_("file name"),
    "full_name": N_("full name"),
    "chinese_name": N_("chinese name"),
    "nationality": N_("nationality"),
    "date_of_birth": N_("date of birth"),
    "place_of_birth": N_("place of birth"),
    "passport_number": N_("passport number"),
    "passport_expiry": N_("passport expiry"),
    "qualification_level": N_("qualification level"),
    "qualification_subject": N_("qualification subject"),
    "qualification_institution": N_("qualification institution"),
    "stem_degree": N_("stem degree"),
    "years_experience": N_("years experience"),
    "current_location": N_("current location"),
    "mainland_resident": N_("mainland resident"),
    "renowned_institution": N_("renowned institution"),
    "owns_business": N_("owns business"),
    "english": N_("english"),
    "written_chinese": N_("written chinese"),
    "putonghua": N_("putonghua"),
    "cantonese": N_("cantonese"),
    "other_language": N_("other language"),
    "native_english": N_("native english"),
    "tesl_tefl_experience": N_("tesl tefl experience"),
    "special_education": N_("special education"),
    "parent_hk_permanent_id": N_("parent hk permanent id"),
    "parent_chinese_settled_overseas": N_("parent chinese settled overseas"),
    "married": N_("married"),
    "spouse_has_degree": N_("spouse has degree"),
    "family_hk_permanent_resident": N_("family hk permanent resident"),
    "eligible_university": N_("eligible university"),
    "top100_stem_university": N_("top100 stem university"),
    "owns_listed_company": N_("owns listed company"),
    "financial_means": N_("financial means"),
    "good_character": N_("good character"),
    "english_major": N_("english major"),
    "pgde_english": N_("pgde english"),
    "tefl_tesl_certificate": N_("tefl tesl certificate"),
    "degrees_at_top_level": N_("degrees at top level"),
    "years_managerial": N_("years managerial"),
    "years_international": N_("years international"),
    "annual_income_hkd": N_("annual income hkd"),
    "children_under_18": N_("children under 18"),
    "years_multinational": N_("years multinational"),
    "years_innovation_finance_trade": N_("years innovation finance trade"),
    "years_in_technology_area": N_("years in technology area"),
    "business_profit_hkd": N_("business profit hkd"),
    "eligible_university_degree": N_("eligible university degree"),
    "degree_awarded_on": N_("degree awarded on"),
    "years_experience_last_5": N_("years experience last 5"),
    "hk_full_time_degree": N_("hk full time degree"),
    "other_languages": N_("other languages"),
    "achievement": N_("achievement"),
    "achievement_evidence": N_("achievement evidence"),
    "achievement_kind": N_("achievement kind"),
}


def _label(labels: Mapping[str, str], code: str) -> str:
    known = labels.get(code)
    return gettext(known) if known else code.replace("_", " ")


def action(code: str) -> str:
    """An action as shown, e.g. "sign in failed"."""
    return _label(ACTIONS, code)


def object_type(code: str) -> str:
    """An object type as shown, e.g. "quota allotment"."""
    return _label(OBJECT_TYPES, code)


def field(code: str) -> str:
    """A changed field as shown. A document's fields are "<item code>.<field>": the
    item code stays as stored, its field is labelled."""
    item, dot, name = code.rpartition(".")
    if dot:
        return f"{item.replace('_', ' ')}.{_label(FIELDS, name)}"
    return _label(FIELDS, name)

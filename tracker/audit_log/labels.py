"""How the audit log names the fixed codes it stores: actions, object types, fields.

Entries keep the codes (English, as written by `tracker.audit.services.record`);
the page shows each code's label in the reader's language, the label the field
has on its form. Summaries are stored free text and are shown as stored; values
are shown as the user knows them (tracker/audit_log/values.py). A code without a
label here (an entry written before its code was added) is shown as stored, with
spaces.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache

from flask_babel import gettext

from tracker.i18n import N_
from tracker.rules import documents, employer_change, extension
from tracker.rules.text import Text

# What was done (`record`'s first argument).
ACTIONS = {
    "create": N_("Created"),
    "update": N_("Updated"),
    "delete": N_("Deleted"),
    "stage": N_("Moved to a stage"),
    "correct": N_("Corrected"),
    "document": N_("Document updated"),
    "resend": N_("Resent"),
    "invite": N_("Invited"),
    "invitation_resent": N_("Invitation resent"),
    "sign_in": N_("Signed in"),
    "sign_in_failed": N_("Sign-in failed"),
    "sign_in_throttled": N_("Sign-in held back"),
    "sign_out": N_("Signed out"),
    "password_changed": N_("Password changed"),
    "password_reset": N_("Password reset"),
    "language_changed": N_("Language changed"),
    "email_change_requested": N_("Email change requested"),
    "denied": N_("Access refused"),
    # The candidate portal's accounts (tracker/portal/accounts.py, signin.py).
    "portal_invited": N_("Invited to the candidate portal"),
    "portal_revoked": N_("Candidate portal access revoked"),
    "portal_password_set": N_("Candidate set a portal password"),
    "portal_sign_in": N_("Candidate signed in"),
    "portal_sign_in_failed": N_("Candidate sign-in failed"),
    "portal_sign_in_throttled": N_("Candidate sign-in held back"),
    "portal_code_sent": N_("Sign-in code sent to the candidate"),
    "portal_sign_out": N_("Candidate signed out"),
    # The candidate portal's documents (tracker/portal/documents.py).
    "portal_documents_requested": N_("Documents asked of the candidate"),
    "portal_document_uploaded": N_("Document sent by the candidate"),
    "portal_document_accepted": N_("Candidate's document accepted"),
    "portal_document_returned": N_("Candidate's document returned"),
    # The candidate portal's questionnaire (tracker/portal/answers.py, review.py).
    "portal_sections_requested": N_("Questionnaire sections asked of the candidate"),
    "portal_answers_saved": N_("Candidate saved questionnaire answers"),
    "portal_section_sent": N_("Candidate sent a questionnaire section"),
    "portal_answers_reviewed": N_("Candidate's answers reviewed"),
}
# What it was done to.
OBJECT_TYPES = {
    "candidate": N_("Candidate"),
    "case": N_("Case"),
    "company": N_("Company"),
    "quota_allotment": N_("Quota allotment"),
    "quota_application": N_("Quota application"),
    "quota_position": N_("Quota position"),
    "reminder": N_("Reminder"),
    "user": N_("User"),
    "portal_account": N_("Candidate portal account"),
}
# The fields of the changes ({field: [old, new]}) of every package, as their forms
# name them.
FIELDS = {
    "itc_reference": N_("ITC reference"),
    "allotment_date": N_("Allotment date"),
    "valid_until": N_("Valid until"),
    "total_quotas": N_("Number of quotas"),
    "notes": N_("Notes"),
    "application_id": N_("Quota application"),
    "job_title": N_("Job title"),
    "technology_area": N_("Technology area"),
    "required_qualification": N_("Required qualification"),
    "monthly_salary": N_("Monthly salary (HKD)"),
    "quotas": N_("Quotas"),
    "submitted_on": N_("Submitted on"),
    "requested_quotas": N_("Requested number of quotas"),
    "reference": N_("Reference"),
    "status": N_("Status"),
    "name": N_("Legal name"),
    "contact_email": N_("Contact email"),
    "quota_reminder_offsets": N_("Quota reminder days before expiry"),
    "portal_invitation_days": N_("Candidate portal invitations work for (days)"),
    "portal_reminder_offsets": N_("Remind candidates, days before a request's due date"),
    "portal_overdue_days": N_("Remind candidates once more, days after a missed due date"),
    "portal_email": N_("Candidate's email"),
    "portal_active": N_("Candidate portal access"),
    "portal_documents": N_("Documents asked of the candidate"),
    "portal_file": N_("File sent by the candidate"),
    "portal_reason": N_("Reason given to the candidate"),
    "portal_sections": N_("Questionnaire sections"),
    "portal_answers": N_("Answers saved or sent"),
    "portal_accepted": N_("Answers accepted onto the record"),
    "portal_returned": N_("Answers returned to the candidate"),
    "portal_refused": N_("Answers the record's checks refused"),
    "email": N_("Email"),
    "role": N_("Role"),
    "active": N_("Active"),
    "language": N_("Language"),
    "attempts": N_("Attempts"),
    "quota_reminders_enabled": N_("Email me reminders"),
    "daily_digest": N_("Daily digest instead of one email per reminder"),
    "candidate_id": N_("Candidate"),
    "scheme": N_("Scheme"),
    "allotment_id": N_("Quota allotment"),
    "position_id": N_("Position"),
    "intended_start_date": N_("Intended start date"),
    "owner_id": N_("Owner"),
    # After arrival (issue 16): a case's kind and chain, a dependant's relation.
    "kind": N_("Kind of case"),
    "parent_case_id": N_("Continues case"),
    "superseded_by_id": N_("Replaced by case"),
    "submission_channel": N_("Submitted online or on paper"),
    "previous_employer": N_("Previous employer"),
    "relation": N_("Relation"),
    "calendar_scope": N_("What the calendar holds"),
    "local_recruitment_justification": N_("Justification of local recruitment"),
    "talent_list_profession": N_("Talent List profession"),
    "stage": N_("Stage"),
    "quota_held": N_("Holds a quota"),
    "immd_reference": N_("ImmD reference"),
    "info_requested_on": N_("Date requested"),
    "approved_on": N_("Approval date"),
    "visa_issued_on": N_("Visa issue date"),
    "visa_number": N_("Visa / e-Visa number"),
    "limit_of_stay_until": N_("Limit of stay until"),
    "arrived_on": N_("Arrival date"),
    "hkid_due_on": N_("HKID registration due"),
    "hkid_registered_on": N_("HKID registered on"),
    "contract_start": N_("Contract start"),
    "contract_end": N_("Contract end"),
    "renewal_decision": N_("Renewal decision"),
    "gratuity_rate_percent": N_("Gratuity rate (%)"),
    "received_on": N_("Received on"),
    "file_name": N_("File name"),
    "full_name": N_("Full name"),
    "chinese_name": N_("Chinese name"),
    "nationality": N_("Nationality"),
    "date_of_birth": N_("Date of birth"),
    "place_of_birth": N_("Place of birth"),
    "passport_number": N_("Passport number"),
    "passport_expiry": N_("Passport expiry"),
    "qualification_level": N_("Highest qualification"),
    "qualification_subject": N_("Subject"),
    "qualification_institution": N_("Institution"),
    "stem_degree": N_("STEM degree"),
    "years_experience": N_("Years of relevant experience"),
    "current_location": N_("Current location"),
    "mainland_resident": N_("Mainland resident"),
    "renowned_institution": N_("Degree from a top-ranked university"),
    "owns_business": N_("Owns a business"),
    "english": N_("Written and spoken English"),
    "written_chinese": N_("Written Chinese"),
    "putonghua": N_("Spoken Putonghua"),
    "cantonese": N_("Spoken Cantonese"),
    "other_language": N_("Fluent in another language"),
    "native_english": N_("Native speaker of English or native-speaker competence"),
    "tesl_tefl_experience": N_("Experience teaching English as a second/foreign "
                               "language (TESL/TEFL)"),
    "special_education": N_("Special-education training or experience"),
    "parent_hk_permanent_id": N_("A parent holds a Hong Kong permanent identity card"),
    "parent_chinese_settled_overseas": N_("That parent was a Chinese national settled "
                                          "overseas at the candidate's birth"),
    "married": N_("Married"),
    "spouse_has_degree": N_("Spouse holds a degree"),
    "family_hk_permanent_resident": N_("An immediate family member is a Hong Kong permanent "
                                       "resident"),
    "eligible_university": N_("Master's or doctorate from an eligible university"),
    "top100_stem_university": N_("Degree from a top-100 university for STEM subjects"),
    "owns_listed_company": N_("Owns a listed company"),
    "financial_means": N_("Can live in Hong Kong without recourse to public funds"),
    "good_character": N_("Good character"),
    "english_major": N_("Degree majoring in English"),
    "pgde_english": N_("PGDE majoring in English"),
    "tefl_tesl_certificate": N_("TEFL/TESL certificate"),
    "degrees_at_top_level": N_("Degrees at the highest level"),
    "years_managerial": N_("Years in managerial or senior roles"),
    "years_international": N_("Years of international work experience"),
    "annual_income_hkd": N_("Annual income (HKD)"),
    "children_under_18": N_("Unmarried children under 18"),
    "years_multinational": N_("Years in a multinational or renowned enterprise"),
    "years_innovation_finance_trade": N_("Years in innovation and technology, finance or "
                                         "international trade"),
    "years_in_technology_area": N_("Years of work in the technology area of the post"),
    "business_profit_hkd": N_("Annual profit of the business (HKD)"),
    "eligible_university_degree": N_("Bachelor's or higher degree from an eligible "
                                     "university"),
    "degree_awarded_on": N_("Date the degree was awarded"),
    "years_experience_last_5": N_("Years of work in the last 5 years"),
    "hk_full_time_degree": N_("Full-time, locally accredited degree from Hong Kong"),
    "other_languages": N_("Other languages"),
    "achievement": N_("Achievement"),
    "achievement_evidence": N_("Evidence of the achievement"),
    "achievement_kind": N_("Outstanding achievement"),
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


@cache
def document_items() -> dict[str, Text]:
    """{item code: label} of every document item any checklist tracks (the first label
    of a code wins; an item keeps its code across checklists)."""
    items = [item for checklist in documents.CHECKLISTS.values() for item in checklist]
    items += [*extension.checklist(date.max, "DEP"), *extension.checklist(date.max),
              employer_change.CURRENT_PERMISSION]
    labels: dict[str, Text] = {}
    for item in items:
        labels.setdefault(item.code, item.label)
    return labels


def field(code: str) -> str:
    """A changed field as shown. A document's fields are "<item code>.<field>": the
    item's label, then the field's ("Valid passport: Status")."""
    item, dot, name = code.rpartition(".")
    if dot:
        label = document_items().get(item)
        shown = label.translated() if isinstance(label, Text) else item.replace("_", " ")
        return gettext("%(item)s: %(field)s", item=shown, field=_label(FIELDS, name))
    return _label(FIELDS, name)

"""Who may call which endpoint: the table the access-control matrix checks.

`tests/security/test_access_matrix.py` walks every rule of `app.url_map` and,
for each method (HEAD and OPTIONS excepted), sends the request as each actor
of the fixture world (`tests/security/world.py`):

    anonymous    not signed in
    viewer       company A's viewer
    staff        company A's staff
    admin        company A's admin
    other_admin  company B's admin, aimed at company A's objects

and expects, from the endpoint's entry below:

    role is PUBLIC              every actor gets a success code
    anonymous                   302 to the sign-in page
    role above the actor's      403
    other_admin, owned=True     404 (another company's object looks absent)
    everyone else               a success code

An endpoint missing here fails the matrix: ADD ONE ENTRY PER ENDPOINT when you
add a view. An entry is

    "blueprint.endpoint": Access(
        Role.STAFF,                           # the least role (as in @role_required)
        args=lambda w: {"case_id": w.once("case", lambda w: w.make.case(w.company_a)).id},
        owned=True,                           # args name company A's objects
        get=(200,),                           # success codes for GET (default 200)
        post=(200, 302),                      # success codes for POST (default 200 or 302)
        data=lambda w: {},                    # form posted (default: empty)
    ),

The POST should change nothing (an empty or unchanged form): the matrix is
about who gets in, the fuzzer (forms_table.py) about what they send.

`args` builds the URL's arguments from the world: company A's users are
`w.viewer`, `w.staff`, `w.admin`, company B's admin `w.other_admin`, the
companies `w.company_a`/`w.company_b`, factories `w.make`. Use `w.once(key,
build)` for an object that requests only read, and call the factory afresh
(`lambda w: {"case_id": w.make.case(w.company_a).id}`) when a request consumes
it (a delete, a stage move), since `args` is called once per request.
The matrix also checks that `role` agrees with the view's @role_required.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests import documents_files
from tests.reminders import builders as reminder_builders
from tests.security import form_objects as objects
from tests.security.world import World
from tracker.permissions import Role

PUBLIC = None  # no sign-in needed

ArgsBuilder = Callable[[World], dict[str, Any]]


def no_args(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Access:
    """One endpoint's row of the permission table (see the module docstring)."""

    role: Role | None
    args: ArgsBuilder = no_args
    owned: bool = False
    get: tuple[int, ...] = (200,)
    post: tuple[int, ...] = (200, 302)
    data: ArgsBuilder = no_args

    def success(self, method: str) -> tuple[int, ...]:
        """The status codes that mean "allowed" for *method*."""
        return self.get if method == "GET" else self.post


def _staff_user(w: World) -> dict[str, Any]:
    return {"user_id": w.staff.id}


def _invitee(w: World) -> dict[str, Any]:
    """Company A's user invited but not yet signed up (no password)."""
    return {"user_id": w.once("invitee", lambda w: w.make.user(w.company_a, role="staff",
                                                                password=None)).id}


def _reset_token(w: World) -> dict[str, Any]:
    return {"token": w.reset_token(w.staff)}


def _email_change_token(w: World) -> dict[str, Any]:
    return {"token": w.email_change_token(w.staff, w.unique("staff.moved.{}@example.com"))}


def _candidate(w: World) -> dict[str, Any]:
    return {"candidate_id": objects.candidate(w).id}


def _case(w: World) -> dict[str, Any]:
    return {"case_id": w.once("case", lambda w: w.make.case(w.company_a)).id}


def _dependant(w: World) -> dict[str, Any]:
    return {"candidate_id": objects.dependant(w).id}


def _fresh_dependant(w: World) -> dict[str, Any]:
    return {"candidate_id": objects.new_dependant(w).id}


def _net_case(w: World) -> dict[str, Any]:
    return {"case_id": objects.net_case(w).id}


def _fresh_case(w: World) -> dict[str, Any]:
    return {"case_id": w.make.case(w.company_a).id}


def _fresh_case_fact(w: World) -> dict[str, Any]:
    return {"case_id": w.make.case(w.company_a).id, "fact": "submitted_on"}


def _case_with_file(w: World) -> dict[str, Any]:
    """A case whose passport copy was uploaded (through the real upload view)."""

    def build(w: World) -> Any:
        case = w.make.case(w.company_a)
        response = w.client("staff").post(
            f"/cases/{case.id}/documents/passport/upload", content_type="multipart/form-data",
            data={"file": (io.BytesIO(documents_files.pdf()), "passport.pdf")})
        assert response.status_code == 302, "set-up upload failed"
        return case

    return {"case_id": w.once("case_with_file", build).id, "code": "passport"}


def _fresh_case_document(w: World) -> dict[str, Any]:
    return {"case_id": w.make.case(w.company_a).id, "code": "passport"}


def _allotment(w: World) -> dict[str, Any]:
    return {"allotment_id": objects.allotment(w).id}


def _fresh_allotment(w: World) -> dict[str, Any]:
    return {"allotment_id": w.make.techtas_allotment(w.company_a).id}


def _application(w: World) -> dict[str, Any]:
    return {"application_id": objects.application(w).id}


def _failed_reminder(w: World) -> dict[str, Any]:
    allotment = w.make.techtas_allotment(w.company_a)
    return {"ledger_id": reminder_builders.ledger_row(w.app, w.company_a.id, allotment.id)}


def _import_job(w: World) -> dict[str, Any]:
    """A written import job of company A's (one candidate row)."""
    def build(w: World) -> int:
        from tracker.extensions import db
        from tracker.imports.models import ImportJob

        with w.app.app_context():
            job = ImportJob(company_id=w.company_a.id, user_id=w.staff.id, kind="candidates",
                            filename="staff.csv", status="done", headers=["a", "b"],
                            rows=[[2, ["x", "y"]]], mapping={}, marks=[[2, "error", []]])
            db.session.add(job)
            db.session.commit()
            return job.id

    return {"job_id": w.once("import_job", build)}


def _portal_upload_of(w: World) -> tuple[int, int]:
    """A file a candidate of company A sent for a document request on a new case of
    theirs (through the portal's own service), waiting for HR's review: (its id, the
    case's)."""
    from tracker.auth.passwords import hash_password
    from tracker.documents.services import Upload
    from tracker.extensions import db
    from tracker.portal import documents
    from tracker.portal.models import PortalAccount, PortalRequest

    person = w.make.candidate(w.company_a, email=w.unique("sender{}@portal.example"))
    case = w.make.case(w.company_a, candidate=person)
    with w.app.app_context():
        account = PortalAccount(company_id=w.company_a.id, candidate_id=person.id,
                                email=w.unique("sender{}@portal.example"),
                                password_hash=hash_password("not used here"))
        db.session.add(account)
        db.session.flush()
        asked = PortalRequest(company_id=w.company_a.id, case_id=case.id,
                              account_id=account.id, kind="document", document_code="passport",
                              requested_by_id=w.staff.id)
        db.session.add(asked)
        db.session.commit()
        sent = documents.upload(account, asked, Upload("passport.pdf",
                                                       io.BytesIO(documents_files.pdf())))
        return sent.id, case.id


def _portal_upload(w: World) -> dict[str, Any]:
    """A candidate's file awaiting review (read, or returned by an empty form: nothing)."""
    upload_id, case_id = w.once("portal_upload_hr", _portal_upload_of)
    return {"case_id": case_id, "upload_id": upload_id}


def _fresh_portal_upload(w: World) -> dict[str, Any]:
    """A new candidate's file awaiting review, for a request that accepts it."""
    upload_id, case_id = _portal_upload_of(w)
    return {"case_id": case_id, "upload_id": upload_id}


def _section_request_of(w: World) -> dict[str, Any]:
    """A questionnaire section asked of a candidate of company A on a new case of theirs:
    the case's and the request's ids (an empty review form changes nothing)."""
    from tracker.extensions import db
    from tracker.portal.models import PortalAccount, PortalRequest

    person = w.make.candidate(w.company_a)
    case = w.make.case(w.company_a, candidate=person)
    with w.app.app_context():
        account = PortalAccount(company_id=w.company_a.id, candidate_id=person.id,
                                email=w.unique("answers{}@portal.example"))
        db.session.add(account)
        db.session.flush()
        asked = PortalRequest(company_id=w.company_a.id, case_id=case.id,
                              account_id=account.id, kind="section", section="languages",
                              status="submitted", requested_by_id=w.staff.id)
        db.session.add(asked)
        db.session.commit()
        return {"case_id": case.id, "request_id": asked.id}


def _section_request(w: World) -> dict[str, Any]:
    return w.once("section_request_hr", _section_request_of)


TABLE: dict[str, Access] = {
    # Files: Flask's and Bootstrap-Flask's static folders are public.
    "static": Access(PUBLIC, args=lambda w: {"filename": "app.css"}),
    "bootstrap.static": Access(
        PUBLIC, args=lambda w: {"filename": "css/bootstrap.min.css"}),
    # main
    "main.dashboard": Access(Role.VIEWER),
    "main.healthz": Access(PUBLIC),
    # auth: signed-in users asking for the sign-in page are sent to the dashboard (302).
    "auth.login": Access(PUBLIC, get=(200, 302)),
    "auth.logout": Access(Role.VIEWER, post=(302,)),
    "auth.change_password": Access(Role.VIEWER),
    "auth.change_email": Access(Role.VIEWER),
    "auth.account_language": Access(Role.VIEWER),
    # The footer's language switch works for anyone; an empty POST changes nothing.
    "auth.switch_language": Access(PUBLIC, post=(302,)),
    "auth.reset_request": Access(PUBLIC),
    "auth.reset_password": Access(PUBLIC, args=_reset_token),
    # An empty POST lacks the address the page shows: it re-renders, changing nothing.
    "auth.confirm_email": Access(PUBLIC, args=_email_change_token),
    # auth and companies: admins manage their own company's users and settings.
    "auth.users": Access(Role.ADMIN),
    "auth.invite_user": Access(Role.ADMIN),
    # An empty POST (no CSRF token) changes nothing: "the form expired", back to Users.
    "auth.resend_invitation": Access(Role.ADMIN, args=_invitee, owned=True, post=(302,)),
    # The POST re-sends the user's current role and active flag: allowed, but a no-op
    # (an empty form would untick "Active" and deactivate them mid-matrix).
    "auth.edit_user": Access(Role.ADMIN, args=_staff_user, owned=True,
                             data=lambda w: {"role": "staff", "active": "y"}),
    "companies.settings": Access(Role.ADMIN),
    # audit: admins read the company's log.
    "audit.log": Access(Role.ADMIN),
    # candidates: viewers read, staff write. Empty POSTs re-render with errors (200).
    "candidates.index": Access(Role.VIEWER),
    "candidates.show": Access(Role.VIEWER, args=_candidate, owned=True),
    "candidates.create": Access(Role.STAFF),
    # the case form's search-as-you-type (JSON; STAFF like the case form).
    "candidates.lookup": Access(Role.STAFF),
    "candidates.edit": Access(Role.STAFF, args=_candidate, owned=True),
    # dependants: an empty POST re-renders the form with every reason (200); removing
    # and starting an application use a fresh dependant (with no principal case, the
    # start is refused: a flash and a redirect).
    "candidates.add_dependant": Access(Role.STAFF, args=_candidate, owned=True),
    "candidates.edit_dependant": Access(Role.STAFF, args=_dependant, owned=True),
    "candidates.remove_dependant": Access(Role.STAFF, args=_fresh_dependant, owned=True,
                                          post=(302,)),
    "dependants.start_application": Access(Role.STAFF, args=_fresh_dependant, owned=True,
                                           post=(302,)),
    # not an approved extension, or no dependant chosen: the case page with the reason.
    "dependants.extend_with_sponsor": Access(Role.STAFF, args=_fresh_case, owned=True,
                                             post=(200,)),
    # the route advisor of a candidate (reads only; its offer form is a GET).
    "advisor.routes": Access(Role.VIEWER, args=_candidate, owned=True),
    # the Workforce list; recording a person's status as the visa shows it (an empty
    # POST re-renders with every reason, 200).
    "people.workforce": Access(Role.VIEWER),
    "people.record_status": Access(Role.STAFF, args=_candidate, owned=True),
    # a person joining from another employer: their change of employment (an empty POST
    # re-renders with the reason, 200).
    "people.start_change_of_employment": Access(Role.STAFF, args=_candidate, owned=True),
    # the Reports page (reads only; each company sees its own numbers).
    "reports.index": Access(Role.VIEWER),
    # the one search of the navigation (reads only; company-scoped).
    "search.results": Access(Role.VIEWER),
    # the icon browsers ask for at the root.
    "main.favicon": Access(PUBLIC),
    # bulk actions on the case list: an empty POST (no case selected) changes nothing (400).
    "case_bulk.apply": Access(Role.STAFF, post=(400,)),
    # cases
    "cases.index": Access(Role.VIEWER),
    "cases.show": Access(Role.VIEWER, args=_case, owned=True),
    "printing.case": Access(Role.VIEWER, args=_case, owned=True),
    "cases.create": Access(Role.STAFF),
    "cases.edit": Access(Role.STAFF, args=_case, owned=True),
    "cases.move": Access(Role.STAFF, args=_fresh_case, owned=True, post=(200, 302, 400)),
    "cases.hkid": Access(Role.STAFF, args=_fresh_case, owned=True, post=(200, 302, 400)),
    # correcting a recorded fact: an empty POST re-renders with the reasons (200).
    "cases.correct": Access(Role.STAFF, args=_fresh_case_fact, owned=True,
                            post=(200, 302, 400)),
    # NET contracts: an empty POST re-renders with errors; renewing without a contract
    # flashes why and redirects.
    "cases.contract": Access(Role.STAFF, args=_net_case, owned=True),
    "cases.renew_contract": Access(Role.STAFF, args=_net_case, owned=True, post=(302,)),
    # after arrival: a fresh (draft) case refuses to start an extension (flash, redirect)
    # and re-renders the change-of-employment form with the reason (200): nothing written.
    "cases.start_extension": Access(Role.STAFF, args=_fresh_case, owned=True, post=(302,)),
    "cases.start_change_of_employment": Access(Role.STAFF, args=_fresh_case, owned=True,
                                               post=(200,)),
    # documents: the checklist of a case; files are served only through this view.
    "documents.checklist_page": Access(Role.VIEWER, args=_case, owned=True),
    "documents.download": Access(Role.VIEWER, args=_case_with_file, owned=True),
    "documents.save_checklist": Access(Role.STAFF, args=_fresh_case, owned=True,
                                       post=(302, 400)),
    "documents.set_status": Access(Role.STAFF, args=_fresh_case_document, owned=True,
                                   post=(302, 400)),
    "documents.upload": Access(Role.STAFF, args=_fresh_case_document, owned=True,
                               post=(302, 400)),
    "documents.remove_file": Access(Role.STAFF, args=_fresh_case_document, owned=True,
                                    post=(302, 400)),
    # quotas: allotments and applications.
    "quotas.allotments": Access(Role.VIEWER),
    "quotas.allotment": Access(Role.VIEWER, args=_allotment, owned=True),
    "quotas.new_allotment": Access(Role.STAFF),
    "quotas.edit_allotment": Access(Role.STAFF, args=_allotment, owned=True),
    "quotas.delete_allotment": Access(Role.STAFF, args=_fresh_allotment, owned=True),
    "quotas.application_list": Access(Role.VIEWER),
    "quotas.application": Access(Role.VIEWER, args=_application, owned=True),
    "quotas.new_application": Access(Role.STAFF),
    "quotas.change_application": Access(Role.STAFF, args=_application, owned=True),
    # reminders: the ledger and resend for admins, one's own e-mail settings for staff.
    "reminders.ledger": Access(Role.ADMIN),
    "reminders.resend": Access(Role.ADMIN, args=_failed_reminder, owned=True),
    "reminders.preferences": Access(Role.STAFF),
    # import from spreadsheets: a job of company A's, already written (a POST changes nothing).
    "imports.index": Access(Role.STAFF),
    "imports.template": Access(Role.VIEWER, args=lambda w: {"kind": "candidates",
                                                            "fmt": "csv"}),
    "imports.mapping": Access(Role.STAFF, args=_import_job, owned=True, get=(302,),
                              post=(302,)),
    "imports.show": Access(Role.STAFF, args=_import_job, owned=True),
    "imports.status": Access(Role.STAFF, args=_import_job, owned=True),
    "imports.write": Access(Role.STAFF, args=_import_job, owned=True, post=(302,)),
    "imports.report": Access(Role.STAFF, args=_import_job, owned=True),
    # exports: each list's role (viewers export what they read; the log and reminders admins).
    "exports.cases": Access(Role.VIEWER, args=lambda w: {"fmt": "csv"}),
    "exports.candidates": Access(Role.VIEWER, args=lambda w: {"fmt": "xlsx"}),
    "exports.allotments": Access(Role.VIEWER, args=lambda w: {"fmt": "csv"}),
    "exports.workforce": Access(Role.VIEWER, args=lambda w: {"fmt": "xlsx"}),
    "exports.audit": Access(Role.ADMIN, args=lambda w: {"fmt": "csv"}),
    "exports.notifications": Access(Role.ADMIN, args=lambda w: {"fmt": "xlsx"}),
    # calendar: the feed's address is its own key (an unknown one is 404 for everyone); each
    # user manages their own on the account page (an empty POST issues nothing).
    "calendar.ics": Access(PUBLIC, args=lambda w: {"token": "not-a-token"}, get=(404,)),
    "calendar.account": Access(Role.VIEWER, post=(200,)),
    "calendar.revoke": Access(Role.VIEWER, post=(302,)),
    # The candidate portal (issue 19): no HR role opens it. Its sign-in pages answer
    # anyone; its other pages send anyone without a portal session to the portal's
    # sign-in (302), HR users included. Candidate actors: tests/test_portal_access.py.
    "portal.sign_in": Access(PUBLIC),
    "portal.request_code": Access(PUBLIC),
    "portal.enter_code": Access(PUBLIC),
    "portal.accept": Access(PUBLIC, args=lambda w: {"token": "not-a-token"}, get=(400,),
                            post=(400,)),
    "portal.home": Access(PUBLIC, get=(302,)),
    "portal.case": Access(PUBLIC, args=_case, get=(302,)),
    "portal.sign_out": Access(PUBLIC, post=(302,)),
    "portal_hr.invite": Access(Role.STAFF, args=_candidate, owned=True, post=(302,)),
    "portal_hr.revoke": Access(Role.STAFF, args=_candidate, owned=True, post=(302,)),
    # The questionnaire: the candidate's section page (anyone else is sent to the portal's
    # sign-in); HR's page, its request and review forms (an empty form re-renders: 200).
    "portal.section": Access(PUBLIC, args=lambda w: {"request_id": 1}, get=(302,),
                             post=(302,)),
    "portal_review.page": Access(Role.VIEWER, args=_case, owned=True),
    "portal_review.ask": Access(Role.STAFF, args=_case, owned=True, post=(200,)),
    "portal_review.decide": Access(Role.STAFF, args=_section_request, owned=True,
                                   post=(200,)),
    "portal_review.return_section": Access(Role.STAFF, args=_section_request, owned=True,
                                           post=(200,)),
    # Documents through the portal: the candidate's pages (HR users are sent to the portal's
    # sign-in) and HR's request (an empty form is refused: 400), review and file download.
    "portal.documents": Access(PUBLIC, get=(302,)),
    "portal.upload_document": Access(PUBLIC, args=lambda w: {"request_id": 1}, post=(302,)),
    "portal.download": Access(PUBLIC, args=lambda w: {"upload_id": 1}, get=(302,)),
    "portal_documents.request_documents": Access(Role.STAFF, args=_fresh_case, owned=True,
                                                 post=(400,)),
    "portal_documents.accept": Access(Role.STAFF, args=_fresh_portal_upload, owned=True,
                                      post=(302,)),
    "portal_documents.return_upload": Access(Role.STAFF, args=_portal_upload, owned=True,
                                             post=(400,)),
    "portal_documents.download": Access(Role.VIEWER, args=_portal_upload, owned=True),
}

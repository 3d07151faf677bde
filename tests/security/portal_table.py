"""What candidates may reach (issue 19): the candidate half of the access matrix.

`tests/security/test_access_matrix.py` also sends every route of `app.url_map` as the
candidate actors of `tests/security/portal_world.py` (signed in to the portal):

    candidate          company A's person, whose records the URLs name
    other_candidate    another person of company A
    foreign_candidate  company B's person

and expects

    an HR endpoint (any URL outside /portal)    403 or 404 from every candidate, except
                                                the few pages the portal's guard leaves
                                                open (CANDIDATE_MAY_OPEN in the test)
    a portal endpoint (a URL under /portal)     its entry below: `candidate` gets a
                                                success code; with owned=True the two
                                                others get 404 (another person's record
                                                looks absent), else a success code too

A portal endpoint missing here fails the matrix: ADD ONE ENTRY PER PORTAL ENDPOINT (and
its HR-side row in permissions_table.py, which says what HR users and anonymous visitors
get). An entry is

    "portal.case": AsCandidate(
        args=lambda w: {"case_id": w.portal().case.id},   # the candidate's own record
        get=(200,), post=(200, 302),                       # success codes
        owned=True,                                        # the default: others get 404
    ),

`w.portal()` is the candidate's PortalPerson: `.case`, `.dependant_case` (their child's),
`.section_request_id`, `.document_request_id`, `.account_id`, `.candidate_id`. Without
`args`, the URL is built with permissions_table.py's args. A POST sends an empty form:
it must change nothing that matters to the next request. A success that is not an HTML
page must be served as an attachment (the matrix checks the headers).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from tests import documents_files
from tests.security.world import World
from tracker.extensions import db
from tracker.portal.models import PortalUpload

ArgsBuilder = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class AsCandidate:
    """One portal endpoint's row for the candidate actors (see the module docstring)."""

    args: ArgsBuilder | None = None
    get: tuple[int, ...] = (200,)
    post: tuple[int, ...] = (200, 302)
    owned: bool = True

    def success(self, method: str) -> tuple[int, ...]:
        return self.get if method == "GET" else self.post


def _own_case(w: World) -> dict[str, Any]:
    return {"case_id": w.portal().case.id}


def _section_request(w: World) -> dict[str, Any]:
    return {"request_id": w.portal().section_request_id}


def _document_request(w: World) -> dict[str, Any]:
    return {"request_id": w.portal().document_request_id}


def _own_upload(w: World) -> dict[str, Any]:
    """A file the candidate sent for their document request (through the real upload)."""

    def build(w: World) -> int:
        asked = w.portal().document_request_id
        response = w.client("candidate").post(
            f"/portal/documents/{asked}/upload", content_type="multipart/form-data",
            data={"file": (io.BytesIO(documents_files.pdf()), "passport.pdf")})
        assert response.status_code == 302, "set-up upload failed"
        with w.app.app_context():
            return db.session.scalars(sa.select(PortalUpload.id).where(
                PortalUpload.request_id == asked)).one()

    return {"upload_id": w.once("portal_upload", build)}


PORTAL_TABLE: dict[str, AsCandidate] = {
    # Signed in already: the sign-in page leads home; the code pages answer as to anyone
    # (an empty form: its errors); an invitation link that is no such link: 400.
    "portal.sign_in": AsCandidate(get=(302,), post=(302,), owned=False),
    "portal.request_code": AsCandidate(post=(200,), owned=False),
    "portal.enter_code": AsCandidate(post=(200,), owned=False),
    "portal.accept": AsCandidate(get=(400,), post=(400,), owned=False),
    "portal.home": AsCandidate(owned=False),
    "portal.sign_out": AsCandidate(post=(302,), owned=False),
    "portal.case": AsCandidate(args=_own_case),
    # The questionnaire: a requested section (an empty post saves nothing).
    "portal.section": AsCandidate(args=_section_request),
    # Documents: the list, an upload (an empty post: no file, 400), a sent file.
    "portal.documents": AsCandidate(owned=False),
    "portal.upload_document": AsCandidate(args=_document_request, post=(400,)),
    "portal.download": AsCandidate(args=_own_upload),
}

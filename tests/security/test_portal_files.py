"""A candidate's files are only ever downloads (issue 19): to the candidate and to HR, each
is served as an attachment the browser neither renders nor sniffs nor caches, under a name
that cannot break out of its header."""

from __future__ import annotations

import io

import sqlalchemy as sa
from flask import url_for

from tests import documents_files
from tests.security.permissions_table import TABLE
from tests.security.world import World
from tracker.extensions import db
from tracker.portal.models import PortalUpload

HOSTILE_NAME = 'passport"; filename=evil.html\r\nX-Injected: 1 <script>.pdf'


def download_headers(response) -> dict[str, str]:
    return {name: response.headers.get(name, "") for name in (
        "Content-Disposition", "X-Content-Type-Options", "Cache-Control", "Content-Type")}


def sent_file(world: World, name: str) -> int:
    """The candidate's upload of a real PDF under *name*, through the portal's form."""
    asked = world.portal().document_request_id
    response = world.client("candidate").post(
        f"/portal/documents/{asked}/upload", content_type="multipart/form-data",
        data={"file": (io.BytesIO(documents_files.pdf()), name)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with world.app.app_context():
        return db.session.scalars(sa.select(PortalUpload.id).where(
            PortalUpload.request_id == asked).order_by(PortalUpload.id.desc())).first()


def assert_download(response) -> None:
    headers = download_headers(response)
    assert response.status_code == 200, headers
    assert headers["Content-Disposition"].startswith("attachment;"), headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in headers["Cache-Control"]
    assert headers["Content-Type"].startswith("application/pdf")
    assert "\r" not in headers["Content-Disposition"] and "\n" not in headers["Content-Disposition"]
    assert "X-Injected" not in response.headers
    assert response.data.startswith(b"%PDF")


def test_the_candidate_downloads_their_file_as_an_attachment(app, world):
    upload_id = sent_file(world, HOSTILE_NAME)
    assert_download(world.client("candidate").get(f"/portal/uploads/{upload_id}/file"))


def test_hr_downloads_a_candidates_file_as_an_attachment(app, world):
    with app.test_request_context():
        url = url_for("portal_documents.download",
                      **TABLE["portal_documents.download"].args(world))
    for actor in ("viewer", "staff", "admin"):
        assert_download(world.client(actor).get(url))

"""The candidate portal in tests: HR invites, the worker's task mails the link (run in
the test process from the real queue), the candidate opens it in a browser of their own
(a new test client) and sets a password. Other portal tests build on these."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.account_mail import outbox
from tests.queued_tasks import run_queued

PASSWORD = "river lantern quietly 58"


def invite(client: FlaskClient, candidate_id: int, email: str) -> Any:
    """Post the panel's invite form as the HR user signed in on *client*."""
    return client.post(f"/candidates/{candidate_id}/portal/invite", data={"email": email})


def mailed_link(app: Flask, path: str = "/portal/invitation/") -> str:
    """Run the queued portal mail tasks; the path of the link of the newest mail."""
    run_queued(app, "portal.")
    mails = outbox(app)
    assert mails, "no e-mail was sent"
    found = re.search(rf"{re.escape(path)}\S+", mails[-1].body)
    assert found, mails[-1].body
    return found.group(0)


def mailed_code(app: Flask) -> str:
    """Run the queued portal mail tasks; the 6-digit code of the newest mail."""
    run_queued(app, "portal.")
    found = re.search(r"^\s+(\d{6})$", outbox(app)[-1].body, re.MULTILINE)
    assert found, outbox(app)[-1].body
    return found.group(1)


def accept(app: Flask, link: str, password: str = PASSWORD) -> FlaskClient:
    """Open the invitation *link* in a new browser and set *password*: signed in."""
    candidate = app.test_client()
    assert candidate.get(link).status_code == 200
    response = candidate.post(link, data={"new_password": password, "confirm": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith("/portal/")
    return candidate


def signed_up(app: Flask, hr: FlaskClient, candidate_id: int, email: str) -> FlaskClient:
    """Invite, open the mailed link, set the password: the candidate's signed-in client."""
    assert invite(hr, candidate_id, email).status_code == 302
    return accept(app, mailed_link(app))

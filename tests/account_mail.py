"""Account e-mail in tests: the locmem outbox, the links in it, and the e-mail change
done the way a user does it (ask, let the worker's task send the link, follow it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import UserRecord


def outbox(app: Flask) -> list[Any]:
    """Mail kept by the locmem backend of the test config."""
    return getattr(app.extensions["mailman"], "outbox", [])


def link_path(mail: Any, path: str) -> str:
    """The path of the link in *mail* that starts with *path* (the base URL dropped)."""
    found = re.search(rf"{re.escape(path)}\S+", mail.body)
    assert found, f"no {path} link in: {mail.body}"
    return found.group(0)


def ask_email_change(client: FlaskClient, user: UserRecord, new_email: str,
                     password: str | None = None) -> Any:
    """Post the Change email form as *user* (signed in on *client*)."""
    return client.post("/account/email", data={"email": new_email,
                                                "current_password": password or user.password})


def change_email(app: Flask, client: FlaskClient, run_tasks: Callable[[], int],
                 user: UserRecord, new_email: str) -> Any:
    """Ask (signed in on *client*), let the task mail the link, follow it and confirm;
    the confirming POST's response."""
    assert ask_email_change(client, user, new_email).status_code == 302
    assert run_tasks() == 1
    link = link_path(outbox(app)[-1], "/account/email/confirm/")
    return client.post(link, data={"email": new_email.strip().lower()})

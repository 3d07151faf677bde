"""Uploaded files on disk: UPLOAD_FOLDER/<company id>/<random name>.

The user's file name never reaches the file system (it is kept in the database
for display and downloads), so no name can escape the folder or collide. The
folder sits outside every static folder: files are only served by views that
check who may read them (HR's checklist download, the candidate portal's own
uploads), each through `attachment`.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from pathlib import Path
from typing import BinaryIO

from flask import abort, current_app, send_file
from werkzeug.wrappers import Response

STORED_NAME = re.compile(r"^[0-9a-f]{32}\.[a-z]{2,5}$")
CHUNK = 64 * 1024


def company_folder(company_id: int) -> Path:
    """The folder holding *company_id*'s files."""
    return Path(current_app.config["UPLOAD_FOLDER"]) / str(int(company_id))


def path_of(company_id: int, stored_name: str) -> Path:
    """Where a stored file lives; refuses any name this module did not make."""
    if not STORED_NAME.match(stored_name):
        raise ValueError(f"not a stored file name: {stored_name!r}")
    return company_folder(company_id) / stored_name


def save(company_id: int, stream: BinaryIO, extension: str) -> str:
    """Copy *stream* to a new random name in the company's folder; return that name.

    Written to a temporary name first and renamed, so a crash mid-copy never
    leaves a half file under a name the database could point to.
    """
    folder = company_folder(company_id)
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    final = path_of(company_id, stored_name)
    partial = final.with_name(final.name + ".part")
    stream.seek(0)
    try:
        with open(partial, "xb") as out:
            shutil.copyfileobj(stream, out, CHUNK)
        os.chmod(partial, 0o640)
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return stored_name


def delete(company_id: int, stored_name: str) -> None:
    """Remove a stored file; a file already gone is not an error."""
    if stored_name:
        try:
            path_of(company_id, stored_name).unlink(missing_ok=True)
        except OSError:
            # The database no longer points to it: an orphan on disk is harmless,
            # an error here would hide that the change itself succeeded.
            current_app.logger.warning("could not delete stored file %s", stored_name)


def attachment(company_id: int, stored_name: str, content_type: str,
               download_name: str) -> Response:
    """A stored file as a download under *download_name* (404 when it is gone): never
    rendered inline, never sniffed into another type, kept out of every cache."""
    if not stored_name:
        abort(404)
    path = path_of(company_id, stored_name)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=content_type or "application/octet-stream",
                         as_attachment=True, download_name=download_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"  # passports: keep out of caches
    return response

"""'Add position' keeps the user's place on the allotment form (issue 17), without JavaScript.

The button posts to the form's own address with the new row's anchor, so the
page comes back scrolled to that row, its job title focused (autofocus); Remove
comes back at the positions. With JavaScript the row is added in place
(tests/browser/test_add_position.py).
"""

from __future__ import annotations

import re

from tests.quota_helpers import allotment_post

ZH = {"Accept-Language": "zh-HK,zh;q=0.9"}


def test_the_buttons_aim_at_the_new_row(client, staff):
    page = client.get("/quotas/new").get_data(as_text=True)
    assert 'formaction="/quotas/new#position-2"' in page
    assert 'formaction="/quotas/new#positions"' in page  # Remove position
    assert 'id="position-1"' in page and 'id="positions"' in page
    assert "autofocus" not in page  # nothing added yet: the page starts at the top


def test_after_add_position_the_new_row_is_there_and_focused(client, staff, make, company):
    application = make.application(company, reference="ITC/APP/77")
    data = allotment_post() | {"add_position": "Add position", "submit": ""}
    page = client.post("/quotas/new", data=data).get_data(as_text=True)
    assert 'id="position-2"' in page
    new_title = re.search(r'<input[^>]*name="positions-1-job_title"[^>]*>', page).group(0)
    assert "autofocus" in new_title
    first_title = re.search(r'<input[^>]*name="positions-0-job_title"[^>]*>', page).group(0)
    assert "autofocus" not in first_title
    assert 'formaction="/quotas/new#position-3"' in page  # the next press aims further on
    # The query string (an application to allot from) travels with the anchor.
    again = client.post(f"/quotas/new?application={application.id}", data=data)
    assert f'formaction="/quotas/new?application={application.id}#position-3"' in \
        again.get_data(as_text=True)


def test_the_script_gets_the_legend_in_the_readers_language(client, staff):
    assert 'data-position-label="Position {number}"' in client.get(
        "/quotas/new").get_data(as_text=True)
    chinese = client.get("/quotas/new", headers=ZH).get_data(as_text=True)
    label = re.search(r'data-position-label="([^"]*)"', chinese).group(1)
    assert "{number}" in label and "Position" not in label

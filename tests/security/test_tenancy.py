"""Ids from URLs and forms are checked against the signed-in user's company."""

from __future__ import annotations

import pytest
from flask_login import login_user
from werkzeug.exceptions import NotFound

from tests.security.world import client_as
from tracker.auth.models import User
from tracker.extensions import db
from tracker.tenancy import as_id, get_in_company, get_or_404


@pytest.mark.parametrize("value,number", [
    ("12", 12), (12, 12), ("abc", None), ("1.5", None), ("", None), (None, None),
    ("-3", None), ("0", None), (True, None), (str(2**63), None), (["1"], None),
])
def test_as_id_only_accepts_database_ids(value, number):
    assert as_id(value) == number


def test_a_posted_id_of_another_company_is_not_found(app, world):
    with app.app_context():
        assert get_in_company(User, str(world.staff.id), world.company_a.id).id == world.staff.id
        assert get_in_company(User, str(world.staff.id), world.company_b.id) is None
        assert get_in_company(User, "1 OR 1=1", world.company_a.id) is None


def test_get_or_404_is_scoped_and_survives_odd_ids(app, world):
    with app.test_request_context():
        login_user(db.session.get(User, world.other_admin.id))
        for bad in (world.staff.id, 10**30, "x"):
            with pytest.raises(NotFound):
                get_or_404(User, bad)


def test_a_huge_id_in_a_url_is_a_plain_404(app, world):
    assert client_as(app, world.admin).get(f"/company/users/{10**30}").status_code == 404

"""Quota pages: viewers read, staff write; another company's records are 404."""

from __future__ import annotations

import re

import pytest

from tests.quota_helpers import allotment_post, config, stored_allotments
from tracker.permissions import Role

WRITE_ENDPOINTS = ("quotas.new_allotment", "quotas.edit_allotment", "quotas.delete_allotment",
                   "quotas.new_application", "quotas.change_application")
READ_ENDPOINTS = ("quotas.allotments", "quotas.allotment", "quotas.application_list",
                  "quotas.application")


def test_every_quota_view_declares_its_role(app):
    views = {name: view for name, view in app.view_functions.items()
             if name.startswith("quotas.")}
    assert set(views) == set(WRITE_ENDPOINTS) | set(READ_ENDPOINTS)
    for name in WRITE_ENDPOINTS:
        assert views[name].required_role == Role.STAFF, name
    for name in READ_ENDPOINTS:
        assert views[name].required_role == Role.VIEWER, name
    assert app.view_functions["audit.log"].required_role == Role.ADMIN


@pytest.fixture
def setup(make):
    """Two companies, each with an allotment and an application."""
    mine, theirs = make.company(), make.company()
    return {
        "mine": mine, "theirs": theirs,
        "my_allotment": make.allotment(mine), "their_allotment": make.allotment(theirs),
        "my_application": make.application(mine),
        "their_application": make.application(theirs, reference="THEIRS"),
    }


def test_viewer_reads_but_every_write_is_403(app, client, make, login, setup):
    login(make.user(setup["mine"], role="viewer"))
    allotment, application = setup["my_allotment"], setup["my_application"]
    for url in ("/quotas/", f"/quotas/{allotment.id}", "/quotas/applications",
                f"/quotas/applications/{application.id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"New allotment" not in response.data and b">Edit<" not in response.data
    assert client.get("/quotas/new").status_code == 403
    assert client.post("/quotas/new", data=allotment_post()).status_code == 403
    assert client.post(f"/quotas/{allotment.id}/edit", data=allotment_post()).status_code == 403
    assert client.post(f"/quotas/{allotment.id}/delete").status_code == 403
    assert client.post("/quotas/applications/new", data={
        "submitted_on": "2025-01-01", "requested_quotas": 2}).status_code == 403
    assert client.post(f"/quotas/applications/{application.id}",
                       data={"status": "rejected"}).status_code == 403
    assert len(stored_allotments(app, setup["mine"].id)) == 1


def test_staff_can_write(client, make, login, setup):
    login(make.user(setup["mine"], role="staff"))
    assert client.get("/quotas/new").status_code == 200
    assert client.post("/quotas/new", data=allotment_post()).status_code == 302


def test_other_companys_records_are_404_by_url(app, client, make, login, setup):
    login(make.user(setup["mine"], role="admin"))
    allotment, application = setup["their_allotment"], setup["their_application"]
    for url in (f"/quotas/{allotment.id}", f"/quotas/{allotment.id}/edit",
                f"/quotas/applications/{application.id}",
                f"/quotas/new?application={application.id}"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/quotas/{allotment.id}/edit", data=allotment_post()).status_code == 404
    assert client.post(f"/quotas/{allotment.id}/delete").status_code == 404
    assert client.post(f"/quotas/applications/{application.id}",
                       data={"status": "rejected"}).status_code == 404
    assert len(stored_allotments(app, setup["theirs"].id)) == 1


def test_other_companys_application_id_posted_is_404(app, client, make, login, setup):
    login(make.user(setup["mine"], role="staff"))
    response = client.post("/quotas/new", data=allotment_post(
        application_id=setup["their_application"].id))
    assert response.status_code == 404
    assert len(stored_allotments(app, setup["mine"].id)) == 1  # only the fixture's own
    assert client.post("/quotas/new", data=allotment_post(application_id="x1")
                       ).status_code == 404


def test_lists_show_only_own_company(client, make, login, setup):
    login(make.user(setup["mine"], role="viewer"))
    page = client.get("/quotas/").get_data(as_text=True)
    assert setup["my_allotment"].itc_reference in page
    assert setup["their_allotment"].itc_reference not in page
    page = client.get("/quotas/applications").get_data(as_text=True)
    assert "ITC/APP/1" in page and "THEIRS" not in page
    dashboard = client.get("/").get_data(as_text=True)
    assert setup["their_allotment"].itc_reference not in dashboard


@pytest.mark.parametrize("url", ["/quotas/99999999999", "/quotas/new?application=99999999999",
                                 "/quotas/new?application=%C2%B2", "/quotas/applications/0"])
def test_out_of_range_ids_are_404_not_500(client, make, login, url):
    login(make.user(role="staff"))
    assert client.get(url).status_code == 404


def test_forms_carry_a_working_csrf_token(app, client, make, login):
    company = make.company()
    login(make.user(company, role="staff"))
    record = make.allotment(company)
    with config(app, WTF_CSRF_ENABLED=True):
        assert client.post("/quotas/new", data=allotment_post()).status_code == 400
        page = client.get("/quotas/new").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        assert client.post("/quotas/new", data=allotment_post(csrf_token=token)
                           ).status_code == 302
        assert client.post(f"/quotas/{record.id}/delete").status_code == 400
        assert client.post(f"/quotas/{record.id}/delete", data={"csrf_token": token}
                           ).status_code == 302
    assert [a.itc_reference for a in stored_allotments(app, company.id)] == ["ITC/TTAS/2025/001"]

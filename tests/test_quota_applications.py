"""Quota applications to ITC, and creating an allotment from one."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from tests.quota_helpers import allotment_post, audit_entries, config, stored_allotments
from tracker.extensions import db
from tracker.quotas.models import QuotaApplication

pytestmark = pytest.mark.sqlite


def stored_application(app, application_id: int) -> QuotaApplication:
    with app.app_context():
        row = db.session.get(QuotaApplication, application_id)
        db.session.expunge_all()
        return row


def test_staff_records_an_application(app, client, staff):
    with config(app, TODAY_OVERRIDE="2025-02-10"):
        assert 'value="2025-02-10"' in client.get("/quotas/applications/new").get_data(
            as_text=True)
        response = client.post("/quotas/applications/new", data={
            "submitted_on": "2025-02-03", "requested_quotas": "4", "reference": " APP-77 ",
            "notes": "Sent by post"})
    assert response.status_code == 302
    with app.app_context():
        row = db.session.scalar(sa.select(QuotaApplication))
        assert (row.submitted_on, row.requested_quotas, row.reference, row.status,
                row.company_id) == (date(2025, 2, 3), 4, "APP-77", "submitted", staff.company_id)
    [entry] = audit_entries(app, "quota_application")
    assert entry.action == "create" and entry.changes["requested_quotas"] == [None, 4]
    assert "APP-77" in client.get("/quotas/applications").get_data(as_text=True)


@pytest.mark.parametrize("data,message", [
    ({"submitted_on": "2025-02-03", "requested_quotas": "0"}, b"Number must be at least 1."),
    ({"submitted_on": "", "requested_quotas": "2"}, b"This field is required."),
    ({"submitted_on": "2025-02-11", "requested_quotas": "2"},
     b"The submission date cannot be in the future."),
])
def test_bad_application_is_refused(app, client, staff, data, message):
    with config(app, TODAY_OVERRIDE="2025-02-10"):
        response = client.post("/quotas/applications/new", data=data)
    assert response.status_code == 200 and message in response.data
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(QuotaApplication.id))) == 0


def test_status_change_is_audited(app, client, make, staff, company):
    record = make.application(company)
    response = client.post(f"/quotas/applications/{record.id}",
                           data={"status": "rejected", "notes": "Not R&D enough"})
    assert response.status_code == 302
    assert stored_application(app, record.id).status == "rejected"
    [update] = [e for e in audit_entries(app, "quota_application") if e.action == "update"]
    assert update.changes == {"status": ["submitted", "rejected"],
                              "notes": ["", "Not R&D enough"]}
    assert update.user_id == staff.id
    response = client.post(f"/quotas/applications/{record.id}", data={"status": "granted"})
    assert b"Not a valid choice" in response.data


def test_create_allotment_from_application(app, client, make, staff, company):
    record = make.application(company, reference="ITC/APP/9", requested=3)
    page = client.get("/quotas/applications").get_data(as_text=True)
    assert "Create allotment from this application" in page
    with config(app, TODAY_OVERRIDE="2025-03-03"):
        form = client.get(f"/quotas/new?application={record.id}").get_data(as_text=True)
    assert 'value="ITC/APP/9"' in form and 'name="total_quotas"' in form
    assert f'name="application_id" type="hidden" value="{record.id}"' in form
    assert re.search(r'<input[^>]*name="total_quotas"[^>]*value="3"', form)
    response = client.post("/quotas/new", data=allotment_post(
        reference="ITC/APP/9", application_id=record.id))
    assert response.status_code == 302
    [allotment] = stored_allotments(app, company.id)
    assert allotment.application_id == record.id
    assert stored_application(app, record.id).status == "allotted"
    changes = [e.changes for e in audit_entries(app, "quota_application") if e.action == "update"]
    assert changes == [{"status": ["submitted", "allotted"]}]
    page = client.get(f"/quotas/{allotment.id}").get_data(as_text=True)
    assert "From application" in page
    # The same application cannot give a second allotment ...
    response = client.post("/quotas/new", data=allotment_post(
        reference="ITC/OTHER", application_id=record.id))
    assert b"This application already has allotment ITC/APP/9." in response.data
    assert len(stored_allotments(app, company.id)) == 1
    # ... and stays allotted while linked.
    response = client.post(f"/quotas/applications/{record.id}", data={"status": "submitted"})
    assert b"was created from this application: it stays allotted." in response.data
    assert stored_application(app, record.id).status == "allotted"


def test_rejected_application_gives_no_allotment(app, client, make, staff, company):
    record = make.application(company)
    client.post(f"/quotas/applications/{record.id}", data={"status": "rejected"})
    response = client.post("/quotas/new", data=allotment_post(application_id=record.id))
    assert b"This application was rejected: change its status first." in response.data
    assert stored_allotments(app, company.id) == []

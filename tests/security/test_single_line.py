"""Names, references and titles are one line: refused at the form and at the service.

They go into e-mail subjects and headers; a line break there starts a new header.
"""

from __future__ import annotations

from datetime import date

import pytest

from tracker.auth.services import AccountError, create_user
from tracker.companies.models import Company
from tracker.companies.services import CompanyError, create_company
from tracker.extensions import db
from tracker.forms_common import SingleLineField
from tracker.permissions import Role
from tracker.quotas.validation import (
    AllotmentInput,
    PositionInput,
    QuotaError,
    check_allotment,
)
from tracker.text import first_multi_line, has_control_characters

EVIL = "ITC/1\r\nBcc: evil@example.com"


@pytest.mark.parametrize("value,multi_line", [
    ("Chan Tai Man", False), ("黃嘉欣 Wong", False), ("a\tb", True), ("a\rb", True),
    ("a\nb", True), ("a\x1bb", True), ("a\x00b", True), ("a\u2028b", False),
])
def test_control_characters(value, multi_line):
    assert has_control_characters(value) is multi_line
    assert first_multi_line({"x": 1, "name": value}) == ("name" if multi_line else None)


def all_forms(cls: type) -> list[type]:
    return [cls, *(sub for child in cls.__subclasses__() for sub in all_forms(child))]


def test_every_text_box_of_every_form_is_single_line(app):
    """No form of the app uses a plain StringField, which would let a line break through."""
    import wtforms
    from flask_wtf import FlaskForm

    forms = [form for form in all_forms(FlaskForm) if form.__module__.startswith("tracker.")]
    assert len(forms) > 20  # every blueprint's forms were imported with the app
    plain = [f"{form.__name__}.{name}" for form in forms
             for name, field in vars(form).items()
             if isinstance(field, wtforms.fields.core.UnboundField)
             and field.field_class is wtforms.StringField]
    assert plain == []
    assert issubclass(SingleLineField, wtforms.StringField)


def test_the_allotment_form_refuses_a_line_break_in_the_reference(app, make, login):
    staff = make.user(role="staff")
    client = login(staff, the_client=app.test_client())
    response = client.post("/quotas/new", data={
        "itc_reference": EVIL, "allotment_date": "2025-03-03", "total_quotas": "1",
        "positions-0-job_title": "Engineer\nBcc: x", "positions-0-technology_area":
        "Artificial intelligence", "positions-0-monthly_salary": "40000",
        "positions-0-quotas": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ITC reference cannot contain line breaks" in page
    assert "Job title cannot contain line breaks" in page  # every error at once


def test_the_services_refuse_without_a_form(app, make):
    company = make.company()
    with app.app_context():
        with pytest.raises(QuotaError, match="ITC reference cannot contain"):
            check_allotment(company.id, AllotmentInput(EVIL, date(2025, 3, 3), 1, positions=[
                PositionInput("Engineer", "Artificial intelligence", 40000, 1)]))
        with pytest.raises(QuotaError, match="job title cannot contain"):
            check_allotment(company.id, AllotmentInput("ITC/2", date(2025, 3, 3), 1, positions=[
                PositionInput("Engineer\nBcc: x", "Artificial intelligence", 40000, 1)]))
        with pytest.raises(CompanyError, match="cannot contain"):
            create_company("Evil\r\nLimited", "87654321")
        with pytest.raises(AccountError, match="cannot contain"):
            create_user(db.session.get_one(Company, company.id), "new@example.com",
                        "Evil\r\nName", Role.STAFF)

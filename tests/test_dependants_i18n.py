"""Dependants in Hong Kong Traditional Chinese: the person's section, the form's refusals,
the extension's offer and its messages (English stays the default: tests/test_dependants.py)."""

from __future__ import annotations

import pytest

from tests.test_candidates import form as candidate_form
from tests.test_dependants import (
    approved_extension,
    dependant,
    dependant_form,
    family,  # noqa: F401 (a fixture)
)
from tracker.audit_log import labels
from tracker.candidates.dependants import FIELDS
from tracker.cases.services import FIELDS as CASE_FIELDS

pytestmark = pytest.mark.usefixtures("pinned_today")

ZH = {"Accept-Language": "zh-HK,zh;q=0.9"}


def test_the_dependants_section_reads_in_chinese(app, make, company, staff, client):
    principal = make.candidate(company)
    client.post(f"/candidates/{principal.id}/dependants/new", headers=ZH, data=dependant_form())
    page = client.get(f"/candidates/{principal.id}", headers=ZH).get_data(as_text=True)
    for chinese in ("受養人", "新增受養人", "護照上的姓名", "配偶", "34 歲", "有效期至 01/01/2032",
                    "已新增受養人 Mei Chan。"):
        assert chinese in page, chinese
    for english in ("Dependants", "Add a dependant", "Name as in the passport", "Spouse",
                    "years old", "expires 01/01/2032", "Dependant Mei Chan added."):
        assert english not in page, english
    spouse = dependant(app, principal.id, "Mei Chan")
    own = client.get(f"/candidates/{spouse.id}", headers=ZH).get_data(as_text=True)
    assert "主申請人" in own and "Principal" not in own


def test_the_refusals_read_in_chinese(app, make, company, staff, client):
    principal = make.candidate(company)
    other = make.candidate(company)
    page = client.post(f"/candidates/{principal.id}/dependants/new", headers=ZH,
                       data=dependant_form(relation="child", date_of_birth="2005-03-01",
                                           passport_number=other.passport_number,
                                           nationality="")).get_data(as_text=True)
    for chinese in ("已於 01/03/2023 年滿 18 歲：不再是受養子女。",
                    f"護照號碼 {other.passport_number} 已記錄於", "請輸入國籍。", "儲存受養人"):
        assert chinese in page, chinese
    for english in ("Turned 18", "is already recorded for", "Enter the nationality.",
                    "Save the dependant"):
        assert english not in page, english
    page = client.post(f"/candidates/{principal.id}/dependants/new", headers=ZH,
                       data=dependant_form(date_of_birth="2026-01-01")).get_data(as_text=True)
    assert "出生日期 01/01/2026 是將來的日期。" in page and "in the future" not in page


def test_the_extension_offer_and_its_message_read_in_chinese(app, family, client):  # noqa: F811
    extension = approved_extension(app, family["sponsor"])
    page = client.get(f"/cases/{extension.id}", headers=ZH).get_data(as_text=True)
    assert "將受養人的逗留期限延至 20/08/2028" in page
    assert "將於 01/01/2027 年滿 18 歲" in page
    assert "Extend the dependants" not in page and "Turns 18" not in page
    done = client.post(f"/cases/{extension.id}/extend-dependants", headers=ZH,
                       data={"dependants": [str(family["spouse"].id)]},
                       follow_redirects=True).get_data(as_text=True)
    assert "已將 1 名受養人的逗留期限延至 20/08/2028。" in done and "stay extended" not in done
    refused = client.post(f"/cases/{extension.id}/extend-dependants", headers=ZH,
                          data={"dependants": [str(family["child"].id)]},
                          follow_redirects=True).get_data(as_text=True)
    assert "Kit Chan 不能隨此延期逗留一併延期：將於 01/01/2027 年滿 18 歲" in refused


def test_the_fields_the_dependant_services_audit_have_labels():
    """The audit log labels every field these services write (else it shows the code)."""
    written = {*FIELDS, *CASE_FIELDS, "kind", "parent_case_id", "superseded_by_id",
               "submission_channel", "submitted_on", "approved_on", "limit_of_stay_until"}
    assert written - labels.FIELDS.keys() == set()


def test_the_candidate_form_s_duplicate_passport_reads_in_chinese(app, make, company, staff,
                                                                  client):
    existing = make.candidate(company, full_name="Chan Tai Man", passport_number="K1234567")
    page = client.post("/candidates/new", headers=ZH, data=candidate_form(
        passport_number="k123 4567")).get_data(as_text=True)
    assert f"護照號碼 K1234567 已記錄於 Chan Tai Man（候選人 #{existing.id}）名下。" in page
    assert "is already recorded for" not in page


def test_a_date_out_of_range_reads_in_chinese(app, make, company, staff, client):
    principal = make.candidate(company)
    page = client.post(f"/candidates/{principal.id}/dependants/new", headers=ZH,
                       data=dependant_form(date_of_birth="1800-01-01")).get_data(as_text=True)
    assert "01/01/1900" in page and "31/12/2199" in page and "Enter a date between" not in page

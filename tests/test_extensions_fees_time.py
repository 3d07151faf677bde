"""Fees and time on every case page (issue 16): the government fees in force on the case's
date (rules/fees.py) and, for a submitted case, the expected decision date
(rules/processing.py) with a needs-attention flag once past it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.case_helpers import move
from tests.test_extensions import SUBMIT, active_case, extend

pytestmark = pytest.mark.usefixtures("pinned_today")

ZH = {"Accept-Language": "zh-HK"}


def submitted_gep(app, make, company, on: date):
    case = make.case(company)
    move(app, case, "preparing")
    move(app, case, "submitted", submitted_on=on, immd_reference="REF")
    return case


def test_fees_before_26_02_2025_are_the_flat_230(app, make, company, staff, client):
    case = submitted_gep(app, make, company, date(2025, 2, 25))
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "For an application submitted on 25/02/2025" in page
    assert "Visa or extension fee (one flat fee)" in page and "HK$230" in page
    assert "Application fee" not in page


def test_fees_from_26_02_2025_are_600_plus_the_visa_fee(app, make, company, staff, client):
    case = submitted_gep(app, make, company, date(2025, 2, 26))
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Application fee (per person, non-refundable)" in page and "HK$600" in page
    # The stay is not known yet: both visa fees are named.
    assert "HK$1,300 for a stay over 180 days" in page


def test_an_extension_pays_the_long_visa_fee_once_approved(app, make, company, staff, client):
    extension = extend(app, active_case(app, make, company))
    move(app, extension, "submitted", **SUBMIT)
    move(app, extension, "approved", approved_on=date(2025, 6, 2),
         limit_of_stay_until=date(2028, 8, 20))
    page = client.get(f"/cases/{extension.id}").get_data(as_text=True)
    assert "Visa fee (stay over 180 days)" in page and "HK$1,300" in page


def test_the_expected_decision_and_the_overdue_flag(app, make, company, staff, client):
    late = submitted_gep(app, make, company, date(2025, 4, 1))  # + 6 weeks: 13/05/2025
    page = client.get(f"/cases/{late.id}").get_data(as_text=True)
    assert 'data-overdue="yes"' in page and "Expected by 13/05/2025" in page
    recent = submitted_gep(app, make, company, date(2025, 5, 30))
    page = client.get(f"/cases/{recent.id}").get_data(as_text=True)
    assert 'data-overdue="no"' in page and "Expected by 11/07/2025" in page
    attention = client.get("/cases/?attention=y").get_data(as_text=True)
    assert "ImmD&#39;s decision was expected by 13/05/2025" in attention
    assert "expected by 11/07/2025" not in attention


def test_a_decided_case_shows_no_expected_date(app, make, company, staff, client):
    case = submitted_gep(app, make, company, date(2025, 4, 1))
    move(app, case, "approved")
    assert 'id="decision"' not in client.get(f"/cases/{case.id}").get_data(as_text=True)


def test_fees_and_time_read_in_chinese(app, make, company, staff, client):
    case = submitted_gep(app, make, company, date(2025, 4, 1))
    page = client.get(f"/cases/{case.id}", headers=ZH).get_data(as_text=True)
    assert "政府費用" in page and "已逾期" in page and "預計於 13/05/2025 或之前有決定" in page
    assert "Government fees" not in page and "Overdue" not in page
    assert "Expected by" not in page


def test_an_extension_page_reads_in_chinese(app, make, company, staff, client):
    extension = extend(app, active_case(app, make, company))
    page = client.get(f"/cases/{extension.id}", headers=ZH).get_data(as_text=True)
    assert "第 1 次延期逗留" in page and "申請期開始" in page and "下一個逗留期限" in page
    for english in ("Window opens", "Next limit of stay", "Extends the limit of stay",
                    "How to file"):
        assert english not in page

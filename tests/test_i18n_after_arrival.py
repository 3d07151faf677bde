"""Languages for the after-arrival rules (issue 16): every Text of the fee, processing,
extension, employer-change, dependant, residence and TTPS/IANG/ASMTP rules has its Hong
Kong Traditional Chinese, and renders in Chinese with its values."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from babel.support import Translations

from tracker.rules.dependants import age_out_warning
from tracker.rules.employer_change import employer_change
from tracker.rules.extension import passport_warning, plan
from tracker.rules.fees import fees_for
from tracker.rules.iang import iang_verdict
from tracker.rules.profile import CandidateProfile
from tracker.rules.residence import residence
from tracker.rules.ttps import ttps_verdict

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("fees", "processing", "extension", "employer_change", "dependants", "residence",
           "ttps", "iang", "asmtp", "alternatives", "case_checklists")
ZH = Translations.load(str(ROOT / "tracker/translations"), ["zh_Hant"])


def literals(module: str) -> list[str]:
    """The first argument of every Text("…") call in tracker/rules/<module>.py."""
    tree = ast.parse((ROOT / f"tracker/rules/{module}.py").read_text(encoding="utf-8"))
    return [node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Text"
            and node.args and isinstance(node.args[0], ast.Constant)]


@pytest.mark.parametrize("module", MODULES)
def test_every_text_of_the_module_is_translated(module):
    missing = [msgid for msgid in literals(module) if ZH.gettext(msgid) == msgid]
    assert not missing, missing


def test_fees_and_warnings_read_in_chinese_with_their_values():
    fee = fees_for("entry", date(2025, 3, 1), approved=True).items[1].label
    assert fee.translated(ZH.gettext) == \
        "簽證費：逗留期超過 180 日為 HK$1,300，180 日或以下為 HK$600（請輸入逗留期限）"
    warning = passport_warning(date(2027, 5, 1), date(2027, 4, 1)).translated(ZH.gettext)
    assert "01/05/2027" in warning and "護照" in warning and "passport" not in warning
    advice = plan("GEP", date(2027, 6, 30), date(2027, 4, 1), 1, None).advice
    assert advice.translated(ZH.gettext) == \
        "入境事務處建議最少提前 6 星期遞交申請：即於 19/05/2027 或之前。"


def test_status_lines_read_in_chinese():
    assert "毋須批准" in employer_change("IANG").reason.translated(ZH.gettext)
    count = residence(date(2020, 3, 15), date(2026, 12, 1)).summary.translated(ZH.gettext)
    assert count == "自 15/03/2020 起已居港 6 年（共須 7 年）；將於 15/03/2027 滿 7 年。"
    flag = age_out_warning(date(2010, 3, 31), date(2028, 3, 31)).translated(ZH.gettext)
    assert "年滿 18 歲" in flag and "dependant" not in flag


def test_verdict_reasons_read_in_chinese():
    ttps = ttps_verdict(CandidateProfile(annual_income_hkd=3_000_000), date(2026, 12, 1))
    assert ttps.result("ttps_category").reason.translated(ZH.gettext) == "符合類別 A。"
    unknown = ttps_verdict(CandidateProfile(), date(2026, 12, 1)).result("ttps_category")
    assert unknown.reason.translated(ZH.gettext) == "尚未得知：類別 A、類別 B、類別 C。"
    iang = iang_verdict(CandidateProfile(degree_awarded_on=date(2026, 6, 1)), date(2026, 9, 1))
    assert iang.result("iang_fresh").reason.translated(ZH.gettext) == \
        "在畢業後 6 個月內（至 01/12/2026）。"

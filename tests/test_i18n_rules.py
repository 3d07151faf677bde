"""Languages (issue 15): the rules and the route advisor in Hong Kong Traditional Chinese.

The rules' labels, reasons, summaries and headlines are `Text` (tracker/rules/text.py):
English where stored and compared, the reader's language where shown. The advisor page
in Chinese shows them in Chinese with their values (HK$, dates as in English); in
English it is unchanged.
"""

from __future__ import annotations

import ast
import html
import re
from datetime import date
from importlib import import_module
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tracker.cases.eligibility import refusal_message
from tracker.rules import differences, gep, results, stay
from tracker.rules.results import Rule, commas, semicolons
from tracker.rules.text import Text

pytestmark = pytest.mark.usefixtures("pinned_today")

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "tracker/translations/zh_Hant/LC_MESSAGES/messages.po"
ZH = {"Accept-Language": "zh-HK,zh;q=0.9,en;q=0.8"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}
AI = "Artificial intelligence"
# A graduate with an offer above the TechTAS position's pay and under GEP's HK$2M waiver.
FACTS = {"date_of_birth": date(1994, 5, 1), "qualification_level": "master",
         "stem_degree": True, "years_experience": 6, "english": True,
         "mainland_resident": False, "talent_list_profession": ""}
OFFER = {"job_title": "Research Engineer", "monthly_salary": "50000", "technology_area": AI,
         "principally_rnd": "yes"}


@pytest.fixture
def company(make):
    company = make.company()
    make.techtas_allotment(company, itc_reference="ITC/TT/7", positions=[{
        "job_title": "Research Engineer", "technology_area": AI, "monthly_salary": 40_000,
        "quotas": 2}])
    return company


def page(client, make, login, company, headers, **facts) -> str:
    candidate = make.candidate(company, **(FACTS | facts))
    login(make.user(company, role="staff"))
    answer = client.get(f"/candidates/{candidate.id}/routes", query_string=OFFER,
                        headers=headers)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def visible(markup: str) -> str:
    """The page's text as a reader sees it (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


# The eligibility rules' modules (their Rule constants cite the sources).
ELIGIBILITY = ("results", "common", "gep", "techtas", "techtas_rules", "qmas", "qmas_points",
               "qmas_tables", "assg", "net", "talent_list_versions", "differences", "places")


def rule_texts() -> set[str]:
    """Every `Text("…")` literal in tracker/rules (the rules' msgids in the catalogue)."""
    found: set[str] = set()
    for module in (ROOT / "tracker/rules").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "Text" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value)
    return found


def test_every_rule_text_has_a_chinese_translation():
    catalogue = read_po(PO.open("rb"), locale="zh_Hant")
    texts = rule_texts()
    assert len(texts) > 250  # the walk found the rules' texts
    missing = sorted(t for t in texts if t and not (catalogue.get(t) and catalogue.get(t).string))
    assert missing == []
    assert all(isinstance(label, Text) for label in results.STATUS_LABELS.values())


def test_the_advisor_in_chinese_shows_rules_reasons_and_verdicts_in_chinese(
        client, make, login, company):
    text = visible(page(client, make, login, company, ZH))
    for chinese in (
        "哪些途徑適合？", "一般就業政策", "科技人才入境計劃",  # the page, official names
        "獲得與學歷或經驗相關的聘用",  # a GEP rule's label
        # Reasons with their values, formatted as in English.
        "不在人才清單上，而薪酬 HK$600,000 低於 HK$2,000,000：僱主須證明本地招聘有困難。",
        "職位「Research Engineer」，人工智能（配額分配 ITC/TT/7）有效期至 31/12/2099，尚餘 2 "
        "個配額。",  # the technology area by ITC's Chinese name
        "提供月薪 HK$50,000。", "於 02/06/2025 年齡為 31 歲；將於 01/05/2035 年滿 41 歲。",
        # Verdicts: the headline (an indicative one too), the summary and the note.
        "參考：或符合資格", "或符合資格，待確定以下各項：", "不詳", "符合",
        "僅供參考 — 由入境事務處決定", "符合 12 項準則中的",
    ):
        assert chinese in text, chinese
    # One list separator per language: the Chinese list of rules uses "；".
    assert re.search(r"待確定以下各項：[^。]+；", text)
    for english in ("Job offer relevant to qualifications or experience",
                    "Not on the Talent List and pay", "quota(s) left", "a month is offered",
                    "Possible", "Eligible", "Indicative", "indicative — the Immigration",
                    "Which routes fit?", "Open a case on this route", "Rules of GEP",
                    "Local-recruitment justification", "Where the source document", "not met",
                    "Still needed", "Artificial intelligence"):
        assert english not in text, english


def rule_sources() -> list[str]:
    """The sources the rules cite: official English titles, shown as they are."""
    found = {r.source for module in ELIGIBILITY
             for r in vars(import_module(f"tracker.rules.{module}")).values()
             if isinstance(r, Rule)}
    found |= {v.source for d in differences.DIFFERENCES for v in d.versions}
    found |= {p.source for p in stay.STAY_PATTERNS}
    return sorted(found, key=len, reverse=True)


def test_no_english_rule_text_shows_on_the_chinese_page(client, make, login, company):
    text = visible(page(client, make, login, company, ZH))
    for source in rule_sources():
        text = text.replace(source, "")
    # The rules' sentences (placeholders cut out) must not appear in English.
    pieces = {piece.strip() for template in rule_texts()
              for piece in re.split(r"%\(\w+\)s", template)}
    leaked = sorted(p for p in pieces if len(p.split()) >= 3 and p in text)
    assert leaked == [], leaked


def test_the_advisor_in_english_is_unchanged(client, make, login, company):
    text = visible(page(client, make, login, company, EN))
    for english in (
        "Which routes fit?", "Job offer relevant to qualifications or experience",
        "Not on the Talent List and pay HK$600,000 is below HK$2,000,000: the employer must "
        "justify local recruitment difficulty.",
        "Position 'Research Engineer', Artificial intelligence (allotment ITC/TT/7) is valid "
        "until 31/12/2099 with 2 quota(s) left.",
        "HK$50,000 a month is offered.", "Aged 31 on 02/06/2025; turns 41 on 01/05/2035.",
        "Indicative: possible", "Possible, once these are known: ",
        "indicative — the Immigration Department decides", "Open a case on this route",
    ):
        assert english in text, english
    assert "哪些途徑適合" not in text and "獲得與學歷" not in text and "；" not in text


def test_a_refusal_and_a_list_read_in_the_readers_language(app):
    failure = gep.NOT_MAINLAND.result("fail", Text("Mainland residents apply under ASMTP, "
                                                   "not GEP."))
    message = refusal_message((failure, failure))
    assert message == ("Cannot submit to ImmD: Not a Mainland resident (they apply under "
                       "ASMTP): Mainland residents apply under ASMTP, not GEP. Not a Mainland "
                       "resident (they apply under ASMTP): Mainland residents apply under "
                       "ASMTP, not GEP.")
    with app.test_request_context(headers=ZH):
        chinese = message.translated()
        listed = semicolons([Text("Eligible"), "Chan Tai Man", Text("Not eligible")])
        assert listed.translated() == "合資格；Chan Tai Man；不合資格"
        assert commas([Text("Chinese"), Text("English")]).translated() == "中文、英文"
    assert chinese.startswith("不能向入境事務處遞交：並非內地居民")
    assert "內地居民須根據輸入內地人才計劃申請，而非一般就業政策。" in chinese
    assert listed == "Eligible; Chan Tai Man; Not eligible"

"""The footer's language switch comes back to the same page, query and all (issue 15).

Filters and searches live in the query (/cases/?stage=submitted&q=…), so switching
language keeps them. The switch still goes only to a path on this site
(tests/test_i18n.py has the refused targets), and the query it echoes is written
again from its parsed values (tracker/i18n.py this_page).
"""

from __future__ import annotations

import re

import pytest

ZH = {"Accept-Language": "zh-HK"}


def switch_target(page: str) -> str:
    """The `next` the footer switch of *page* posts."""
    found = re.search(r'<input type="hidden" name="next" value="([^"]*)">', page)
    assert found, "no switch"
    return found.group(1).replace("&amp;", "&")


def test_switching_on_a_filtered_list_comes_back_with_its_query(client, staff):
    page = client.get("/cases/?stage=submitted&q=x").get_data(as_text=True)
    target = switch_target(page)
    assert target == "/cases/?stage=submitted&q=x"
    answer = client.post("/language", data={"language": "zh_Hant", "next": target})
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/cases/?stage=submitted&q=x"
    back = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "所有階段" in back and 'value="x"' in back  # Chinese, the search kept


def test_a_chinese_search_survives_the_switch(client, staff):
    page = client.get("/candidates/?q=黃嘉欣", headers=ZH).get_data(as_text=True)
    target = switch_target(page)
    assert target == "/candidates/?q=%E9%BB%83%E5%98%89%E6%AC%A3"
    answer = client.post("/language", data={"language": "en", "next": target})
    assert answer.headers["Location"] == target


def test_a_page_without_a_query_comes_back_to_its_path(client):
    assert switch_target(client.get("/login").get_data(as_text=True)) == "/login"


@pytest.mark.parametrize("query", ["next=//evil.example/&x=%0d%0aSet-Cookie:a", "q=<script>"])
def test_a_crafted_query_comes_back_encoded_and_on_this_site(client, query):
    page = client.get(f"/login?{query}").get_data(as_text=True)
    target = switch_target(page)
    assert target.startswith("/login?") and "<" not in target and "\r" not in target
    answer = client.post("/language", data={"language": "zh_Hant", "next": target})
    location = answer.headers["Location"]
    assert location.startswith("/login?") and "\n" not in location


@pytest.mark.parametrize("target", ["//evil.example/?q=1", "/\\evil.example?q=1",
                                    "https://evil.example/cases/?q=1"])
def test_a_foreign_target_with_a_query_is_still_refused(client, target):
    answer = client.post("/language", data={"language": "zh_Hant", "next": target})
    assert "evil" not in answer.headers["Location"]

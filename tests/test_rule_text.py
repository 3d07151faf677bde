"""The rules' Text: English where it is stored and compared, the reader's language where shown."""

from __future__ import annotations

import pickle

from markupsafe import escape

from tracker.rules.text import Text, joined, translated

CHINESE = {"Pay %(pay)s a year is below %(floor)s.": "年薪 %(pay)s 低於 %(floor)s。",
           "Not known": "不詳", "<b>": "<b>"}


def chinese(message: str) -> str:
    return CHINESE.get(message, message)


def test_a_text_is_its_english_string():
    reason = Text("Pay %(pay)s a year is below %(floor)s.", pay="HK$1,000", floor="HK$2,000")
    assert reason == "Pay HK$1,000 a year is below HK$2,000."
    assert "below" in reason and isinstance(reason, str)
    assert reason.translated(chinese) == "年薪 HK$1,000 低於 HK$2,000。"


def test_values_that_are_texts_translate_with_their_sentence():
    sentence = joined([Text("Not known"), "Chan Tai Man"], "; ")
    assert sentence == "Not known; Chan Tai Man"
    assert sentence.translated(chinese) == "不詳; Chan Tai Man"
    assert translated("plain", chinese) == "plain"
    assert joined([]) == "" and joined([]).translated(chinese) == ""


def test_html_rendering_escapes_and_a_pickle_keeps_the_template(app):
    assert str(escape(Text("<b>"))) == "&lt;b&gt;"
    again = pickle.loads(pickle.dumps(Text("Pay %(pay)s a year is below %(floor)s.",
                                           pay="1", floor="2")))
    assert isinstance(again, Text) and again.translated(chinese) == "年薪 1 低於 2。"

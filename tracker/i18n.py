"""The interface language: which one a request gets, and where a choice is kept.

One place decides (select_locale), in this order: the signed-in user's setting, the
footer switch (kept in the session), the browser's Accept-Language, English.
Dates and amounts are not localised: tracker/text.py formats them the Hong Kong way
(DD/MM/YYYY, HK$1,234) in both languages, so nothing here uses Babel's formats.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from babel import support
from flask import Flask, has_request_context, request, session
from flask_babel import Babel, get_locale, gettext
from flask_login import current_user
from wtforms.i18n import messages_path

from tracker.rules import text as rule_text
from tracker.rules.talent_list_versions import profession_label
from tracker.rules.techtas import area_label

# Locale id -> the name shown in the switch, each in its own language.
LANGUAGES = {"en": "English", "zh_Hant": "繁體中文"}
DEFAULT = "en"
# The `lang` attribute per locale: Traditional Chinese as written in Hong Kong.
HTML_LANG = {"en": "en", "zh_Hant": "zh-Hant-HK"}
SESSION_KEY = "language"

babel = Babel()


def N_(message: str) -> str:
    """Mark *message* for the catalogue (pybabel extracts N_) where it is translated
    later, when shown: a string stored before any request has a language."""
    return message


def shown(message: str) -> str:
    """A refusal or notice in the reader's language: a rules' Text renders itself, a
    fixed message (N_-marked where it was written) goes through the catalogue."""
    if isinstance(message, rule_text.Text):
        return message.translated()
    return gettext(message)


class Refusal(ValueError):
    """A rule refused the request; its message is safe to show to the user.

    The message is English, as it is stored and logged: a fixed one N_-marked, one
    with values a `Text`. `shown()` gives it in the reader's language.
    """

    def __init__(self, message: str, *args: object) -> None:
        super().__init__(message, *args)
        self.message = message

    def shown(self) -> str:
        return shown(self.message)


def language_or_none(value: str | None) -> str | None:
    """*value* if it names a language offered here, else None."""
    return value if value in LANGUAGES else None


def from_accept_language(accepted: Iterable[tuple[str, float]]) -> str:
    """The language for the browser's Accept-Language (tags, best first): any Chinese
    tag it prefers over English (zh-HK, zh-TW, zh-Hant, plain zh …) gets zh_Hant.

    Simplified Chinese (zh-CN, zh-Hans) gets it too: Traditional is the only
    Chinese offered, and a Mainland reader reads it more easily than English.
    """
    for tag, _quality in accepted:
        primary = tag.lower().replace("_", "-").split("-")[0]
        if primary == "zh":
            return "zh_Hant"
        if primary == "en":
            return "en"
    return DEFAULT


def select_locale() -> str:
    """The locale of this request (the order is in the module's docstring)."""
    if not has_request_context():
        return DEFAULT  # the worker's e-mails (a later slice gives them the recipient's)
    if current_user and current_user.is_authenticated:
        chosen = language_or_none(getattr(current_user, "language", None))
        if chosen:
            return chosen
    chosen = language_or_none(session.get(SESSION_KEY))
    if chosen:
        return chosen
    return from_accept_language(request.accept_languages)


def remember_choice(language: str | None) -> None:
    """Keep *language* for this browser (signed in or not); None forgets the choice,
    so the browser's Accept-Language decides again."""
    if language is None:
        session.pop(SESSION_KEY, None)
    else:
        session[SESSION_KEY] = language


def this_page() -> str:
    """Where the footer switch comes back to: this page's path and its query.

    The query is written again from its parsed values, percent-encoded: what a
    crafted link carried comes back as plain ASCII (no control character, no raw
    byte), and `safe_next` still decides whether the path is on this site.
    """
    query = urlencode(list(request.args.items(multi=True)))
    return f"{request.path}?{query}" if query else request.path


def html_lang() -> str:
    """The `lang` attribute for the page being rendered."""
    return HTML_LANG.get(str(get_locale() or DEFAULT), "en")


def use_traditional_wtforms_messages() -> None:
    """WTForms' own messages ("This field is required.") in Traditional Chinese.

    Flask-WTF loads them for get_locale(), and gettext falls back from zh_Hant to
    WTForms' `zh` catalogue, which is Simplified; its `zh_TW` one is Traditional.
    Flask-WTF keeps the loaded catalogue on the request (flask_wtf/i18n.py), so
    setting it first is enough.
    """
    if str(get_locale()) == "zh_Hant":
        request.wtforms_translations = support.Translations.load(  # type: ignore[attr-defined]
            messages_path(), ["zh_TW"], domain="wtforms")


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with the selector; the catalogues live in tracker/translations."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale)
    rule_text.use_translator(gettext)  # the rules' Text renders in the reader's language
    app.before_request(use_traditional_wtforms_messages)
    # Names from the official lists, stored in English, shown in the reader's language.
    app.add_template_filter(area_label, "area_label")
    app.add_template_filter(profession_label, "profession_label")

    @app.context_processor
    def inject_language() -> dict[str, object]:
        return {"LANGUAGES": LANGUAGES, "html_lang": html_lang, "this_page": this_page,
                "current_language": str(get_locale() or DEFAULT)}

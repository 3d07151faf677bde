"""What the rules say, in words that can be translated when they are shown.

The rules are plain Python and run before anyone knows the reader's language (in
the worker, in the advisor, under test). So a rule's label or reason is a `Text`:
it *is* the English string (it compares, slices and prints as English, and that
is what is stored), and it remembers its catalogue template and values, so that
a page or an e-mail can render it in the reader's language:

- in a Jinja template, `{{ reason }}` translates it (markupsafe calls `__html__`);
- in Python, `reason.translated()` does, or `translated(value)` for any string.

`tracker.i18n` installs the translator (Flask-Babel's gettext) at start-up; until
then, and for plain strings, the English stands. pybabel extracts every
`Text("…")` literal (`make translations`), so the template is the catalogue's msgid.
Values are formatted before they go in (dates DD/MM/YYYY, HK$1,234: the same in
both languages); a value that is itself a `Text` is translated with its sentence.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping

Translator = Callable[[str], str]


def _english(message: str) -> str:
    return message


_translator: Translator = _english


def use_translator(translator: Translator) -> None:
    """Render every `Text` through *translator* (gettext) from now on."""
    global _translator
    _translator = translator


class Text(str):
    """An English sentence with its catalogue template and the values filled into it."""

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, /, **values: object) -> Text:
        text = super().__new__(cls, _fill(template, values, _english))
        text.template = template
        text.values = values
        return text

    def translated(self, translator: Translator | None = None) -> str:
        """This text in the current language (or through *translator*)."""
        return _fill(self.template, self.values, translator or _translator)

    def __html__(self) -> str:
        # Escaped as markupsafe escapes (&#39;, not &#x27;), so a page reads byte for byte
        # as it did when the text was a plain string.
        return html.escape(self.translated()).replace("&#x27;", "&#39;")

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled (Celery, caches) as what it is, not as a bare str.
        return (_rebuild, (self.template, dict(self.values)))


def _rebuild(template: str, values: dict[str, object]) -> Text:
    return Text(template, **values)


def _fill(template: str, values: Mapping[str, object], translator: Translator) -> str:
    # gettext("") is the catalogue's header, never a message.
    pattern = translator(template) if template else ""
    if not values:
        return pattern
    return pattern % {name: translated(value, translator) if isinstance(value, str)
                      else value for name, value in values.items()}


def translated(value: str, translator: Translator | None = None) -> str:
    """*value* in the current language if it is a `Text`; any other string as it is."""
    if isinstance(value, Text):
        return value.translated(translator)
    return value


def joined(parts: Iterable[str], separator: str = " ") -> Text:
    """*parts* (texts or plain strings) joined by *separator*, each translated when shown."""
    items = list(parts)
    template = separator.join(f"%(part{index})s" for index in range(len(items)))
    return Text(template, **{f"part{index}": item for index, item in enumerate(items)})

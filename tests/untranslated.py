"""Finding English a reader would see that is not marked for translation (issue 15).

What counts as English, and the template scanner (the Python one is
tests/untranslated_python.py); tests/test_i18n_extraction.py runs both over the tree.

- templates: Jinja's lexer splits each template into its text and its code. The text,
  with every `{{ }}` / `{% %}` replaced by a marker and `{% trans %}` blocks left out,
  is read as HTML: a text node or a visible attribute with an English word is flagged.
  The code is parsed: a string constant that is printed (`{{ 'Yes' if x }}`), set as a
  page title, or passed as a label is flagged unless it sits inside _()/gettext().
- Python: see tests/untranslated_python.py.

A finding is (file, line, text). English is any word of two or more Latin letters that
is not on the short allow-list below.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from jinja2 import Environment, nodes

ROOT = Path(__file__).resolve().parent.parent

# Words that are the same in both languages, so they need no translation.
ALLOWED_WORDS = {
    # Official scheme codes and bodies: the Chinese pages print them beside the Chinese
    # names, as ImmD's own Chinese pages do (tracker/rules/schemes.py).
    "GEP", "TechTAS", "QMAS", "TTPS", "IANG", "ASMTP", "ASSG", "NET", "ImmD", "ITC", "EDB",
    "HKID", "STEM",
    # Qualifications, university rankings and terms known by these names in Hong Kong's
    # Chinese too (TechTAS's top 100 of QS, THE or ARWU; NET's PGDE and TEFL/TESL; ESG).
    "PGDE", "TEFL", "TESL", "QS", "THE", "ARWU", "ESG",
    # Amounts are HK$1,234 in both languages (tracker/text.py hkd); ImmD's forms are
    # numbered ID 990A, ID 91 … on the Chinese forms too.
    "HK", "ID",
    # File kinds, the programs named with them, and sizes (tracker/documents/filetypes.py).
    "PDF", "PNG", "JPEG", "DOCX", "XLSX", "CSV", "Word", "Excel", "MB",
    # The switch names each language in that language: English is the endonym.
    "English",
}
# Marks the place of a Jinja tag in a template's text; it is never English.
MARK = "\ue000"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{[^{}]*\}")
ADDRESS = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+")
WORD = re.compile(r"[A-Za-z]{2,}")
# Attributes a reader sees or hears (screen readers read aria-label and alt).
VISIBLE_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
BUTTON_TYPES = {"submit", "button", "reset"}


@dataclass(frozen=True)
class Finding:
    """English that is not marked for translation, and where it is."""

    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text.strip()[:90]!r}"


def english_words(text: str) -> list[str]:
    """The English words of *text*, leaving out placeholders, addresses and allowed words."""
    text = ADDRESS.sub(" ", PLACEHOLDER.sub(" ", text))
    return [word for word in WORD.findall(text) if word not in ALLOWED_WORDS]


def looks_like_prose(text: str) -> bool:
    """True for words meant for a reader ("Saved", "Not known") rather than a code
    ("btn btn-primary", "main.dashboard"): a capital followed by small letters."""
    return bool(english_words(text)) and bool(re.search(r"(^|\s)[A-Z][a-z]+", text))


# --- Templates ---------------------------------------------------------------------

JINJA = Environment(extensions=["jinja2.ext.i18n"])
TRANSLATE_CALLS = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
BEGIN = {"variable_begin", "block_begin", "comment_begin", "linecomment_begin"}
END = {"variable_end", "block_end", "comment_end", "linecomment_end"}


def template_text(source: str) -> str:
    """The template's own text (what is not Jinja), each tag a MARK, the lines kept
    where they were; `{% trans %}` blocks are left out (they are the catalogue's)."""
    out: list[str] = []
    line, in_tag, in_trans, tag_words = 1, False, False, []
    for lineno, kind, value in JINJA.lex(source):
        out.append("\n" * max(0, lineno - line))
        line = max(line, lineno)
        if kind in BEGIN:
            in_tag, tag_words = True, []
        elif kind in END:
            in_tag = False
            if tag_words[:1] == ["trans"]:
                in_trans = True
            elif tag_words[:1] == ["endtrans"]:
                in_trans = False
            out.append(MARK)
        elif in_tag and kind == "name":
            tag_words.append(value)
        elif kind == "data" and not in_trans:
            out.append(value)
            line += value.count("\n")
        elif kind == "data":
            out.append("\n" * value.count("\n"))
            line += value.count("\n")
    return "".join(out)


class _Reader(HTMLParser):
    """Collects text nodes and visible attributes that hold English."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skipping = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skipping += 1
        values = dict(attrs)
        shown = [name for name in VISIBLE_ATTRIBUTES if name in values]
        if tag == "input" and values.get("type") in BUTTON_TYPES:
            shown.append("value")
        for name in shown:
            self._check(values[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._check(data)

    def _check(self, text: str) -> None:
        if english_words(text):
            self.found.append((self.getpos()[0], text))


def scan_template_text(path: str, source: str) -> list[Finding]:
    """English in a template's own text (HTML read as HTML, plain-text e-mails as text)."""
    text = template_text(source)
    if path.endswith(".txt"):
        return [Finding(path, number, line) for number, line in enumerate(text.splitlines(), 1)
                if english_words(line)]
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return [Finding(path, line, found) for line, found in reader.found]


# Keyword arguments and `set` names whose value is shown (macro calls, page titles).
SHOWN_NAMES = {"title", "label", "heading", "placeholder", "text", "message", "caption",
               "description", "hint", "help", "button", "empty", "note", "reason"}


def scan_template_code(path: str, source: str) -> list[Finding]:
    """String constants in a template's code that are shown without translation.

    A printed constant may be a code ({{ 'info' if … }} inside a class attribute), so
    only a capitalised word counts there; a title or a label counts every word."""
    found: list[Finding] = []

    def visit(node: nodes.Node, every_word: bool) -> None:
        if isinstance(node, nodes.Const):
            if isinstance(node.value, str) and (english_words(node.value) if every_word
                                                else looks_like_prose(node.value)):
                found.append(Finding(path, node.lineno, node.value))
        elif isinstance(node, nodes.Call):
            if isinstance(node.node, nodes.Name) and node.node.name in TRANSLATE_CALLS:
                return
            for child in (node.node, *node.args):
                visit(child, False)
            for keyword in node.kwargs:
                visit(keyword.value, keyword.key in SHOWN_NAMES)
        elif isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
            visit(node.node, node.target.name in SHOWN_NAMES)
        elif isinstance(node, nodes.Pair):  # a key is a code ({% trans name=… %} too)
            visit(node.key, False)
            visit(node.value, every_word)
        elif isinstance(node, nodes.Filter) and node.name not in ("default", "d"):
            if node.node is not None:
                visit(node.node, every_word)
            for argument in node.args:
                visit(argument, False)
        elif isinstance(node, (nodes.Compare, nodes.Test, nodes.Getitem)):
            return  # compared or looked up, not shown
        elif not isinstance(node, nodes.TemplateData):  # the text: scan_template_text
            for child in node.iter_child_nodes():
                visit(child, every_word)

    visit(JINJA.parse(source), False)
    return found


def scan_template(path: str, source: str) -> list[Finding]:
    """Everything English and unmarked in one template."""
    return scan_template_text(path, source) + scan_template_code(path, source)


def template_paths() -> Iterator[Path]:
    """Every page and e-mail template."""
    for pattern in ("**/*.html", "**/*.txt"):
        yield from sorted((ROOT / "templates").glob(pattern))


# --- The pages' own scripts ----------------------------------------------------------

JS_STRING = re.compile(r"""(["'`])((?:\\.|(?!\1).)*)\1""")
JS_COMMENT = re.compile(r"^\s*//.*$|\s//\s.*$")
TWO_WORDS = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")
CSS_SELECTOR = re.compile(r"[#\[]|(^|\s)\.[a-z]")


def scan_script(path: str, source: str) -> list[Finding]:
    """Text a page's script writes into the page: a string literal with two English
    words in a row (selectors, class names and data keys have none); the page should
    hand the script its text (a data- attribute) instead."""
    found = []
    for number, line in enumerate(source.splitlines(), 1):
        for _quote, literal in JS_STRING.findall(JS_COMMENT.sub("", line)):
            if literal == "use strict" or CSS_SELECTOR.search(literal):
                continue
            text = re.sub(r"<[^>]*>", " ", literal)
            if TWO_WORDS.search(ADDRESS.sub(" ", text)) and english_words(text):
                found.append(Finding(path, number, literal))
    return found


def script_paths() -> Iterator[Path]:
    """The project's own scripts (not the vendored libraries)."""
    yield from sorted((ROOT / "tracker/static").glob("*.js"))


def makefile_keywords() -> list[str]:
    """The -k keywords of `make translations`, so the checks extract what it does."""
    return re.findall(r"-k (\w+)", (ROOT / "Makefile").read_text())


def extract_messages(directory: Path) -> Catalog:
    """Every marked string of the tree, as `make translations` extracts it."""
    pot = directory / "messages.pot"
    keywords = [arg for keyword in makefile_keywords() for arg in ("-k", keyword)]
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "-q", "extract",
                    "-F", "babel.cfg", *keywords, "--no-wrap", "-o", str(pot), "."],
                   cwd=ROOT, check=True)
    with pot.open("rb") as handle:
        return read_po(handle)

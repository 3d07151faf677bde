"""Languages (issue 15): nothing English reaches a Chinese reader unmarked or untranslated.

Two checks over the whole tree, with the scanners of tests/untranslated*.py:
- every template and every module marks the English it shows for translation, and
  the pages' own scripts write no English of their own into a page;
- every string pybabel extracts (the Makefile's keywords) has a Chinese translation in
  messages.po that is neither empty nor fuzzy. test_i18n.py reads only the catalogue,
  so it cannot see a string that was marked but never merged into it.
Each scanner is also fed a bad template and a bad module, to show that it can fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.untranslated import (
    ROOT,
    english_words,
    extract_messages,
    makefile_keywords,
    scan_script,
    scan_template,
    script_paths,
    template_paths,
)
from tests.untranslated_python import python_sources, scan_python

PO = ROOT / "tracker/translations/zh_Hant/LC_MESSAGES/messages.po"


def report(findings: list) -> str:
    return "English shown without translation:\n" + "\n".join(map(str, findings))


def test_every_template_marks_the_english_it_shows():
    findings = [finding for path in template_paths()
                for finding in scan_template(str(path.relative_to(ROOT)), path.read_text())]
    assert not findings, report(findings)


def test_every_module_marks_the_english_it_shows():
    findings = scan_python(python_sources())
    assert not findings, report(findings)


def test_the_pages_scripts_take_their_text_from_the_page():
    findings = [finding for path in script_paths()
                for finding in scan_script(str(path.relative_to(ROOT)), path.read_text())]
    assert not findings, report(findings)


def test_every_extracted_message_has_a_chinese_translation(tmp_path: Path):
    assert {"_l", "N_", "Text"} <= set(makefile_keywords())
    extracted = extract_messages(tmp_path)
    with PO.open("rb") as handle:
        catalogue = read_po(handle, locale="zh_Hant")
    assert len(extracted) > 100
    missing = []
    for message in extracted:
        if not message.id:
            continue
        entry = catalogue.get(message.id, context=message.context)
        strings = entry.string if entry and isinstance(entry.string, tuple) else (
            entry.string if entry else "",)
        if entry is None or entry.fuzzy or not all(strings):
            where = message.locations[0] if message.locations else ("?", 0)
            missing.append(f"{where[0]}:{where[1]}: {message.id!r}")
    assert not missing, "No Chinese for:\n" + "\n".join(missing)


# --- The scanners can fail ------------------------------------------------------------

BAD_TEMPLATE = """{% extends "base.html" %}
{% set title = "Open a case" %}
{% block content %}
<h1>{{ _('Cases') }}</h1>
<p>No cases yet.</p>
<input type="submit" value="Save case"> <input name="q" placeholder="{{ _('Search') }}">
<a href="/" title="Back to the list" aria-label="{{ _('Back') }}">←</a>
<span>{{ 'Yes' if done else 'No' }}</span>
{% trans %}Marked, so not flagged.{% endtrans %}
<img alt="Company logo" src="/x.png"><script>const english = "not read";</script>
{% endblock %}
"""


def test_the_template_scanner_flags_unmarked_english():
    found = {(finding.line, finding.text.strip()) for finding in
             scan_template("bad.html", BAD_TEMPLATE)}
    assert found == {(2, "Open a case"), (5, "No cases yet."), (6, "Save case"),
                     (7, "Back to the list"), (8, "Yes"), (8, "No"), (10, "Company logo")}


def test_the_template_scanner_reads_plain_text_emails():
    found = scan_template("bad.txt", "{{ _('Hello %(name)s,', name=n) }}\nYour quota expires.\n")
    assert [(finding.line, finding.text) for finding in found] == [(2, "Your quota expires.")]


def test_the_template_scanner_passes_a_marked_page():
    good = ('{% set title = _("Cases") %}<h1 class="h3">{{ title }}</h1>'
            '<input type="submit" value="{{ _(\'Save\') }}"><p>GEP · TechTAS · HK$1,000</p>'
            '{{ "active" if on }}{% if field.type == "SubmitField" %}x{% endif %}')
    assert scan_template("good.html", good) == []


BAD_SERVICES = '''
ALREADY = "A case for this candidate is already open."
class CaseError(Exception):
    pass
def open_case(name):
    if not name:
        raise CaseError(ALREADY)
    raise CaseError(f"Candidate {name} was not found.")
def expiry_warning(day):
    log.warning(f"Checked the expiry of {day}.")
    return f"Passport expired on {day}."
'''
BAD_VIEWS = '''
from flask import flash
from flask_babel import gettext as _
from wtforms import StringField, SelectField
from wtforms.validators import DataRequired, ValidationError
from tracker.cases.services import ALREADY
from tracker.rules.results import Rule
SORTS = {"new": ("Newest first",)}
class CaseForm:
    title = StringField("Job title", validators=[DataRequired(message="Enter a title.")])
    kind = SelectField(_("Kind"), choices=[("gep", "General employment"), ("x", _("Marked"))])
    notes = StringField(_("Notes"), render_kw={"placeholder": "Anything else"})
def view(form, sort):
    flash(_("Saved %(name)s.", name=form.name))
    flash("Case saved.", "success")
    flash(_(SORTS[sort][0]))
    form.title.errors.append(ALREADY)
    raise ValidationError("Too long.")
RULE = Rule("gep_salary", "Market-level salary", True, "ImmD", None)
'''


def test_the_python_scanner_flags_unmarked_english():
    found = {(finding.path, finding.text) for finding in scan_python({
        "tracker/cases/services.py": BAD_SERVICES, "tracker/cases/views.py": BAD_VIEWS,
        "tracker/rules/results.py": (ROOT / "tracker/rules/results.py").read_text()})}
    services, views = "tracker/cases/services.py", "tracker/cases/views.py"
    assert found == {
        (services, "A case for this candidate is already open."),
        (services, "Candidate "), (services, " was not found."),
        (services, "Passport expired on ."),
        (views, "Job title"), (views, "Enter a title."), (views, "General employment"),
        (views, "Anything else"), (views, "Case saved."), (views, "Newest first"),
        (views, "Too long."), (views, "Market-level salary")}


def test_the_script_scanner_flags_text_but_not_selectors():
    script = """'use strict';
    // A comment with words in it.
    const row = form.querySelector(".move-form select[name='to_stage']");
    button.textContent = months + " months (rule in force)";
    label.textContent = button.dataset.monthsLabel;  // the page's translated text
    return '<div class="no-results">No candidate matches.</div>';
    """
    found = [(finding.line, finding.text) for finding in scan_script("x.js", script)]
    assert found == [(4, " months (rule in force)"),
                     (6, '<div class="no-results">No candidate matches.</div>')]


@pytest.mark.parametrize(("text", "words"), [
    ("Saved %(name)s.", ["Saved"]), ("GEP / TechTAS — HK$1,234", []),
    ("Write to hr@example.com or https://www.immd.gov.hk/eng", ["Write", "to", "or"]),
    ("已儲存 {name}", []),
])
def test_english_words_leave_out_placeholders_codes_and_addresses(text, words):
    assert english_words(text) == words

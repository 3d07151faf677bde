"""Property-based fuzzing of every form in forms_table.py (see its docstring for the rules)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from config import TestConfig
from tests.security.dbstate import changed_tables, fingerprint
from tests.security.forms_table import FORMS, FormSpec
from tests.security.world import World


class Marker:
    """A drawn value that is not text: a field left out, or a file in its place."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


MISSING, FILE = Marker("missing"), Marker("file")

NASTY = [
    "", " ", "\t", "2025-02-30", "2025-13-01", "0000-00-00", "31/12/2025", "9999-12-31",
    "0001-01-01", "-1", "0", "-99999999999999999999", "99999999999999999999999", "1e309",
    "NaN", "Infinity", "3.14", "x" * 10_000, "陳大文", "李小龍有限公司", "👩‍💻🚀🇭🇰",
    "مرحبا بالعالم", "\u202eevil\u202c", "שלום עולם", "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>', "' OR '1'='1", "'; DROP TABLE users; --",
    "Robert'); DROP TABLE companies;--", "{{7*7}}", "${7*7}", "%s%s%n", "../../etc/passwd",
    "\r\nBcc: victim@example.com", "a@b", "@example.com", "user@@example.com",
    "user@example..com", "用户@例子.广告", "a\x00b", "null", "None", "true", "[]", "{}",
]
# Tried in every field of every form on every run (with the other fields valid),
# before Hypothesis' random search adds its own combinations.
MUST_TRY = ["x" * 10_000, "陳大文", "👩‍💻 مرحبا \u202eevil", "<script>alert(1)</script>",
            "'; DROP TABLE users; --", "2025-02-30", "99999999999999999999999", "-1"]
IMPOSSIBLE_DATES = ["2025-02-30", "2023-02-29", "2025-04-31", "2025-00-10", "10000-01-01"]
JSON_JUNK = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                      st.lists(st.integers(), max_size=3),
                      st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))

KIND_STRATEGIES: dict[str, st.SearchStrategy[str]] = {
    "text": st.one_of(st.text(max_size=300), st.text(min_size=195, max_size=260)),
    "name": st.one_of(st.text(min_size=1, max_size=60), st.text(min_size=195, max_size=260)),
    "email": st.one_of(st.emails(), st.text(max_size=40).map(lambda s: f"{s}@example.com")),
    "password": st.text(max_size=200),
    "int": st.one_of(st.integers().map(str), st.floats().map(str)),
    "money": st.decimals().map(str),
    "date": st.one_of(st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
                      st.sampled_from(IMPOSSIBLE_DATES)),
    "bool": st.sampled_from(["y", "on", "", "false", "0", "yes"]),
    "id": st.one_of(st.integers().map(str), st.text(max_size=10)),
}

ERROR_MARKS = (b"invalid-feedback", b'role="alert"')
REFUSAL_PAGES = (b"contains a NUL character", b"This form does not take attachments",
                 b"This page takes a web form whose fields are text")


def kind_strategy(kind: str) -> st.SearchStrategy[str]:
    """Values of a field's kind, valid-looking or not."""
    if kind.startswith("choice:"):
        return st.one_of(st.sampled_from(kind.removeprefix("choice:").split(",")),
                         st.text(max_size=20))
    return KIND_STRATEGIES[kind]


def broken_value(kind: str) -> st.SearchStrategy[Any]:
    """Anything but the valid value: malformed, nasty, missing, repeated or a file."""
    single = st.one_of(kind_strategy(kind), st.sampled_from(NASTY))
    return st.one_of(single, st.just(MISSING), st.just(FILE),
                     st.lists(single, min_size=2, max_size=3))


@st.composite
def submissions(draw: st.DrawFn, spec: FormSpec, world: World) -> tuple[str, dict[str, Any]]:
    """("form" or "json", {field: value}) with a drawn subset of fields broken."""
    valid = spec.valid(world)
    broken = draw(st.sets(st.sampled_from(sorted(spec.fields))))
    values = {name: draw(broken_value(kind)) if name in broken else valid[name]
              for name, kind in spec.fields.items()}
    encoding = draw(st.sampled_from(["form", "form", "form", "json"]))
    if encoding == "json":  # wrong types: numbers, nulls, lists, objects instead of text
        values = {name: draw(st.one_of(st.just(v), JSON_JUNK)) if name in broken else v
                  for name, v in values.items() if not isinstance(v, Marker)}
    return encoding, values


def must_try(spec: FormSpec, world: World) -> list[tuple[str, dict[str, Any]]]:
    """One submission per field and MUST_TRY value (or MISSING, FILE), others valid."""
    return [("form", {**spec.valid(world), name: value})
            for name in spec.fields for value in [*MUST_TRY, MISSING, FILE]]


def post(world: World, spec: FormSpec, encoding: str, values: dict[str, Any]):
    """Send one submission as the spec's actor."""
    client = world.client(spec.actor)
    url = spec.url(world)
    if encoding == "json":
        return client.post(url, data=json.dumps(values), content_type="application/json")
    pairs = []
    for name, value in values.items():
        if value is FILE:
            pairs.append((name, (io.BytesIO(b"%PDF-1.4 not really"), "evil.pdf")))
        elif isinstance(value, list):
            pairs.extend((name, v) for v in value)
        elif value is not MISSING:
            pairs.append((name, value))
    return client.post(url, data=MultiDict(pairs))


def check_echo(world: World, spec: FormSpec, values: dict[str, Any]) -> None:
    """Accepted text shows on its pages exactly as typed (trimmed), and escaped."""
    for name, page_url in spec.echo.items():
        typed = values.get(name)
        if not isinstance(typed, str):
            continue
        page = world.client(spec.actor).get(page_url(world)).get_data(as_text=True)
        assert str(escape(typed.strip())) in page, f"{name}={typed!r} not shown as typed"
        if "<" in typed.strip():
            assert typed.strip() not in page, f"{name}={typed!r} shown unescaped"


@pytest.fixture
def roomy_throttle(app: Flask) -> Iterator[None]:
    """The fuzzer fails sign-in on purpose, many times: don't let throttling answer instead."""
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = app.config["LOGIN_LIMIT_PER_IP"] = "10000 per hour"
    yield
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = TestConfig.LOGIN_LIMIT_PER_ACCOUNT
    app.config["LOGIN_LIMIT_PER_IP"] = TestConfig.LOGIN_LIMIT_PER_IP


@pytest.mark.parametrize("form_name", sorted(FORMS))
def test_malformed_input_never_breaks_a_form(app, world, roomy_throttle, form_name):
    spec = FORMS[form_name]
    outcomes: set[int] = set()

    def attack(submission: tuple[str, dict[str, Any]]) -> None:
        encoding, values = submission
        before = fingerprint(app)
        response = post(world, spec, encoding, values)
        status = response.status_code
        outcomes.add(status)
        described = f"{encoding} {values!r:.300} -> {status}"
        assert status in (200, 302, 400), described
        if status == 302:
            check_echo(world, spec, values)
            return
        assert changed_tables(before, fingerprint(app)) == [], described
        marks = ERROR_MARKS if status == 200 else REFUSAL_PAGES
        assert any(mark in response.data for mark in marks), f"no message: {described}"

    for submission in must_try(spec, world):
        attack = example(submission=submission)(attack)
    attack = given(submission=submissions(spec, world))(attack)
    settings(settings.get_profile("security"))(attack)()
    assert 200 in outcomes, "the fuzzer never got a form re-rendered: is it reaching the form?"

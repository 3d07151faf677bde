"""Property-based fuzzing of every form in forms_table.py (see its docstring for the rules)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from config import TestConfig
from tests import documents_files
from tests.security.dbstate import changed_tables, fingerprint
from tests.security.forms_table import AFTER, FILE, FORMS, MISSING, FormSpec, Marker, Upload
from tests.security.portal_world import CANDIDATE_ACTORS
from tests.security.world import World, client_as
from tracker.auth.models import User
from tracker.extensions import db
from tracker.reminders.services import scan as reminder_scan

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
# before Hypothesis' random search adds its own combinations: per field the values
# that break its kind, and MISSING; company B's ids where the table names them; a
# file in place of the first field (the same guard answers for every field).
TEXT_TRIES = ["x" * 10_000, "陳大文 👩‍💻🇭🇰 مرحبا \u202eevil\u202c",
              "<script>alert(1)</script> '; DROP TABLE users; --"]
NOT_OF_KIND = ["陳大文 <script>alert(1)</script>"]  # text where a date, number or choice goes
DATE_EDGES = ["2025-02-30", "9999-12-31", "0001-01-01"]  # impossible, far future, far past
NUMBER_EDGES = ["-1", str(2**31), str(10**30)]  # PostgreSQL INTEGER ends at 2**31 - 1
OFF_SITE = ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/\t/evil.example",
            "javascript:alert(1)", "http:/evil.example"]  # where a ?next= must never lead
MUST_TRY_BY_KIND = {
    "url": [*TEXT_TRIES, *OFF_SITE],
    **dict.fromkeys(("text", "name", "email", "password"), TEXT_TRIES),
    "date": [*NOT_OF_KIND, *DATE_EDGES],
    **dict.fromkeys(("int", "id"), [*NOT_OF_KIND, *NUMBER_EDGES]),
}
IMPOSSIBLE_DATES = ["2025-02-30", "2023-02-29", "2025-04-31", "2025-00-10", "10000-01-01"]
JSON_JUNK = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                      st.lists(st.integers(), max_size=3),
                      st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))

UPLOAD_NAMES = st.one_of(st.text(max_size=80), st.sampled_from(NASTY),
                        st.text(max_size=20).map(lambda s: f"{s}.pdf"))
UPLOADS = st.builds(Upload, UPLOAD_NAMES, st.one_of(
    st.just(documents_files.pdf()), st.binary(max_size=200), st.just(b""),
    st.just(b"%PDF-1.4 not really")))

KIND_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "text": st.one_of(st.text(max_size=300), st.text(min_size=195, max_size=260)),
    "name": st.one_of(st.text(min_size=1, max_size=60), st.text(min_size=195, max_size=260)),
    "email": st.one_of(st.emails(), st.text(max_size=40).map(lambda s: f"{s}@example.com")),
    "password": st.text(max_size=200),
    "int": st.one_of(st.integers().map(str), st.floats().map(str),
                     st.integers(min_value=2**31 - 2, max_value=2**64).map(str)),
    "money": st.decimals().map(str),
    "date": st.one_of(st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
                      st.sampled_from(IMPOSSIBLE_DATES)),
    "bool": st.sampled_from(["y", "on", "", "false", "0", "yes"]),
    "id": st.one_of(st.integers().map(str), st.text(max_size=10)),
    "upload": UPLOADS,
    "url": st.one_of(st.text(max_size=60), st.sampled_from(OFF_SITE),
                     st.text(max_size=30).map(lambda s: f"/{s}")),
}

ERROR_MARKS = (b"invalid-feedback", b'role="alert"')
REFUSAL_PAGES = (b"contains a NUL character", b"This form does not take attachments",
                 b"This page takes a web form whose fields are text")
# Company B's records are named so (form_objects.py): company A's pages never show them.
FOREIGN_MARK = b"Company B"
SIGN_IN = "/login"
# Read after each form's run, over everything it stored (as company A's admin).
OVERVIEW_PAGES = ("/", "/candidates", "/cases?sort=stage&attention=y", "/quotas/",
                  "/quotas/applications", "/audit", "/company/users", "/company/settings")


def kind_strategy(kind: str) -> st.SearchStrategy[Any]:
    """Values of a field's kind, valid-looking or not."""
    if kind.startswith("choice:"):
        return st.one_of(st.sampled_from(kind.removeprefix("choice:").split(",")),
                         st.text(max_size=20))
    return KIND_STRATEGIES[kind]


def broken_value(kind: str, files: bool = True) -> st.SearchStrategy[Any]:
    """Anything but the valid value: malformed, nasty, missing, repeated or a file."""
    single = st.one_of(kind_strategy(kind), st.sampled_from(NASTY))
    return st.one_of(single, st.just(MISSING), *([st.just(FILE)] if files else []),
                     st.lists(single, min_size=2, max_size=3))


def takes_files(spec: FormSpec, name: str) -> bool:
    """Whether a file can be sent in place of *name* (not in a query string)."""
    return spec.method == "POST" and name not in spec.query


def is_object(value: Any) -> bool:
    """A drawn value that JSON cannot carry: a marker or upload (or a list of them)."""
    values = value if isinstance(value, list) else [value]
    return any(isinstance(v, Marker | Upload) for v in values)


@st.composite
def submissions(draw: st.DrawFn, spec: FormSpec, world: World, foreign: dict[str, str]
                ) -> tuple[str, dict[str, Any]]:
    """("form" or "json", {field: value}) with a drawn subset of fields broken."""
    valid = spec.valid(world)
    broken = draw(st.sets(st.sampled_from(sorted(spec.fields))))
    values = {}
    for name, kind in spec.fields.items():
        if name not in broken:
            values[name] = valid[name]
            continue
        strategy = broken_value(kind, takes_files(spec, name))
        if name in foreign:
            strategy = st.one_of(strategy, st.just(foreign[name]))
        values[name] = draw(strategy)
    encodings = ["form", "form", "form", "json"] if spec.method == "POST" else ["form"]
    encoding = draw(st.sampled_from(encodings))
    if encoding == "json":  # wrong types: numbers, nulls, lists, objects instead of text
        values = {name: draw(st.one_of(st.just(v), JSON_JUNK)) if name in broken else v
                  for name, v in values.items() if not is_object(v)}
    return encoding, values


def must_try(spec: FormSpec, world: World, foreign: dict[str, str]
             ) -> list[tuple[str, dict[str, Any]]]:
    """The valid submission, then the MUST_TRY_BY_KIND values one field at a time."""
    tries = [("form", spec.valid(world))]
    for name, kind in spec.fields.items():
        values = [*MUST_TRY_BY_KIND.get(kind, NOT_OF_KIND), MISSING]
        values += [foreign[name]] if name in foreign else []
        tries += [("form", {**spec.valid(world), name: value}) for value in values]
    with_file = [name for name in spec.fields if takes_files(spec, name)]
    if with_file:
        tries.append(("form", {**spec.valid(world), with_file[0]: FILE}))
    return tries


def _pairs(values: dict[str, Any]) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for name, value in values.items():
        for one in value if isinstance(value, list) else [value]:
            if one is FILE:
                pairs.append((name, (io.BytesIO(b"%PDF-1.4 not really"), "evil.pdf")))
            elif isinstance(one, Upload):
                pairs.append((name, (io.BytesIO(one.content), one.filename)))
            elif one is not MISSING:
                pairs.append((name, one))
    return pairs


class Clients:
    """New test clients of one actor, all carrying one signed-in session cookie.

    Signing in a client costs a request context and a query, and the fuzzer
    needs thousands of clients (a fresh one per request, so no flashed message
    carries over). The cookie is made again once the user's session version
    moved (a password change ends every session).
    """

    def __init__(self, world: World, actor: str) -> None:
        self.world, self.user, self.actor = world, world.users.get(actor), actor
        self.version: int | None = None
        self.cookie = ""

    def __call__(self) -> FlaskClient:
        app = self.world.app
        if self.actor in CANDIDATE_ACTORS:  # signed in to the candidate portal
            return self.world.client(self.actor)
        if self.user is None:
            return app.test_client()
        with app.app_context():
            version = db.session.get(User, self.user.id).session_version
        name = app.config["SESSION_COOKIE_NAME"]
        if version != self.version:
            self.cookie = client_as(app, self.user).get_cookie(name).value
            self.version = version
        client = app.test_client()
        client.set_cookie(name, self.cookie)
        return client


def send(clients: Clients, spec: FormSpec, url: str, encoding: str, values: dict[str, Any]
         ) -> TestResponse:
    """Send one submission to *url* as the spec's actor."""
    client = clients()
    if spec.method == "GET":
        return client.get(url, query_string=MultiDict(_pairs(values)))
    in_query = {k: v for k, v in values.items() if k in spec.query}
    if in_query:
        url += "?" + urlencode(_pairs(in_query))
    body = {k: v for k, v in values.items() if k not in spec.query}
    if encoding == "json":
        return client.post(url, data=json.dumps(body), content_type="application/json")
    return client.post(url, data=MultiDict(_pairs(body)))


def check_echo(world: World, clients: Clients, spec: FormSpec, values: dict[str, Any],
               response: TestResponse) -> None:
    """Accepted text shows on its pages exactly as typed (trimmed), and escaped."""
    pages: dict[str, str] = {}  # each page is fetched once per submission

    def page(url: str) -> str:
        if url not in pages:
            pages[url] = clients().get(url).get_data(as_text=True)
        return pages[url]

    for name, page_url in spec.echo.items():
        typed = values.get(name)
        conditions = spec.echo_when.get(name, {})
        if not isinstance(typed, str) or any(values.get(k) != v for k, v in conditions.items()):
            continue
        if page_url != AFTER:
            text, expected = page(page_url(world)), typed.strip()
        elif spec.method == "GET":  # the search box shows what was typed, untrimmed
            text, expected = response.get_data(as_text=True), typed
        else:
            text, expected = page(response.headers["Location"]), typed.strip()
        assert str(escape(expected)) in text, f"{name}={typed!r} not shown as typed"


def check_page(response: TestResponse, values: dict[str, Any], described: str) -> None:
    """No injected markup comes back raw, and no record of company B shows."""
    assert FOREIGN_MARK not in response.data, f"company B shown: {described}"
    page = response.get_data(as_text=True)
    for value in values.values():
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, str) and "alert(" in one:
                assert one.strip() not in page, f"shown unescaped: {described}"


def check_redirect(spec: FormSpec, response: TestResponse, described: str) -> None:
    """An accepted submission leads to a page of this site (signed in: not the sign-in page)."""
    target = urlsplit(response.headers["Location"])
    assert target.netloc in ("", "localhost"), f"redirect off-site: {described}"
    assert target.path.startswith("/") and not target.path.startswith("//"), described
    if spec.actor != "anonymous":
        assert target.path != SIGN_IN, f"sent to sign in: {described}"


def pressed(spec: FormSpec, values: dict[str, Any]) -> bool:
    """Whether the submission pressed a button that re-renders the form (as WTForms reads it)."""
    for name in spec.buttons:
        value = values.get(name, MISSING)
        first = value[0] if isinstance(value, list) and value else value
        if isinstance(first, str) and first not in ("", "false"):
            return True
    return False


def check_overview_pages(app: Flask, world: World) -> None:
    """Whatever the form stored shows on every overview page, and a reminder scan reads it."""
    admin = client_as(app, world.users["admin"])
    for url in OVERVIEW_PAGES:
        assert admin.get(url).status_code == 200, f"{url} fails on the stored data"
    with app.app_context():
        reminder_scan(dry_run=True)


THROTTLES = ("LOGIN_LIMIT_PER_ACCOUNT", "LOGIN_LIMIT_PER_IP", "LOGIN_LIMIT_PER_DEVICE",
             "RESET_LIMIT_PER_ADDRESS", "RESET_LIMIT_PER_IP")


@pytest.fixture
def roomy_throttle(app: Flask) -> Iterator[None]:
    """The fuzzer fails sign-in and asks for reset links on purpose, many times: don't
    let throttling answer instead."""
    for setting in THROTTLES:
        app.config[setting] = "10000 per hour"
    yield
    for setting in THROTTLES:
        app.config[setting] = getattr(TestConfig, setting)


@pytest.mark.parametrize("form_name", sorted(FORMS))
def test_malformed_input_never_breaks_a_form(app, world, roomy_throttle, form_name):
    spec = FORMS[form_name]
    foreign = {name: build(world) for name, build in spec.foreign.items()}
    clients = Clients(world, spec.actor)
    outcomes: set[int] = set()
    messages: list[bool] = []

    def attack(submission: tuple[str, dict[str, Any]]) -> None:
        encoding, values = submission
        url = spec.url(world)  # may build a fresh record: before the fingerprint
        before = fingerprint(app)
        response = send(clients, spec, url, encoding, values)
        status = response.status_code
        outcomes.add(status)
        described = f"{encoding} {values!r:.300} -> {status}"
        check_page(response, values, described)
        if spec.method == "GET":
            assert status in (200, 400), described
            assert changed_tables(before, fingerprint(app)) == [], described
            if status == 400:
                assert any(mark in response.data for mark in REFUSAL_PAGES), described
            else:
                check_echo(world, clients, spec, values, response)
            return
        assert status in (302, *spec.refusals), described
        if status == 302:
            assert not any(values.get(k) == v for k, v in foreign.items()), \
                f"another company's id accepted: {described}"
            check_redirect(spec, response, described)
            check_echo(world, clients, spec, values, response)
            return
        changed = changed_tables(before, fingerprint(app))
        assert [t for t in changed if t not in spec.counts_failures] == [], described
        if status == 404 or (status == 200 and pressed(spec, values)):
            return  # an id of another record; a button that only re-renders the form
        marks = ERROR_MARKS if status == 200 else REFUSAL_PAGES + ERROR_MARKS
        assert any(mark in response.data for mark in marks), f"no message: {described}"
        messages.append(any(mark in response.data for mark in ERROR_MARKS))

    for submission in reversed(must_try(spec, world, foreign)):  # the valid one goes first
        attack = example(submission=submission)(attack)
    attack = given(submission=submissions(spec, world, foreign))(attack)
    settings(settings.get_profile("security"))(attack)()
    if spec.method == "POST":  # a GET form stores nothing
        check_overview_pages(app, world)
    expected = 200 if spec.method == "GET" else 302
    assert expected in outcomes, "the valid submission was never accepted"
    if spec.can_refuse and spec.method == "POST":
        assert any(messages), "the fuzzer never got the form's own message: is it reached?"

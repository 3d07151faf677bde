"""Access control, proven exhaustively: every route x method x actor (see permissions_table)."""

from __future__ import annotations

from flask import Flask, url_for
from werkzeug.routing import Rule

from tests.security.permissions_table import PUBLIC, TABLE, Access
from tests.security.world import ACTORS, World
from tracker.permissions import ROLE_RANK, Role

SIGN_IN = "redirect to sign-in"
SKIPPED_METHODS = {"HEAD", "OPTIONS"}  # HEAD is GET without a body; OPTIONS is Flask's own


def expected(access: Access, actor: str, method: str) -> tuple[int, ...] | str:
    """What *actor* must get from *method* on an endpoint with this *access*."""
    if access.role is PUBLIC:
        return access.success(method)
    if actor == "anonymous":
        return SIGN_IN
    if actor == "other_admin":
        return (404,) if access.owned else access.success(method)
    if ROLE_RANK[Role(actor)] < ROLE_RANK[access.role]:
        return (403,)
    return access.success(method)


def declared_role_problem(app: Flask, rule: Rule, access: Access) -> str | None:
    """The table and the view's @role_required must agree."""
    declared = getattr(app.view_functions[rule.endpoint], "required_role", PUBLIC)
    if declared != access.role:
        return (f"{rule.endpoint}: the table says {access.role}, the view's @role_required "
                f"says {declared}")
    return None


def check(app: Flask, world: World, rule: Rule, method: str, actor: str) -> str | None:
    """Send one request; describe the mismatch, or None when it is as expected."""
    access = TABLE[rule.endpoint]
    with app.test_request_context():
        url = url_for(rule.endpoint, **access.args(world))
    data = access.data(world) if method != "GET" else None
    response = world.client(actor).open(url, method=method, data=data)
    want = expected(access, actor, method)
    if want == SIGN_IN:
        ok = response.status_code == 302 and "/login" in response.headers.get("Location", "")
    else:
        ok = response.status_code in want
    if ok:
        return None
    return f"{method} {url} as {actor}: got {response.status_code}, expected {want}"


def test_every_route_answers_every_actor_as_the_permission_table_says(app, world):
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))
    missing = sorted({r.endpoint for r in rules} - TABLE.keys())
    assert not missing, (
        f"Endpoints missing from the permission table: {', '.join(missing)}. Add one "
        "entry per endpoint to tests/security/permissions_table.py (its docstring says how).")
    stale = sorted(TABLE.keys() - {r.endpoint for r in rules})
    assert not stale, f"The permission table names endpoints that no longer exist: {stale}"

    problems, requests = [], 0
    for rule in rules:
        problem = declared_role_problem(app, rule, TABLE[rule.endpoint])
        if problem:
            problems.append(problem)
        for method in sorted(rule.methods - SKIPPED_METHODS):
            for actor in ACTORS:
                requests += 1
                if problem := check(app, world, rule, method, actor):
                    problems.append(problem)
    assert not problems, "\n".join(problems)
    assert requests == sum(len(rule.methods - SKIPPED_METHODS) for rule in rules) * len(ACTORS)

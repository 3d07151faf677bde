"""Access control, proven exhaustively: every route x method x actor (see permissions_table),
and every route x method x candidate (see portal_table)."""

from __future__ import annotations

from flask import Flask, url_for
from werkzeug.routing import Rule

from tests.security.permissions_table import PUBLIC, TABLE, Access, no_args
from tests.security.portal_table import PORTAL_TABLE
from tests.security.portal_world import CANDIDATE_ACTORS
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


# The pages outside the portal a signed-in candidate may still open (the portal's guard):
# files, the health check, the language switch, and HR's sign-in pages (signing in there
# ends the portal session). Every other page outside the portal answers 403 or 404.
CANDIDATE_MAY_OPEN = frozenset({
    "static", "bootstrap.static", "main.healthz", "main.favicon", "auth.switch_language",
    "auth.login", "auth.reset_request", "auth.reset_password",
})
HR_PAGE = (403, 404)


def is_portal(rule: Rule) -> bool:
    """A candidate's page: its URL is under /portal."""
    return rule.rule == "/portal" or rule.rule.startswith("/portal/")


def candidate_check(app: Flask, world: World, rule: Rule, method: str, actor: str
                    ) -> str | None:
    """Send one request as a candidate actor; describe the mismatch, or None."""
    access = TABLE.get(rule.endpoint)
    if is_portal(rule):
        spec = PORTAL_TABLE[rule.endpoint]
        build = spec.args or (access.args if access else no_args)
        want = (404,) if spec.owned and actor != "candidate" else spec.success(method)
    else:
        build = access.args if access else None
        want = access.success(method) if access and rule.endpoint in CANDIDATE_MAY_OPEN \
            else HR_PAGE
    if build is None:  # the HR matrix names it (its URL arguments are built there)
        return f"{rule.endpoint}: missing from permissions_table.py"
    with app.test_request_context():
        url = url_for(rule.endpoint, **build(world))
    response = world.client(actor).open(url, method=method)
    if response.status_code not in want:
        return f"{method} {url} as {actor}: got {response.status_code}, expected {want}"
    if (is_portal(rule) and response.status_code == 200
            and response.mimetype != "text/html" and not attachment(response)):
        return f"{method} {url} as {actor}: a file not served as an attachment"
    return None


def attachment(response) -> bool:
    """Served as a download the browser will not render or sniff."""
    return (response.headers.get("Content-Disposition", "").startswith("attachment")
            and response.headers.get("X-Content-Type-Options") == "nosniff")


def test_every_route_answers_every_candidate_as_the_portal_table_says(app, world):
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))
    portal = {r.endpoint for r in rules if is_portal(r)}
    missing = sorted(portal - PORTAL_TABLE.keys())
    assert not missing, (
        f"Portal endpoints missing from the candidates' table: {', '.join(missing)}. Add "
        "one entry per endpoint to tests/security/portal_table.py (its docstring says how).")
    stale = sorted(PORTAL_TABLE.keys() - portal)
    assert not stale, f"The candidates' table names endpoints that are not portal pages: {stale}"
    assert all(TABLE[name].role is PUBLIC for name in CANDIDATE_MAY_OPEN)

    problems, requests = [], 0
    for rule in rules:
        # An HR page refuses whoever the candidate is: one of them asks. A portal page
        # is asked by each, aimed at the first one's records.
        actors = CANDIDATE_ACTORS if is_portal(rule) else CANDIDATE_ACTORS[:1]
        for method in sorted(rule.methods - SKIPPED_METHODS):
            for actor in actors:
                requests += 1
                if problem := candidate_check(app, world, rule, method, actor):
                    problems.append(problem)
    assert not problems, "\n".join(dict.fromkeys(problems))
    assert len(portal) >= 7 and requests > 3 * len(portal)

"""T2: every URL pattern × every role (and anonymous) × every object scope, against `oracle.py`.

Also: no URL lets a password-only session past the second step (T4), and the work queue lists
exactly the signals the oracle allows.
"""

from __future__ import annotations

from django.test import Client

from samen.accounts.models import Role
from samen.privacy.tests import oracle
from samen.privacy.tests.routes import (
    ANONYMOUS,
    all_routes,
    request_rolled_back,
    role_clients,
    route_kwargs,
    rule_for,
    url_for,
)
from samen.testing.auth import login
from samen.testing.factories import UserFactory


def test_every_url_pattern_is_classified_in_the_oracle():
    missing = [route for route in all_routes() if rule_for(route) is None]
    routes = all_routes()
    stale = [route for route in oracle.ROUTES if route not in routes]
    hint = "\n".join(
        f'    "{route}": roles(...),  # or PUBLIC, LOGIN, signal(...), NOBODY, skip("why")' for route in missing
    )
    assert not missing, (
        "These URL patterns are not in the authorisation oracle. Add them to ROUTES in "
        f"src/samen/privacy/tests/oracle.py:\n{hint}"
    )
    assert not stale, f"The oracle lists routes that no longer exist; remove them: {stale}"


def _outcome(response) -> str:
    status = response.status_code
    if status in (401, 403, 404):
        return "deny"
    if status in (301, 302, 303):
        location = response["Location"]
        if location.startswith(("/account/inloggen/code/", "/account/inloggen/app-koppelen/")):
            return "second-step"
        if location.startswith("/account/inloggen/"):
            return "login"
        if location.startswith("/admin/login/"):
            return "deny"
        return "allow"
    if status in (200, 201, 204):
        return "allow"
    return f"status {status}"


def _expected(rule: oracle.Rule, who: str, scope: str, route: str) -> str:
    if who == ANONYMOUS:
        if rule.kind == "public":
            return "allow"
        # A page sends a visitor to the login page, not to "no access" (found by exploratory
        # testing on the audit log); the API answers 401, Django's admin has its own login.
        admin = route.startswith("admin/") and route != "admin/login/"  # which sends on to ours
        return "deny" if route.startswith("api/") or admin else "login"
    if rule.kind == "public" or rule.kind == "login":
        return "allow"
    if rule.kind == "roles":
        return "allow" if who in rule.roles else "deny"
    if rule.kind == "signal":
        return "allow" if scope in rule.table.get(who, set()) else "deny"
    return "deny"


def scopes_of(rule: oracle.Rule) -> tuple[str, ...]:
    """The object scopes a rule is requested in: signals and persons of signals have "reported" too."""
    if rule.kind != "signal":
        return ("own",)
    return oracle.SCOPES if rule.obj in ("signal", "person") else oracle.OBJECT_SCOPES


def _post_data(route: str, kwargs: dict) -> dict:
    """A valid form for the POST routes that check the permission only after the form."""
    if route.endswith("/overgang/"):
        return {f"t{kwargs['track_pk']}-event": "take"}
    if route.endswith("/melder/"):
        return {"text": "We hebben uw melding opgepakt."}
    if route.endswith("/klaar/"):
        return {"done": "1"}
    if route.endswith("/besluit/"):
        return {"text": "De tafel besluit tot opvang.", "settled": "on"}
    return {}


def test_every_route_role_and_scope_answers_as_the_oracle_says(matrix_world):
    world = matrix_world
    clients = role_clients(world)
    unexpected = []
    checked = 0
    skipped = []
    routes = all_routes()
    for route in routes:
        rule = rule_for(route)
        if rule is None or rule.kind == "skip":
            skipped.append(route)
            continue
        for scope in scopes_of(rule):
            kwargs = route_kwargs(world, route, rule, scope)
            url = url_for(route, kwargs)
            for who, client in clients.items():
                got = _outcome(request_rolled_back(client, rule.method, url, _post_data(route, kwargs)))
                if got == "login" and who != ANONYMOUS:  # sent to log in again: refused all the same
                    got = "deny"
                want = _expected(rule, who, scope, route)
                checked += 1
                if got != want:
                    unexpected.append(f"{rule.method.upper()} {url} as {who} ({scope}): got {got}, oracle says {want}")
    print(
        f"\nauthorisation matrix: {len(routes)} routes ({len(skipped)} skipped), {len(clients) - 1} roles "
        f"+ anonymous, {checked} requests, {len(unexpected)} unexpected"
    )
    assert checked > 500
    assert not unexpected, f"{len(unexpected)} unexpected answers:\n" + "\n".join(unexpected)


# Pages a password-only session may open (the second step itself and leaving).
SECOND_STEP_ROUTES = {
    "account/inloggen/",
    "account/inloggen/code/",
    "account/inloggen/app-koppelen/",
    "account/uitloggen/",
    "i18n/setlang/",
}


def test_a_password_only_session_reaches_nothing_but_the_second_step(matrix_world):
    world = matrix_world
    user = UserFactory(username="half", organisation=world.persona_org, roles=list(Role.values))
    client = Client()
    login(client, user, verified=False)
    bypasses = []
    for route in all_routes():
        if route in SECOND_STEP_ROUTES:
            continue
        rule = rule_for(route) or oracle.LOGIN
        for method in ("get", "post"):
            url = url_for(route, route_kwargs(world, route, rule, "own"))
            response = request_rolled_back(client, method, url)
            if _outcome(response) != "second-step":
                bypasses.append(f"{method.upper()} {url}: {response.status_code} {response.get('Location', '')}")
    assert not bypasses, "A password-only session got past the TOTP step:\n" + "\n".join(bypasses)


def test_the_work_queue_lists_exactly_the_own_organisations_signals(matrix_world):
    world = matrix_world
    client = Client()
    login(client, world.users[Role.CASE_WORKER])
    page = client.get("/werk/?state=").content.decode()
    shown = {scope for scope, signal in world.signals.items() if signal.receipt_code in page}
    assert shown == {"own"}


def test_the_break_glass_review_lists_accesses_only_to_privacy_officers(matrix_world):
    world = matrix_world
    client = Client()
    login(client, world.users[Role.PRIVACY_OFFICER])
    page = client.get("/privacy/doorbraak/").content.decode()
    assert world.signals["other"].receipt_code in page

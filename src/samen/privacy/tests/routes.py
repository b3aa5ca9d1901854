"""Every URL pattern of the site, its rule in the oracle, and requests to it as each persona."""

from __future__ import annotations

import re

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from samen.privacy.tests import oracle
from samen.privacy.tests.world import UNKNOWN_ID
from samen.testing.auth import login

ANONYMOUS = "anonymous"
PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def all_routes() -> list[str]:
    """Every URL pattern of the site as one route string, e.g. "werk/signaal/<int:pk>/"."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    return list(dict.fromkeys(walk(get_resolver().url_patterns)))


def rule_for(route: str) -> oracle.Rule | None:
    if route in oracle.ROUTES:
        return oracle.ROUTES[route]
    if route.startswith(oracle.ADMIN_PREFIX):
        return oracle.ADMIN_RULE
    return None


def url_for(route: str, kwargs: dict) -> str:
    if route.startswith("^") or "(?P" in route:
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs.get(m[1], "1")), route).strip("^$")
    return "/" + PARAM.sub(lambda m: str(kwargs.get(m["name"], "1")), route)


def route_kwargs(world, route: str, rule: oracle.Rule, scope: str) -> dict:
    signal_id = world.signal_id(scope)
    track = world.signals[scope].tracks.first() if scope != "unknown" else None
    person = world.signals[scope].persons.first() if scope != "unknown" else None
    kwargs = {
        "code": "RE03",
        "slug": "persona",
        "receipt": world.signals["own"].receipt_code,
        "track_pk": track.pk if track else UNKNOWN_ID,
        "person_pk": person.pk if person else UNKNOWN_ID,
        "signal_id": signal_id,
        "signal_pk": signal_id,
        "app_label": "accounts",
        "object_id": "1",
        "content_type_id": "1",
        "url": "x",
    }
    if rule.kind == "signal" and rule.obj != "signal":
        kwargs.update(world.objects[rule.obj][scope])
    elif rule.kind == "signal":
        kwargs["pk"] = signal_id
    elif route.startswith("privacy/doorbraak/"):
        kwargs["pk"] = world.extra["glass"]
    elif "contactpunt" in route:
        kwargs["pk"] = world.extra["contact"]
    return kwargs


def request_rolled_back(client: Client, method: str, url: str, data: dict | None = None):
    # Each request runs in a transaction that is rolled back: a POST that is allowed changes nothing
    # for the requests after it.
    with transaction.atomic():
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        transaction.set_rollback(True)
    return response


def role_clients(world) -> dict[str, Client]:
    """A logged-in client per persona of the world (password and second step), and an anonymous one."""
    clients = {ANONYMOUS: Client(raise_request_exception=False)}
    for role, user in world.users.items():
        clients[role] = Client(raise_request_exception=False)
        login(clients[role], user)
    return clients

"""Every page a role can open answers odd query strings with a page or a refusal, never a 500.

Query parameters are typed by hand and by tools: a NUL character (which PostgreSQL refuses in
text), a number past 64 bits, a long value, a negative number (which `?next=-1` once turned
into a server error: `redirect()` read it as a view name). Each GET route of the
authorisation oracle is opened by every role with every parameter name the site reads set to
each such value at once.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from samen.privacy.tests.routes import all_routes, request_rolled_back, role_clients, route_kwargs, rule_for, url_for

PARAMETERS = (
    "alle areas format next page pagina kind state overdue mine sort user organisation object_type object_id "
    "action since until gemeente vorm doelgroep domein type q subject by columns grain level region form "
    "sector channel reporter_type role age_band gender nationality_group outcome first_action"
).split()
# Longer than any text field the site reads from a query string; markup is escaped by the
# templates' autoescaping, tested where pages echo input.
ODD_VALUES = ("\x00", "9" * 30, "x" * 300, "-1")


@pytest.mark.parametrize("value", ODD_VALUES, ids=("nul", "huge-number", "long", "negative"))
def test_odd_query_strings_get_a_page_or_a_refusal_never_a_server_error(matrix_world, value):
    world = matrix_world
    clients = role_clients(world)
    query = urlencode({name: value for name in PARAMETERS})
    errors = []
    for route in all_routes():
        rule = rule_for(route)
        if rule is None or rule.kind == "skip" or rule.method != "get":
            continue
        url = f"{url_for(route, route_kwargs(world, route, rule, 'own'))}?{query}"
        for who, client in clients.items():
            status = request_rolled_back(client, "get", url).status_code
            if status >= 500:
                errors.append(f"GET {url[:120]} as {who}: {status}")
    assert not errors, "\n".join(errors)

"""Any JSON a partner system sends gets an answer, never a server error: 201 or 400 per field."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from samen.intake.api_schema import FIELD_CODES, schema
from samen.intake.api_tokens import api_token_create
from samen.intake.models import Signal
from samen.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def _fields(name: str) -> list[str]:
    return sorted(schema()["components"]["schemas"][name]["properties"])


# Documented field names with any JSON value, so the examples reach every field's cleaning
# rather than stopping at "unknown field".
PERSONS = st.lists(st.fixed_dictionaries({}, optional={k: JSON_VALUES for k in _fields("Person")}), max_size=2)
BODIES = st.fixed_dictionaries(
    {},
    optional={
        **{k: JSON_VALUES for k in _fields("Signal") if k not in ("persons",)},
        "persons": PERSONS | JSON_VALUES,
        "what": st.text(max_size=40) | JSON_VALUES,
        "where": st.sampled_from(["Westland", "GM0479", "1503", "Atlantis", ""]) | JSON_VALUES,
    },
)


@pytest.fixture
def raw_token():
    return api_token_create(organisation=OrganisationFactory(slug="fuzz"), name="fuzz")[1]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES)
def test_any_json_body_is_stored_or_refused_with_messages_never_a_server_error(client, raw_token, body):
    before = Signal.objects.count()
    response = client.post(
        "/api/v1/signals/",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw_token}",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert response.status_code in (201, 400), response.content[:500]
    event(f"answered {response.status_code}")
    answer = response.json()
    if response.status_code == 201:
        assert Signal.objects.count() == before + 1
        assert Signal.objects.filter(receipt_code=answer["receipt"]).exists()
    else:
        assert Signal.objects.count() == before
        assert answer["error"]
        if "fields" in answer:
            assert all(isinstance(m, list) and m for m in answer["fields"].values())
        # Every code is one the OpenAPI document lists (it listed `future_date` for `future`).
        assert {code for codes in answer.get("codes", {}).values() for code in codes} <= set(FIELD_CODES)


VALID = {
    "what": "Op een kwekerij werken twaalf mensen zeven dagen per week; de baas houdt hun paspoorten.",
    "where": "Westland",
    "answers": ["documents"],
    "persons": [{"role": "victim", "age": "about 30", "name": "Piotr Nowak", "phone": "0612345678"}],
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(_fields("Signal")), value=JSON_VALUES)
def test_one_odd_field_in_a_valid_body_is_stored_or_named_in_the_answer(client, raw_token, name, value):
    response = client.post(
        "/api/v1/signals/",
        json.dumps({**VALID, name: value}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw_token}",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert response.status_code in (201, 400), response.content[:500]
    event(f"answered {response.status_code}")
    if response.status_code == 400:
        fields = response.json().get("fields", {})
        assert fields, response.json()
        assert all(key.startswith(name) or key.startswith("contact") for key in fields), (name, fields)

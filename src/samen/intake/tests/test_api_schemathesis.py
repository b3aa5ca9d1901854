"""The partner API against its own OpenAPI document, fuzzed by schemathesis through the WSGI app.

Every operation, with a valid token: no server error, every answer as documented (status code,
content type, body schema, headers), and no answer that ignores the token (schemathesis also
sends requests without it and with a wrong one). Its generated bodies almost never name a real
municipality, so they are refused whatever else they hold; that one odd value in an otherwise
valid body is refused and named is shown by `test_api_fuzz`.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from samen.intake.api_tokens import api_token_create
from samen.testing.factories import OrganisationFactory
from samen.wsgi import application

pytestmark = pytest.mark.django_db


# Read through the app itself: the document the partners get is the one under test.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _requests_keep_the_test_transaction():
    """As Django's test client does: a request through the WSGI app must not close the connection
    that holds the test's transaction (PostgreSQL would then answer 500 on a closed connection)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer():
    return {"Authorization": f"Bearer {api_token_create(organisation=OrganisationFactory(), name='fuzz')[1]}"}


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, bearer):
    # Data the schema allows can still be refused: a place that is no Dutch municipality, a
    # contact wish without a phone number or e-mail address. Those rules are the forms', with a
    # message per field; every other check runs.
    case.call_and_validate(headers=bearer, excluded_checks=[positive_data_acceptance])

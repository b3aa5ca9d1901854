"""Reads of the audit log."""

from __future__ import annotations

import pytest

from samen import audit
from samen.audit.models import AuditEntry
from samen.audit.selectors import api_tokens_last_used
from samen.intake.api_tokens import api_token_create
from samen.intake.models import ApiToken
from samen.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _token() -> ApiToken:
    return api_token_create(organisation=OrganisationFactory(), name="zaaksysteem")[0]


def _used(token: ApiToken) -> AuditEntry:
    return audit.record(
        actor=token,
        action=audit.Action.READ,
        object_type="signal",
        object_id=1,
        fields=["signal_status"],
        activity=audit.INTAKE,
        origin="tests.api",
    )


def test_each_token_is_last_used_at_its_newest_entry_and_a_token_never_used_is_left_out():
    first, second, never = _token(), _token(), _token()
    _used(first)
    _used(second)
    newest = _used(first)
    assert api_tokens_last_used([first.pk, second.pk, never.pk]) == {
        first.pk: newest.occurred_at,
        second.pk: AuditEntry.objects.get(actor_label=f"api-token:{second.pk}").occurred_at,
    }
    assert api_tokens_last_used([]) == {}


@pytest.mark.parametrize("count", [1, 12])
def test_last_use_is_read_in_one_query_however_many_tokens(django_assert_num_queries, count):
    tokens = [_token() for _ in range(count)]
    for token in tokens:
        _used(token)
        _used(token)
    with django_assert_num_queries(1):
        found = api_tokens_last_used([token.pk for token in tokens])
    assert set(found) == {token.pk for token in tokens}

"""The demo step: recurring persons give possible links for the demo users, once."""

from __future__ import annotations

import pytest

from samen.accounts.models import User
from samen.linkage import selectors, services
from samen.linkage.demo import seed_linkage
from samen.linkage.models import PossibleLink
from samen.linkage.tests.workflow_factories import seed_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.delenv("SAMEN_LINKAGE_KEY", raising=False)
    monkeypatch.delenv("SAMEN_LINKAGE_KEY_FILE", raising=False)
    services.forget_indexes()
    yield
    services.forget_indexes()


def test_the_demo_step_gives_notices_to_zorg_coordinator_and_politie_and_is_idempotent(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seed_world()
    seed_linkage()
    for username in ("zorg", "coordinator", "politie"):
        assert selectors.links_for(User.objects.get(username=username)).exists(), username
    pairs = {(link.organisation_a.slug, link.organisation_b.slug) for link in PossibleLink.objects.all()}
    assert {frozenset(p) for p in pairs} >= {
        frozenset({"zorgcoordinatie-re03", "zorgcoordinatie-re07"}),
        frozenset({"politie-re03", "politie-re07"}),
        frozenset({"zorgcoordinatie-re03", "politie-re07"}),
    }
    count = PossibleLink.objects.count()
    seed_linkage()
    assert PossibleLink.objects.count() == count

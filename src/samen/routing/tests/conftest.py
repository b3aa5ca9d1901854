"""Routing fixtures: the demo partner map and the demo rules, which cover the whole country."""

from __future__ import annotations

import pytest

from samen.demo.partners_data import seed_partners
from samen.routing import engine
from samen.routing.demo_rules import seed_routing_rules


@pytest.fixture
def demo_rules(db, django_capture_on_commit_callbacks):
    seed_partners()
    with django_capture_on_commit_callbacks(execute=True):
        seed_routing_rules()
    engine.invalidate()
    yield
    engine.invalidate()

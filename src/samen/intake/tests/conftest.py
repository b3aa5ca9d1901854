"""Intake test fixtures: tasks are recorded, not run, unless a test asks for them."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def deduce_loaded():
    """The real deduce, loaded once per session (the first load takes seconds)."""
    from samen.intake.deidentify import warm_up

    warm_up()

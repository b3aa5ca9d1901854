"""Let the insights tests run without a database or Django settings (`-p no:django`).

The modules only use Django for `gettext`; without settings, translation falls back to the
English msgids. Under pytest-django the real settings are used, with English active so the
assertions on wording hold whatever the site's default language is.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.utils import translation

if "DJANGO_SETTINGS_MODULE" not in os.environ and not settings.configured:
    settings.configure(USE_I18N=False)


@pytest.fixture(autouse=True)
def _fast_password_hashing():
    """Shadows the project-wide autouse fixture, which needs pytest-django's `settings`."""


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield

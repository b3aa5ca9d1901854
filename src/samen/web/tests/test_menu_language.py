"""The main menu: Dutch first, no English source text left, and no menu before the second login step."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samen.accounts.models import Role
from samen.intake.indicators import Context, Strength
from samen.testing.auth import ensure_device, login
from samen.testing.factories import UserFactory
from samen.web.context import MENU


def test_every_menu_item_has_a_dutch_label():
    with translation.override("en"):
        english = [str(item.label) for item in MENU]
    with translation.override("nl"):
        dutch = [str(item.label) for item in MENU]
    untranslated = [e for e, d in zip(english, dutch, strict=True) if e == d]
    assert not untranslated, f"No Dutch translation for menu items: {untranslated}"


def test_indicator_lists_and_strengths_have_dutch_labels():
    for choices in (Context, Strength):
        with translation.override("en"):
            english = [str(label) for label in choices.labels]
        with translation.override("nl"):
            dutch = [str(label) for label in choices.labels]
        assert not set(english) & set(dutch), (choices.__name__, dutch)


@pytest.mark.django_db
def test_a_password_only_session_sees_no_menu_on_the_second_step():
    user = UserFactory(roles=[Role.CASE_WORKER, Role.PRIVACY_OFFICER])
    ensure_device(user)
    client = Client()
    login(client, user, verified=False)
    page = client.get(reverse("accounts:otp")).content.decode()
    assert "<form" in page and "samen-nav" not in page  # no empty "Main menu" landmark either
    assert reverse("casework:queue") not in page
    assert reverse("audit:search") not in page
    login(client, user)
    assert reverse("casework:queue") in client.get(reverse("accounts:profile")).content.decode()

"""The work pages' forms are checked by the server, not the browser: a form sent empty comes back
with its own message at its field, in the page's language, and that field focused.

A browser's own check ("Vul dit veld in") would answer first, in the browser's language, in a popup
a screen reader may not read; the forms say `novalidate` so the server's message is the one shown."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from samen.casework.models import SignalTrack
from samen.casework.tests.conftest import user
from samen.casework.workflow import State
from samen.intake.models import Signal
from samen.routing.models import Track
from samen.testing.auth import login

pytestmark = pytest.mark.django_db


def _victim(signal: Signal) -> SignalTrack:
    return SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)


def _tag(page: str, name: str) -> str:
    """The opening tag of the field called `name`."""
    return re.search(rf'<(?:input|textarea|select)\b[^>]*name="{name}"[^>]*>', page).group(0)


def test_a_transfer_sent_with_nothing_chosen_focuses_the_organisation_the_first_field_it_asks_for(client, signal):
    victim = _victim(signal)
    login(client, user("coordinator"))
    url = reverse("casework:transition", args=[signal.pk, victim.pk])
    page = client.post(url, {f"t{victim.pk}-event": "transfer", f"t{victim.pk}-reason": ""}).content.decode()
    assert "Kies de organisatie." in page and f'id="transfer-{victim.pk}-error">Geef een reden.</div>' in page
    # The organisation comes first on the page: focus lands there, not on the reason below it.
    assert "autofocus" in _tag(page, f"t{victim.pk}-transfer_to")
    assert page.count("autofocus") == 1
    assert _victim(signal).state == State.NEW

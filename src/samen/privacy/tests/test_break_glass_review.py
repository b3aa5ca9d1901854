"""Reviewing a break-the-glass access: a review sent without a verdict keeps its note."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.accounts.models import Role
from samen.privacy.models import BreakGlassAccess
from samen.testing.auth import login

pytestmark = pytest.mark.django_db

NOTE = "Nagevraagd bij de teamleider: de cliënt stond die nacht voor de deur."


@pytest.fixture
def access(world):
    return BreakGlassAccess.objects.create(
        user=world.users[Role.CASE_WORKER],
        signal=world.signals["other"],
        reason="Cliënt meldt zich buiten kantoortijd.",
        expires_at=timezone.now() - dt.timedelta(hours=1),
    )


def test_a_review_without_a_verdict_comes_back_with_its_note_and_the_message_at_the_verdict(client, world, access):
    login(client, world.users[Role.PRIVACY_OFFICER])
    response = client.post(reverse("privacy:break_glass_review", args=[access.pk]), {"note": NOTE})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies een oordeel." in page and NOTE in page
    assert f'aria-describedby="review-{access.pk}-verdict-error"' in page
    assert "De beoordeling is niet opgeslagen; zie de toegang hieronder." in page
    access.refresh_from_db()
    assert access.reviewed_at is None


def test_a_review_with_a_verdict_is_saved(client, world, access):
    login(client, world.users[Role.PRIVACY_OFFICER])
    data = {"verdict": "justified", "note": NOTE}
    response = client.post(reverse("privacy:break_glass_review", args=[access.pk]), data)
    assert response.status_code == 302
    access.refresh_from_db()
    assert access.review_verdict == "justified" and access.review_note == NOTE


def test_each_access_to_review_has_a_verdict_and_a_note_of_its_own(client, world, access):
    login(client, world.users[Role.PRIVACY_OFFICER])
    page = client.get(reverse("privacy:break_glass_list")).content.decode()
    assert f'id="review-{access.pk}-verdict_0"' in page and f'id="review-{access.pk}-note"' in page


def test_the_reviewed_list_reads_in_dutch_with_people_s_names(client, world, access):
    officer = world.users[Role.PRIVACY_OFFICER]
    officer.first_name, officer.last_name = "Pien", "de Vries"
    officer.save()
    login(client, officer)
    client.post(reverse("privacy:break_glass_review", args=[access.pk]), {"verdict": "justified", "note": NOTE})
    page = client.get(reverse("privacy:break_glass_list")).content.decode()
    assert ": terecht (Pien de Vries)" in page and "justified" not in page


def test_the_privacy_officer_finds_the_accesses_to_review_from_the_agreements_page(client, world):
    login(client, world.users[Role.PRIVACY_OFFICER])
    page = client.get(reverse("privacy:agreements")).content.decode()
    assert f'href="{reverse("privacy:break_glass_list")}">Doorbraken</a>' in page

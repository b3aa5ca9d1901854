"""The possible-link pages: only the two organisations see a notice, and nothing identifies the person."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from samen.accounts.models import User
from samen.audit.models import AuditEntry
from samen.casework.models import Notification
from samen.linkage import services
from samen.linkage.models import PossibleLink, SideStatus
from samen.linkage.tests.workflow_factories import (
    DIMITRI,
    DIMITRI_PHONE_ONLY,
    IDENTIFYING_STRINGS,
    OLENA,
    OLENA_SWAPPED,
    file_signal,
    run_linkage,
    seed_world,
)
from samen.testing.auth import login
from samen.testing.tasks import run_queued
from samen.testing.texts import TOO_LONG_BY_ONE, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    services.forget_indexes()
    yield
    services.forget_indexes()


@pytest.fixture
def links(db, django_capture_on_commit_callbacks) -> list[PossibleLink]:
    """Olena (care coordinators RE03 and RE07) and Dimitri (police RE07 and RE03), e-mails sent."""
    with django_capture_on_commit_callbacks(execute=True):
        seed_world()
    run_queued()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        file_signal(OLENA, place="Utrecht")
        file_signal(OLENA_SWAPPED, place="Rotterdam")
        file_signal(DIMITRI, place="Rotterdam")
        file_signal(DIMITRI_PHONE_ONLY, place="Utrecht")
    with django_capture_on_commit_callbacks(execute=True):
        run_linkage()
    run_queued()  # the e-mail tasks, as the worker runs them
    return list(PossibleLink.objects.order_by("pk"))


def as_user(client, username: str):
    login(client, User.objects.get(username=username))
    return client


def olena_link(links: list[PossibleLink]) -> PossibleLink:
    return next(link for link in links if link.organisation_a.slug.startswith("zorg"))


def assert_no_identity(text: str, where: str) -> None:
    for needle in IDENTIFYING_STRINGS:
        assert needle.lower() not in text.lower(), f"{needle!r} found in {where}"


def test_both_owning_organisations_see_the_notice_in_their_list(client, links):
    link = olena_link(links)
    for username in ("zorg", "coordinator"):
        page = as_user(client, username).get(reverse("linkage:links"))
        assert page.status_code == 200
        assert reverse("linkage:link", args=[link.pk]) in page.content.decode()


def test_another_organisation_gets_404_and_an_empty_list(client, links):
    link = olena_link(links)
    c = as_user(client, "politie")
    assert c.get(reverse("linkage:link", args=[link.pk])).status_code == 404
    assert reverse("linkage:link", args=[link.pk]) not in c.get(reverse("linkage:links")).content.decode()


def test_people_without_a_casework_role_cannot_open_the_pages(client, links):
    for username in ("analist", "privacy", "beheer"):
        assert as_user(client, username).get(reverse("linkage:links")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, links):
    response = client.get(reverse("linkage:links"))
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_a_side_answers_through_the_form_and_the_page_shows_it(client, links):
    link = olena_link(links)
    c = as_user(client, "zorg")
    response = c.post(reverse("linkage:link", args=[link.pk]), {"decision": "confirm", "reason": "Herkenbaar verhaal."})
    assert response.status_code == 302
    link.refresh_from_db()
    side = link.side_of(User.objects.get(username="zorg").organisation_id)
    assert link.status_of(side) == SideStatus.CONFIRMED
    page = c.get(reverse("linkage:link", args=[link.pk])).content.decode()
    assert "Herkenbaar verhaal." in page
    assert 'name="decision"' not in page  # answered: no second form


def test_an_answer_to_a_link_the_other_side_rejected_meanwhile_is_told_so(client, links):
    """The page came back without a word: the error went to a form no longer shown (found by exploratory testing)."""
    link = olena_link(links)
    as_user(client, "coordinator").post(
        reverse("linkage:link", args=[link.pk]), {"decision": "reject", "reason": "Nee."}
    )
    c = as_user(client, "zorg")
    response = c.post(
        reverse("linkage:link", args=[link.pk]), {"decision": "confirm", "reason": "Herkenbaar."}, follow=True
    )
    assert "Deze mogelijke koppeling is al beantwoord." in response.content.decode()
    link.refresh_from_db()
    assert link.status_of(link.side_of(User.objects.get(username="zorg").organisation_id)) == SideStatus.OPEN


def test_the_other_side_never_sees_the_first_sides_reason(client, links):
    link = olena_link(links)
    as_user(client, "zorg").post(
        reverse("linkage:link", args=[link.pk]), {"decision": "confirm", "reason": "Werkt bij de kapper."}
    )
    page = as_user(client, "coordinator").get(reverse("linkage:link", args=[link.pk])).content.decode()
    assert "kapper" not in page


def test_an_answer_without_a_reason_shows_an_error(client, links):
    link = olena_link(links)
    response = as_user(client, "zorg").post(reverse("linkage:link", args=[link.pk]), {"decision": "confirm"})
    assert response.status_code == 200
    assert (
        'aria-invalid="true"' in response.content.decode() or "utrecht-form-field--invalid" in response.content.decode()
    )
    link.refresh_from_db()
    assert link.status_a == link.status_b == SideStatus.OPEN


def test_opening_a_notice_is_audited(client, links):
    link = olena_link(links)
    as_user(client, "coordinator").get(reverse("linkage:link", args=[link.pk]))
    assert AuditEntry.objects.filter(origin="linkage.link_detail", object_id=str(link.pk), action="read").exists()


def test_notices_pages_notifications_and_emails_carry_no_identifying_data(client, links):
    assert len(links) == 2
    for link in PossibleLink.objects.values():
        assert_no_identity(repr(link), "a notice row")
    for username in ("zorg", "coordinator", "politie"):
        c = as_user(client, username)
        assert_no_identity(c.get(reverse("linkage:links") + "?alle=1").content.decode(), f"the list of {username}")
        for link in links:
            response = c.get(reverse("linkage:link", args=[link.pk]))
            if response.status_code == 200:
                assert_no_identity(response.content.decode(), f"notice {link.pk} for {username}")
        assert_no_identity(c.get(reverse("casework:notifications")).content.decode(), f"notifications of {username}")
    # zorg, coordinator and politie are told; police unit Midden-Nederland has no demo account.
    told = Notification.objects.filter(text__contains=reverse("linkage:links")) | Notification.objects.filter(
        user__username__in=["zorg", "coordinator", "politie"], text__iregex=r"(koppeling|link)"
    )
    assert told.values("user").distinct().count() == 3
    for text in Notification.objects.values_list("text", flat=True):
        assert_no_identity(text, "a notification")
    assert mail.outbox
    for message in mail.outbox:
        assert_no_identity(f"{message.subject}\n{message.body}", "an e-mail")
    for entry in AuditEntry.objects.filter(object_type__in=["possible_link", "linkage_encoding", "case"]).values():
        assert_no_identity(repr(entry), "an audit entry")


def test_a_reason_one_character_too_long_comes_back_whole_and_one_at_the_limit_is_recorded(client, links):
    """The browser no longer cuts a pasted reason at 1,000 characters without a word: the page says so."""
    link = olena_link(links)
    c = as_user(client, "zorg")
    text = text_of(1001)
    response = c.post(reverse("linkage:link", args=[link.pk]), {"decision": "confirm", "reason": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert "maxlength" not in page
    link.refresh_from_db()
    assert link.status_a == link.status_b == SideStatus.OPEN
    response = c.post(reverse("linkage:link", args=[link.pk]), {"decision": "confirm", "reason": text_of(1000)})
    assert response.status_code == 302
    link.refresh_from_db()
    side = link.side_of(User.objects.get(username="zorg").organisation_id)
    assert getattr(link, f"reason_{side}") == text_of(1000)

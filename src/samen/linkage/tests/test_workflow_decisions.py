"""Answering a possible link: both confirm → one case or the signaaltafel; a rejection stops it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samen.accounts.models import User
from samen.audit.models import AuditEntry
from samen.casework.models import Case, CaseSignal, Notification
from samen.linkage import selectors, services
from samen.linkage.models import Outcome, PossibleLink, SideStatus
from samen.linkage.tests.workflow_factories import (
    OLENA,
    OLENA_SWAPPED,
    SharingAgreementFactory,
    file_signal,
    run_linkage,
    seed_world,
)
from samen.meetings import services as meetings_services
from samen.meetings.models import PossibleLink as TableLink
from samen.partners.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    services.forget_indexes()
    yield
    services.forget_indexes()


@pytest.fixture
def link(db, django_capture_on_commit_callbacks) -> PossibleLink:
    """Olena in a signal in Utrecht (care coordinator RE03) and in Rotterdam (care coordinator RE07)."""
    with django_capture_on_commit_callbacks(execute=True):
        seed_world()
    file_signal(OLENA, place="Utrecht")
    file_signal(OLENA_SWAPPED, place="Rotterdam")
    run_linkage()
    return PossibleLink.objects.get()


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def user(username: str) -> User:
    return User.objects.get(username=username)


def signals_of(link: PossibleLink) -> set[int]:
    return {link.encoding_a.person.signal_id, link.encoding_b.person.signal_id}


def test_both_sides_confirming_with_an_agreement_makes_one_case_with_both_signals(link):
    SharingAgreementFactory(parties=[org("zorgcoordinatie-re03"), org("zorgcoordinatie-re07")])
    services.link_decide(link=link, actor=user("zorg"), confirm=True, reason="Zelfde verhaal, zelfde werkgever.")
    link.refresh_from_db()
    assert link.outcome == Outcome.PENDING
    services.link_decide(link=link, actor=user("coordinator"), confirm=True, reason="Klopt met ons dossier.")
    link.refresh_from_db()
    assert link.outcome == Outcome.CASE
    # Each organisation its own case with both signals: only the last to confirm got one, while
    # both were told "now one case" (found by exploratory testing).
    cases = Case.objects.order_by("organisation__slug")
    assert [c.organisation.slug for c in cases] == ["zorgcoordinatie-re03", "zorgcoordinatie-re07"]
    for case in cases:
        assert set(CaseSignal.objects.filter(case=case).values_list("signal_id", flat=True)) == signals_of(link)
        member = user("zorg") if case.organisation.slug == "zorgcoordinatie-re03" else user("coordinator")
        assert selectors.link_view(member, link).case_id == case.pk


def test_no_case_goes_to_an_organisation_the_first_to_confirm_moved_to(link):
    """Found in review: the case was made in whatever organisation its confirmer works for now."""
    SharingAgreementFactory(parties=[org("zorgcoordinatie-re03"), org("zorgcoordinatie-re07")])
    services.link_decide(link=link, actor=user("zorg"), confirm=True, reason="Ja.")
    moved = user("zorg")
    moved.organisation = org("comensha")
    moved.save()
    services.link_decide(link=link, actor=user("coordinator"), confirm=True, reason="Ja.")
    assert [c.organisation.slug for c in Case.objects.all()] == ["zorgcoordinatie-re07"]


def test_an_agreement_for_the_table_only_is_not_enough_for_a_case(link):
    SharingAgreementFactory(
        parties=[org("zorgcoordinatie-re03"), org("zorgcoordinatie-re07")], purposes=["joint_decision"]
    )
    services.link_decide(link=link, actor=user("zorg"), confirm=True, reason="Ja.")
    services.link_decide(link=link, actor=user("coordinator"), confirm=True, reason="Ja.")
    link.refresh_from_db()
    assert link.outcome == Outcome.NO_TABLE
    assert not Case.objects.exists()


def test_both_sides_confirming_without_an_agreement_puts_it_on_a_shared_signaaltafel(link):
    table = meetings_services.table_create(
        name="Signaaltafel Midden en Rotterdam",
        region=org("zorgcoordinatie-re07").regions.first(),
        members=[org("zorgcoordinatie-re03"), org("zorgcoordinatie-re07")],
    )
    services.link_decide(link=link, actor=user("coordinator"), confirm=True, reason="Herkenbaar.")
    services.link_decide(link=link, actor=user("zorg"), confirm=True, reason="Herkenbaar.")
    link.refresh_from_db()
    assert link.outcome == Outcome.AGENDA and link.table_id == table.pk
    item = TableLink.objects.get(table=table)
    assert {item.signal_a_id, item.signal_b_id} == signals_of(link)
    assert not Case.objects.exists()


def test_a_rejection_by_either_side_closes_the_notice_and_nothing_is_grouped(link):
    SharingAgreementFactory(parties=[org("zorgcoordinatie-re03"), org("zorgcoordinatie-re07")])
    services.link_decide(link=link, actor=user("zorg"), confirm=True, reason="Lijkt zo.")
    services.link_decide(link=link, actor=user("coordinator"), confirm=False, reason="Andere geboorteplaats.")
    link.refresh_from_db()
    assert link.outcome == Outcome.REJECTED
    assert not Case.objects.exists()
    with pytest.raises(ValidationError):
        services.link_decide(link=link, actor=user("zorg"), confirm=True, reason="Toch wel.")


def test_each_side_answers_once_and_with_a_reason(link):
    with pytest.raises(ValidationError):
        services.link_decide(link=link, actor=user("zorg"), confirm=True, reason="  ")
    services.link_decide(link=link, actor=user("zorg"), confirm=True, reason="Ja.")
    with pytest.raises(ValidationError):
        services.link_decide(link=link, actor=user("zorg"), confirm=False, reason="Nee toch.")


def test_an_organisation_outside_the_link_cannot_answer_it_and_the_attempt_is_audited(link):
    with pytest.raises(PermissionDenied):
        services.link_decide(link=link, actor=user("politie"), confirm=True, reason="Ja.")
    assert AuditEntry.objects.filter(object_type="possible_link", action="denied", actor_id=user("politie").pk).exists()
    link.refresh_from_db()
    assert link.status_a == link.status_b == SideStatus.OPEN


def test_the_other_side_is_told_of_each_answer_but_never_of_the_reason(link):
    services.link_decide(link=link, actor=user("zorg"), confirm=True, reason="Zelfde werkgever in Nieuwegein.")
    told = Notification.objects.filter(user=user("coordinator")).order_by("-pk").first()
    assert "Nieuwegein" not in told.text
    assert org("zorgcoordinatie-re03").name in told.text


def test_every_step_is_audited(link):
    SharingAgreementFactory(parties=[org("zorgcoordinatie-re03"), org("zorgcoordinatie-re07")])
    services.link_decide(link=link, actor=user("zorg"), confirm=True, reason="Ja.")
    services.link_decide(link=link, actor=user("coordinator"), confirm=True, reason="Ja.")
    origins = set(AuditEntry.objects.values_list("origin", flat=True))
    assert {"linkage.person_encode", "linkage.match", "linkage.link_confirmed", "linkage.link_case"} <= origins
    entries = AuditEntry.objects.filter(origin="linkage.link_case")
    assert sorted(int(e.object_id) for e in entries) == sorted(
        Case.objects.values_list("pk", flat=True)
    )  # one per case
    assert all(e.object_type == "case" and e.processing_code == "SAMEN-LINKAGE" for e in entries)

"""Encoding at intake and matching: known pairs across organisations give one notice to both."""

from __future__ import annotations

import pytest

from samen.audit.models import AuditEntry
from samen.casework.models import Notification
from samen.linkage import services
from samen.linkage.models import Band, PersonEncoding, PossibleLink
from samen.linkage.tests.workflow_factories import (
    DIMITRI,
    DIMITRI_PHONE_ONLY,
    KEY,
    MARIA,
    OLENA,
    OLENA_SWAPPED,
    OLENA_TYPO,
    SANNE,
    Person,
    file_signal,
    run_linkage,
    seed_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    services.forget_indexes()
    yield
    services.forget_indexes()


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed_world()


def links_between(signal_a, signal_b):
    return PossibleLink.objects.filter(
        encoding_a__person__signal__in=[signal_a, signal_b], encoding_b__person__signal__in=[signal_a, signal_b]
    )


def test_a_person_in_signals_of_two_regions_gives_one_notice_to_both_owning_organisations(world):
    utrecht = file_signal(OLENA, place="Utrecht")
    rotterdam = file_signal(OLENA_SWAPPED, place="Rotterdam")
    report = run_linkage()
    assert report.encoded == 2
    link = links_between(utrecht, rotterdam).get()
    assert {link.organisation_a.slug, link.organisation_b.slug} == {"zorgcoordinatie-re03", "zorgcoordinatie-re07"}
    assert link.band in Band.values
    told = {"zorg": (utrecht, link.organisation_b), "coordinator": (rotterdam, link.organisation_a)}
    if link.organisation_a.slug == "zorgcoordinatie-re07":
        told = {"zorg": (utrecht, link.organisation_a), "coordinator": (rotterdam, link.organisation_b)}
    for username, (own_signal, other) in told.items():
        notice = Notification.objects.get(user__username=username, text__contains=other.name)
        assert own_signal.receipt_code in notice.text
        assert notice.track.signal == own_signal


def test_a_typo_in_the_name_still_gives_a_notice(world):
    a = file_signal(OLENA, place="Utrecht")
    b = file_signal(OLENA_TYPO, place="Rotterdam")
    run_linkage()
    assert links_between(a, b).count() == 1


def test_two_different_people_born_on_the_same_day_give_no_notice(world):
    a = file_signal(MARIA, place="Utrecht")
    b = file_signal(SANNE, place="Rotterdam")
    run_linkage()
    assert not links_between(a, b).exists()


def test_the_same_name_without_a_date_of_birth_or_phone_gives_no_notice(world):
    a = file_signal(Person("Alina Ionescu"), place="Utrecht")
    b = file_signal(Person("Alina Ionescu"), place="Rotterdam")
    run_linkage()
    assert not PossibleLink.objects.filter(encoding_a__person__signal__in=[a, b]).exists()


def test_the_same_phone_number_alone_gives_a_notice_with_the_phone_flag(world):
    a = file_signal(DIMITRI, place="Rotterdam")
    b = file_signal(DIMITRI_PHONE_ONLY, place="Utrecht")
    run_linkage()
    link = links_between(a, b).get()
    assert link.phone_match
    assert {link.organisation_a.slug, link.organisation_b.slug} == {"politie-re07", "politie-re03"}


def test_two_signals_of_the_same_organisation_give_no_notice(world):
    # Both in Rotterdam: the care coordinator RE07 owns both victim tracks and can link them itself.
    a = file_signal(OLENA, place="Rotterdam")
    b = file_signal(OLENA_SWAPPED, place="Rotterdam")
    run_linkage()
    assert not links_between(a, b).exists()


def test_running_linkage_again_makes_no_second_notice_and_encodes_nobody_twice(world):
    file_signal(OLENA, place="Utrecht")
    file_signal(OLENA, place="Rotterdam")
    run_linkage()
    services.forget_indexes()  # as in a new worker process: the index is rebuilt from the table
    PersonEncoding.objects.update(matched_at=None)
    report = run_linkage()
    assert report.encoded == 0
    assert PossibleLink.objects.count() == 1
    assert PersonEncoding.objects.count() == 2


def test_a_later_signal_is_matched_against_the_earlier_ones_incrementally(world):
    file_signal(OLENA, place="Utrecht")
    run_linkage()
    assert PossibleLink.objects.count() == 0
    file_signal(OLENA_SWAPPED, place="Rotterdam")
    run_linkage()
    assert PossibleLink.objects.count() == 1


def test_encodings_store_versions_and_a_fingerprint_but_no_key_and_no_identifiers(world):
    file_signal(OLENA, place="Utrecht")
    run_linkage()
    row = PersonEncoding.objects.get()
    assert row.key_fingerprint == KEY.fingerprint().hex()
    assert row.schema_version >= 1 and row.key_version == KEY.version
    stored = bytes(row.encoding) + bytes(row.phone_tokens)
    assert KEY.secret not in stored
    for text in ("Olena", "olena", "Kovalenko", "kovalenko", "1998", "12345678"):
        assert text.encode() not in stored


def test_a_new_key_encodes_everyone_again_and_never_compares_across_keys(world):
    from samen.linkage.keys import demo_linkage_key

    file_signal(OLENA, place="Utrecht")
    run_linkage()
    other = demo_linkage_key("another-key")
    file_signal(OLENA, place="Rotterdam")
    report = services.encode_pending(key=other)
    assert report.encoded == 2  # both persons under the new key
    assert PossibleLink.objects.count() == 1  # found under the new key only, once
    assert set(PersonEncoding.objects.values_list("key_fingerprint", flat=True)) == {
        KEY.fingerprint().hex(),
        other.fingerprint().hex(),
    }


def test_encoding_and_matching_are_audited_per_organisation(world):
    file_signal(OLENA, place="Utrecht")
    file_signal(OLENA_SWAPPED, place="Rotterdam")
    run_linkage()
    link = PossibleLink.objects.get()
    assert AuditEntry.objects.filter(object_type="linkage_encoding", origin="linkage.person_encode").count() == 2
    orgs = set(
        AuditEntry.objects.filter(
            object_type="possible_link", object_id=str(link.pk), origin="linkage.match"
        ).values_list("organisation_id", flat=True)
    )
    assert orgs == {link.organisation_a_id, link.organisation_b_id}


def test_production_mode_without_a_key_refuses_to_encode(settings, monkeypatch):
    from samen.linkage.keys import LinkageKeyError

    monkeypatch.delenv("SAMEN_LINKAGE_KEY", raising=False)
    monkeypatch.delenv("SAMEN_LINKAGE_KEY_FILE", raising=False)
    settings.PRODUCTION = True
    with pytest.raises(LinkageKeyError):
        services.linkage_key()
    settings.PRODUCTION = False
    assert services.linkage_key().fingerprint() == services.demo_linkage_key(services.DEMO_KEY_LABEL).fingerprint()


def test_the_periodic_task_encodes_with_the_key_from_the_environment_and_matches(world, settings, monkeypatch):
    from samen.linkage import tasks

    monkeypatch.setenv("SAMEN_LINKAGE_KEY", "ab" * 32)
    monkeypatch.setenv("SAMEN_LINKAGE_KEY_VERSION", "3")
    assert ("samen.linkage.tasks.encode_pending_task", 30) in settings.SAMEN_PERIODIC_TASKS
    file_signal(OLENA, place="Utrecht")
    file_signal(OLENA_SWAPPED, place="Rotterdam")
    assert tasks.encode_pending_task.call() == 1
    assert set(PersonEncoding.objects.values_list("key_version", flat=True)) == {3}

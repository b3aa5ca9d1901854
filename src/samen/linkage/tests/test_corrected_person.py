"""A person corrected after intake is encoded and matched again: a misspelt name that hid a link
finds it once put right, and an encoding removed since a process indexed it is passed over."""

from __future__ import annotations

import datetime as dt

import pytest

from samen.accounts.models import User
from samen.audit.models import AuditEntry
from samen.casework import person_changes
from samen.linkage import services
from samen.linkage.models import PersonEncoding, PossibleLink
from samen.linkage.tests.test_workflow_matching import _fresh_index, world  # noqa: F401 - fixtures
from samen.linkage.tests.workflow_factories import OLENA, Person, file_signal, run_linkage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

# Olena without a phone number, and as Rotterdam first wrote her down: with the name of another
# woman in the house, and Olena's date of birth.
OLENA_NO_PHONE = Person("Olena Kovalenko", dt.date(1998, 3, 14))
OLENA_MISNAMED = Person("Oksana Melnyk", dt.date(1998, 3, 14))


def _rename(signal, name: str) -> None:
    person = signal.persons.get()
    coordinator = User.objects.get(username="coordinator")  # owns Rotterdam's victim track
    person_changes.person_change(signal=signal, person_id=person.pk, actor=coordinator, values={"name": name})


def test_a_name_put_right_finds_the_link_the_misspelling_hid():
    utrecht = file_signal(OLENA, place="Utrecht")
    rotterdam = file_signal(OLENA_MISNAMED, place="Rotterdam")
    run_linkage()
    assert not PossibleLink.objects.exists()
    old = PersonEncoding.objects.get(person__signal=rotterdam)

    _rename(rotterdam, "Olena Kovalenko")

    assert not PersonEncoding.objects.filter(pk=old.pk).exists()
    removed = AuditEntry.objects.get(origin="linkage.person_forget")
    assert (removed.action, removed.object_type, removed.object_id) == ("delete", "linkage_encoding", str(old.pk))
    report = run_linkage()
    assert report.encoded == 1 and report.links == 1
    link = PossibleLink.objects.get()
    assert {link.encoding_a.person.signal, link.encoding_b.person.signal} == {utrecht, rotterdam}


def test_a_correction_that_leaves_the_encoding_as_it_was_keeps_it_and_its_links():
    file_signal(OLENA, place="Utrecht")
    rotterdam = file_signal(OLENA, place="Rotterdam")
    run_linkage()
    link = PossibleLink.objects.get()
    person = rotterdam.persons.get()
    coordinator = User.objects.get(username="coordinator")
    person_changes.person_change(
        signal=rotterdam, person_id=person.pk, actor=coordinator, values={"address": "Kerkstraat 1, Rotterdam"}
    )
    assert PossibleLink.objects.filter(pk=link.pk).exists()


def test_an_encoding_removed_after_it_was_indexed_is_passed_over_when_matching():
    file_signal(OLENA_NO_PHONE, place="Utrecht")
    rotterdam = file_signal(OLENA_NO_PHONE, place="Rotterdam")
    run_linkage()  # this process's index now holds both encodings
    _rename(rotterdam, "Oksana Melnyk")  # Rotterdam's encoding is removed, and with it the link
    assert not PossibleLink.objects.exists()

    amsterdam = file_signal(OLENA_NO_PHONE, place="Amsterdam")
    report = run_linkage()  # Amsterdam's Olena meets Rotterdam's old encoding in the index

    assert report.encoded == 2
    linked = {
        signal
        for link in PossibleLink.objects.all()
        for signal in (link.encoding_a.person.signal, link.encoding_b.person.signal)
    }
    assert amsterdam in linked and rotterdam not in linked


def test_a_person_added_after_intake_is_encoded_and_matched():
    utrecht = file_signal(OLENA_NO_PHONE, place="Utrecht")
    rotterdam = file_signal(Person("Dimitri Petrov", dt.date(1979, 11, 2)), place="Rotterdam")
    run_linkage()
    coordinator = User.objects.get(username="coordinator")
    person_changes.person_add(
        signal=rotterdam,
        role="victim",
        actor=coordinator,
        values={"name": "Olena Kovalenko", "birth_date": dt.date(1998, 3, 14), "gender": "female"},
    )
    report = run_linkage()
    assert report.encoded == 1 and report.links == 1
    link = PossibleLink.objects.get()
    assert {link.encoding_a.person.signal, link.encoding_b.person.signal} == {utrecht, rotterdam}


def test_an_answered_link_keeps_its_answers_through_a_correction_and_is_not_asked_again():
    """Found in review: the correction removed the encoding and with it the link and both answers."""
    file_signal(OLENA, place="Utrecht")
    rotterdam = file_signal(OLENA, place="Rotterdam")
    run_linkage()
    link = PossibleLink.objects.get()
    coordinator = User.objects.get(username="coordinator")
    services.link_decide(link=link, actor=coordinator, confirm=False, reason="Andere vrouw, andere leeftijd.")
    old = PersonEncoding.objects.get(person__signal=rotterdam)

    person = rotterdam.persons.get()
    person_changes.person_change(signal=rotterdam, person_id=person.pk, actor=coordinator, values={"gender": "other"})

    old.refresh_from_db()
    assert old.superseded_at is not None
    link.refresh_from_db()
    assert "rejected" in (link.status_a, link.status_b)
    report = run_linkage()
    assert report.encoded == 1 and report.links == 0  # encoded again, the answered pair not raised again
    assert PossibleLink.objects.get() == link
    assert PersonEncoding.objects.filter(person=person, superseded_at__isnull=True).count() == 1


def test_a_link_under_an_earlier_key_does_not_keep_the_pair_from_being_linked_under_a_new_one():
    """Second review: the check for an answered pair counted links under any key."""
    from samen.linkage.keys import demo_linkage_key

    file_signal(OLENA, place="Utrecht")
    file_signal(OLENA, place="Rotterdam")
    run_linkage()
    assert PossibleLink.objects.count() == 1
    report = services.encode_pending(key=demo_linkage_key("rotated"))
    assert report.encoded == 2 and report.links == 1


def test_a_signal_routed_to_another_region_takes_its_open_links_from_the_old_owner_to_the_new():
    """Found by exploratory testing: after a move the links stayed with the organisation that no
    longer follows the signal up, which could still decide them, and the new owner never heard."""
    from samen.casework import signal_changes
    from samen.geo.models import Municipality
    from samen.linkage.selectors import links_for

    utrecht = file_signal(OLENA, place="Utrecht")
    rotterdam = file_signal(OLENA, place="Rotterdam")
    run_linkage()
    old = PossibleLink.objects.get()
    coordinator = User.objects.get(username="coordinator")  # Rotterdam's owner
    assert list(links_for(coordinator)) == [old]

    signal_changes.signal_change(
        signal=rotterdam,
        actor=coordinator,
        municipality=Municipality.objects.get(name="Amsterdam"),
        place="",
        form_codes=[],
        reason="Verhuisd naar Amsterdam.",
    )
    new_owner = rotterdam.tracks.get(kind="victim").owner
    assert new_owner != coordinator.organisation
    run_linkage()

    assert not PossibleLink.objects.filter(pk=old.pk).exists()
    assert not links_for(coordinator).exists()
    link = PossibleLink.objects.get()
    assert {link.organisation_a, link.organisation_b} == {utrecht.tracks.get(kind="victim").owner, new_owner}
    assert AuditEntry.objects.filter(origin="linkage.person_forget", actor_label="system:linkage").exists()
    assert services.persons_moved() == []

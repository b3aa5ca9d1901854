"""Retention with time travel: what is past its period is deleted or anonymised, with a tombstone;
legal holds keep a signal; nothing expired remains; audit entries stay and hold no content."""

from __future__ import annotations

import datetime
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections

from samen.accounts.models import Role
from samen.audit.models import AuditEntry
from samen.audit.services import verify_chain
from samen.casework.models import SignalTrack
from samen.casework.tests.conftest import world  # noqa: F401 (a fixture)
from samen.casework.workflow import State
from samen.intake.models import PersonIdentity, ReporterContact, Signal, SignalPerson
from samen.intake.tests.factories import SignalFactory, SignalPersonFactory
from samen.retention.models import LegalHold, RetentionPolicy, Tombstone
from samen.retention.services import due, retention_apply
from samen.routing.models import Track
from samen.testing.factories import OrganisationFactory, UserFactory
from samen.vault.tests.factories import PersonIdentityFactory

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)
WHAT = "Twaalf mannen in één huis aan de Zuiddijk."


def _closed_signal(outcome: str, *, tracks: tuple[str, ...] = ("victim", "perpetrator")) -> Signal:
    signal = SignalFactory(what=WHAT, place="Zuiddijk 4")
    person = SignalPersonFactory(signal=signal, description="lange man met tatoeage")
    PersonIdentityFactory(person=person)
    ReporterContact.objects.create(signal=signal, name="Jan Melder", phone="0612345678")
    owner = OrganisationFactory()
    for kind in tracks:
        SignalTrack.objects.create(
            signal=signal,
            kind=Track(kind),
            state=State.OUTCOME,
            owner=owner,
            outcome=outcome,
            closing_reason="Gesproken met Ana.",
        )
    return signal


def _open_signal() -> Signal:
    signal = SignalFactory(what=WHAT)
    PersonIdentityFactory(person=SignalPersonFactory(signal=signal))
    SignalTrack.objects.create(signal=signal, kind=Track.VICTIM, state=State.IN_PROGRESS, owner=OrganisationFactory())
    return signal


@pytest.fixture
def signals():
    with time_machine.travel(T0, tick=False):
        return {
            "no_indications": _closed_signal("no_indications"),
            "care": _closed_signal("referred_to_care"),
            "held": _closed_signal("no_indications"),
            "mixed": _closed_signal("no_indications", tracks=("victim",)),
            "open": _open_signal(),
        }


def _mixed_outcomes(signal: Signal) -> None:
    SignalTrack.objects.create(
        signal=signal,
        kind=Track.PERPETRATOR,
        state=State.OUTCOME,
        owner=OrganisationFactory(),
        outcome="investigation_started",
    )


def test_nothing_is_due_before_any_period_has_passed(signals):
    with time_machine.travel(T0 + datetime.timedelta(days=300), tick=False):
        assert due() == []


def test_after_a_year_signals_without_indications_are_purged_with_their_identities_but_held_ones_kept(signals):
    with time_machine.travel(T0, tick=False):
        _mixed_outcomes(signals["mixed"])
    LegalHold.objects.create(signal=signals["held"], reason="Strafrechtelijk onderzoek", review_date="2027-06-01")
    with time_machine.travel(T0 + datetime.timedelta(days=366), tick=False):
        done = retention_apply()
        assert [(d.policy.category, d.signal_id) for d in done] == [("signal", signals["no_indications"].pk)]
        gone = signals["no_indications"].pk
        assert not Signal.objects.filter(pk=gone).exists()
        assert not SignalPerson.objects.filter(signal_id=gone).exists()
        assert not PersonIdentity.objects.filter(person__signal_id=gone).exists()
        assert not ReporterContact.objects.filter(signal_id=gone).exists()
        tombstone = Tombstone.objects.get(object_id=str(gone))
        assert (tombstone.category, tombstone.action, tombstone.policy.outcome) == (
            "signal",
            "delete",
            "no_indications",
        )
        assert tombstone.done_at == T0 + datetime.timedelta(days=366)
        assert Signal.objects.filter(pk=signals["held"].pk).exists()
        assert PersonIdentity.objects.filter(person__signal=signals["held"]).exists()
        assert Signal.objects.filter(pk=signals["mixed"].pk).exists()  # mixed outcomes: no one-year rule
        assert due() == []  # 0 expired rows remain


def test_after_two_years_identities_are_deleted_and_after_five_free_text_is_anonymised(signals):
    LegalHold.objects.create(signal=signals["held"], reason="Strafrechtelijk onderzoek", review_date="2027-06-01")
    care = signals["care"]
    Signal.objects.filter(pk=care.pk).update(
        deidentified_parts=[["", "[PERSOON-1] werkt lange dagen."]], deidentified_when="sinds mei"
    )
    SignalPerson.objects.filter(signal=care).update(deidentified_nationality="Pools")
    with time_machine.travel(T0 + datetime.timedelta(days=731), tick=False):
        retention_apply()
        assert not PersonIdentity.objects.filter(person__signal=care).exists()
        assert not ReporterContact.objects.filter(signal=care).exists()
        assert Signal.objects.get(pk=care.pk).what == WHAT
        assert Tombstone.objects.filter(object_id=str(care.pk), category="identity").count() == 1
        assert due() == []
    with time_machine.travel(T0 + datetime.timedelta(days=1826), tick=False):
        retention_apply()
        signal = Signal.objects.get(pk=care.pk)
        assert (signal.what, signal.place) == ("", "")
        assert (signal.deidentified_text, signal.deidentified_parts, signal.deidentified_when) == ("", [], "")
        assert SignalPerson.objects.get(signal=care).deidentified_nationality == ""
        assert SignalPerson.objects.get(signal=care).description == ""
        assert SignalTrack.objects.filter(signal=care, closing_reason="").count() == 2
        assert Tombstone.objects.filter(object_id=str(care.pk), category="free_text").count() == 1
        assert due() == []
        retention_apply()  # a second run finds nothing and writes no second tombstone
        assert Tombstone.objects.filter(object_id=str(care.pk)).count() == 2
    held = Signal.objects.get(pk=signals["held"].pk)
    assert held.what == WHAT and PersonIdentity.objects.filter(person__signal=held).exists()
    assert PersonIdentity.objects.filter(person__signal=signals["open"]).exists()


def test_tombstones_and_audit_entries_hold_no_content_and_the_chain_stays_intact(signals):
    with time_machine.travel(T0 + datetime.timedelta(days=1900), tick=False):
        retention_apply()
    assert AuditEntry.objects.filter(actor_label="system:retention").count() == Tombstone.objects.count() > 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditentry")
        audit_rows = json.dumps([[str(v) for v in row] for row in cursor.fetchall()])
    tombstones = json.dumps(list(Tombstone.objects.values()), default=str)
    for text in ["Zuiddijk", "Ana", "Jan Melder", "tatoeage", "111222333"]:
        assert text not in audit_rows and text not in tombstones
    assert verify_chain().ok


def test_the_command_reports_in_a_dry_run_and_acts_without_it(signals, capsys):
    with time_machine.travel(T0 + datetime.timedelta(days=366), tick=False):
        call_command("retention", "--dry-run")
        out = capsys.readouterr().out
        assert "would delete signal (outcome no_indications) of 3 signal(s)" in out
        assert Signal.objects.filter(pk=signals["no_indications"].pk).exists()
        call_command("retention")
        assert "did delete signal" in capsys.readouterr().out
        assert not Signal.objects.filter(pk=signals["no_indications"].pk).exists()


def test_the_daily_task_applies_retention(signals, settings):
    from samen.retention.tasks import apply_retention_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert ("samen.retention.tasks.apply_retention_task", 86_400) in settings.SAMEN_PERIODIC_TASKS
    with time_machine.travel(T0 + datetime.timedelta(days=366), tick=False):
        result = apply_retention_task.enqueue()
        assert result.return_value == 3


def test_deleting_identities_deletes_the_linkage_encodings_and_anonymising_reaches_every_copied_text(signals):
    from samen.casework.models import TrackAction, TrackEvent
    from samen.linkage.models import PersonEncoding

    care = signals["care"]
    track = SignalTrack.objects.filter(signal=care).first()
    person = SignalPerson.objects.get(signal=care)
    PersonEncoding.objects.create(
        person=person, organisation=track.owner, schema_version=1, key_version=1, key_fingerprint="f", encoding=b"x"
    )
    with time_machine.travel(T0, tick=False):
        TrackAction.objects.create(track=track, description="Ana naar de opvang brengen", organisation=track.owner)
        TrackEvent.objects.create(
            track=track,
            kind="action",
            reason="Actie toegevoegd: Ana naar de opvang brengen",
            reason_parts={"parts": [["Action added: %(a)s", {"a": "Ana naar de opvang brengen"}]]},
        )
    with time_machine.travel(T0 + datetime.timedelta(days=731), tick=False):
        retention_apply()
    assert not PersonEncoding.objects.filter(person=person).exists()
    with time_machine.travel(T0 + datetime.timedelta(days=1826), tick=False):
        retention_apply()
    assert not TrackAction.objects.filter(track__signal=care).exclude(description="").exists()
    assert not TrackEvent.objects.filter(track__signal=care).exclude(reason="").exists()
    assert not TrackEvent.objects.filter(track__signal=care).exclude(reason_parts={}).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time anyway")
@pytest.mark.django_db(transaction=True)
def test_retention_waits_for_a_correction_under_way_so_no_identity_is_written_after_it(
    reference_data, signals, monkeypatch
):
    """A correction checked that the identities were still there and is about to write the new
    name when retention begins: retention must wait for it, not remove the identity in between
    (the correction's write would then store it again, after its retention period)."""
    from samen.casework import person_changes

    # A transactional test's flush removes what the migrations seeded.
    RetentionPolicy.objects.get_or_create(
        category="identity", outcome="", defaults={"period_days": 730, "action": "delete", "reason": "Twee jaar."}
    )

    person = SignalPerson.objects.get(signal=signals["care"])
    owner = SignalTrack.objects.filter(signal=signals["care"]).first().owner
    actor = UserFactory(organisation=owner, roles=[Role.COORDINATOR])
    writing, release = threading.Event(), threading.Event()
    store = person_changes._store

    def store_when_released(*args, **kwargs) -> None:
        writing.set()
        release.wait(30)
        store(*args, **kwargs)

    monkeypatch.setattr(person_changes, "_store", store_when_released)

    def correction() -> None:
        try:
            person_changes.person_change(
                signal=signals["care"], person_id=person.pk, actor=actor, values={"name": "Jan de Vries"}
            )
        finally:
            connections.close_all()

    def retention() -> None:
        try:
            with time_machine.travel(T0 + datetime.timedelta(days=731), tick=False):
                retention_apply()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        corrected = pool.submit(correction)
        assert writing.wait(30)
        removal = pool.submit(retention)
        # Until retention either finished or waits for the correction's lock.
        while not removal.done() and not _waiting_for_a_lock():
            time.sleep(0.01)
        release.set()
        corrected.result(30), removal.result(30)
    assert not PersonIdentity.objects.filter(person=person).exists()


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


@pytest.mark.usefixtures("world")
def test_anonymising_removes_a_transfer_s_reason_from_why_the_new_owner_has_the_track():
    from samen.casework import pipeline, services
    from samen.casework.tests.conftest import file_signal, offer_to_zorg, user
    from samen.casework.workflow import Event
    from samen.retention.services import _anonymise_free_text

    signal, _secret = file_signal(place="Rotterdam")
    pipeline.drain_intake_outbox()
    victim = offer_to_zorg(signal, reason="Ana Nowak verhuist naar haar zus in Utrecht")
    services.track_transition_as(track=victim, event=Event.ACCEPT_TRANSFER, actor=user("zorg"))
    victim.refresh_from_db()
    assert "Ana Nowak" in victim.routing_reason and "Ana Nowak" in json.dumps(victim.routing_reason_parts)

    _anonymise_free_text(signal.pk)

    victim.refresh_from_db()
    shown = [victim.routing_reason, victim.routing_reason_shown, json.dumps(victim.routing_reason_parts)]
    assert not any("Ana Nowak" in text for text in shown)
    assert victim.routing_reason.startswith("overgenomen van Zorgcoördinatie Mensenhandel Rotterdam op ")

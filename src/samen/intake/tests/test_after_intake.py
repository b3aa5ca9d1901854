"""After intake: the periodic task de-identifies every new signal; a failed store leaves nothing behind."""

from __future__ import annotations

import pytest
from django.utils import translation

from samen.audit.models import AuditEntry
from samen.intake import deidentify, services
from samen.intake.models import Channel, IntakeOutbox, Signal, SignalPerson
from samen.intake.tasks import deidentify_pending_task
from samen.intake.tests.test_services import _input

pytestmark = pytest.mark.django_db(transaction=True)


def _submit(key: str, data=None):
    """A public report stored under idempotency key `key`; `data` defaults to the test input."""
    return services.signal_submit(
        data=data if data is not None else _input(),
        channel=Channel.PUBLIC_WEB,
        actor=None,
        idempotency_key=key,
        fingerprint=key,
    )


def test_the_periodic_task_deidentifies_every_new_signal(reference_data, deduce_loaded, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    first, second = _submit("a").signal, _submit("b").signal
    assert Signal.objects.filter(deidentified_at__isnull=True).count() == 2

    deidentify_pending_task.enqueue()

    for signal in (first, second):
        signal.refresh_from_db()
        assert signal.deidentified_at is not None
        assert "Ana Popescu" not in signal.deidentified_text
    assert services.deidentify_pending() == 0  # nothing left for the next run


def test_when_and_each_person_s_age_and_nationality_get_a_de_identified_copy_of_their_own(
    reference_data, deduce_loaded
):
    from samen.intake.inputs import IdentityInput, PersonInput
    from samen.intake.models import PersonRole

    signal = _submit(
        "short-texts",
        _input(
            when="3 mei, bij Ana Popescu thuis",
            persons=[
                PersonInput(
                    role=PersonRole.VICTIM,
                    age="ongeveer 20, heet Ana",
                    nationality="Roemeens, zus van Ana Popescu",
                    identity=IdentityInput(name="Ana Popescu"),
                ),
                PersonInput(role=PersonRole.PERPETRATOR, age="40", nationality="Nederlands"),
            ],
        ),
    ).signal

    services.signal_deidentify(signal_id=signal.pk)

    signal.refresh_from_db()
    assert "Ana" not in signal.deidentified_when and "3 mei" not in signal.deidentified_when
    assert signal.deidentified_when.endswith("thuis")
    victim, perpetrator = signal.persons.order_by("position")
    assert victim.deidentified_age.startswith("ongeveer 20") and "Ana" not in victim.deidentified_age
    assert victim.deidentified_nationality.startswith("Roemeens") and "Popescu" not in victim.deidentified_nationality
    assert (perpetrator.deidentified_age, perpetrator.deidentified_nationality) == ("40", "Nederlands")
    # One person, one tag, in every copy of the signal.
    assert "[PERSOON-1]" in signal.deidentified_when
    assert victim.deidentified_age.endswith("[PERSOON-1]") and victim.deidentified_nationality.endswith("[PERSOON-1]")
    # The originals stay as typed, for whoever may read them.
    assert (victim.age, victim.nationality) == ("ongeveer 20, heet Ana", "Roemeens, zus van Ana Popescu")


def test_the_copy_of_the_text_names_whose_description_follows_what_was_noticed(reference_data, deduce_loaded):
    from samen.intake.inputs import PersonInput
    from samen.intake.models import PersonRole

    signal = _submit(
        "labelled",
        _input(
            place="achter de garage",
            persons=[
                PersonInput(role=PersonRole.VICTIM, description="Draagt altijd een rode jas."),
                PersonInput(role=PersonRole.PERPETRATOR, description="Man van rond de 40 met een zwarte Audi."),
            ],
        ),
    ).signal

    services.signal_deidentify(signal_id=signal.pk)

    signal.refresh_from_db()
    text = signal.deidentified_text
    assert "\n\nPlaats: " in text
    assert "\n\nMogelijk slachtoffer: Draagt altijd een rode jas." in text
    assert text.endswith("\n\nMogelijke dader: Man van rond de 40 met een zwarte Audi.")
    # The labels are shown in the reader's language; the stored text keeps them in Dutch.
    with translation.override("en"):
        english = signal.deidentified_description
    assert "\n\nPlace: achter de garage\n\nPossible victim: Draagt altijd een rode jas." in english
    assert english.endswith("\n\nPossible perpetrator: Man van rond de 40 met een zwarte Audi.")
    with translation.override("nl"):
        assert signal.deidentified_description == text


@pytest.mark.parametrize(
    ("what", "description", "name"),
    [
        ("Hij werkt voor Mihai Ionescu op de kwekerij.", "Ionescu rijdt een zwarte Audi.", "Ionescu"),
        ("De baas heet Florin en houdt de paspoorten.", "Florin is lang en kaal.", "Florin"),
        ("Oksana Kovalenko slaapt in de kantine.", "Kovalenko draagt een rode jas.", "Kovalenko"),
    ],
)
def test_a_name_given_away_in_one_part_goes_from_the_other_parts_too(
    reference_data, deduce_loaded, what, description, name
):
    from samen.intake.inputs import PersonInput
    from samen.intake.models import PersonRole

    persons = [PersonInput(role=PersonRole.PERPETRATOR, description=description, age=f"40, {name} zegt 38")]
    signal = _submit(f"context-{name}", _input(what=what, when=f"{name} kwam in mei", persons=persons)).signal

    services.signal_deidentify(signal_id=signal.pk)

    signal.refresh_from_db()
    (_, noticed), (_, described) = signal.deidentified_parts
    age = signal.persons.get().deidentified_age
    copies = [noticed, described, signal.deidentified_text, signal.deidentified_when, age]
    assert [copy for copy in copies if name in copy] == []
    # One person, one tag, in every copy.
    assert all("[PERSOON-1]" in copy for copy in copies) and not any("[PERSOON-2]" in copy for copy in copies)


def test_the_parts_are_de_identified_as_found_on_the_text_under_its_labels(reference_data, deduce_loaded):
    from samen.intake.inputs import PersonInput
    from samen.intake.models import PersonRole

    data = _input(
        what="Mihai werkt voor Florin Popa, bel 06-12345678. Zijn zus Ana Nowak weet ervan.",
        place="Kwekerij De Groene Kas, Westland",
        persons=[
            PersonInput(role=PersonRole.VICTIM, description="Ana's broer, draagt een rode jas."),
            PersonInput(role=PersonRole.PERPETRATOR, description="Popa, rijdt een Audi met kenteken 12-ABC-3."),
        ],
    )
    signal = _submit("as-joined", data).signal

    services.signal_deidentify(signal_id=signal.pk)

    signal.refresh_from_db()
    joined = (
        f"{signal.what}\n\nPlaats: {signal.place}\n\nMogelijk slachtoffer: Ana's broer, draagt een rode jas."
        "\n\nMogelijke dader: Popa, rijdt een Audi met kenteken 12-ABC-3."
    )
    assert signal.deidentified_text == deidentify.deidentify_text(joined)


def test_a_copy_made_before_the_labels_were_kept_apart_reads_as_it_was_stored(reference_data):
    signal = _submit("older").signal
    Signal.objects.filter(pk=signal.pk).update(
        deidentified_text="Tekst\n\nMogelijke dader: lang", deidentified_parts=[]
    )
    signal.refresh_from_db()
    with translation.override("en"):
        assert signal.deidentified_description == "Tekst\n\nMogelijke dader: lang"


def test_signals_de_identified_before_the_short_copies_existed_are_de_identified_again(reference_data):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("samen.intake.migrations.0008_short_free_texts_deidentified")
    with_age = _submit("with-age").signal  # the victim is "about 30"
    without = _submit("bare", _input(persons=[])).signal
    Signal.objects.update(deidentified_text="Kopie.", deidentified_at="2026-01-01T00:00:00Z")

    migration.deidentify_again(apps, None)

    assert Signal.objects.get(pk=with_age.pk).deidentified_at is None
    assert Signal.objects.get(pk=with_age.pk).deidentified_text == "Kopie."  # shown until made again
    assert Signal.objects.get(pk=without.pk).deidentified_at is not None


def test_one_signal_that_cannot_be_deidentified_does_not_hold_up_the_others(
    reference_data, deduce_loaded, monkeypatch, caplog
):
    fine, broken = _submit("c").signal, _submit("d").signal  # taken newest first
    real, calls = deidentify.deidentify_pieces, []

    def crashes_once(text, pieces, known_names=(), tags=None):
        calls.append(text)
        if len(calls) == 1:
            raise RuntimeError(f"deduce crashed on {text!r}")  # as a library's message may quote its input
        return real(text, pieces, known_names=known_names, tags=tags)

    monkeypatch.setattr(deidentify, "deidentify_pieces", crashes_once)

    assert services.deidentify_pending() == 1
    # Logged by the signal's id and where it failed, never with the message that quoted the text.
    (record,) = [r for r in caplog.records if r.name == "samen.intake.services"]
    logged = record.getMessage() + (caplog.text or "")
    assert str(broken.pk) in logged and "RuntimeError" in logged
    assert "Ana Popescu" not in logged and broken.what[:20] not in logged and record.exc_info is None
    assert Signal.objects.get(pk=fine.pk).deidentified_at is not None
    assert Signal.objects.get(pk=broken.pk).deidentified_at is None
    assert services.deidentify_pending() == 1  # the next run takes it
    assert Signal.objects.get(pk=broken.pk).deidentified_at is not None


def test_a_new_signal_is_deidentified_before_an_older_backlog(reference_data, deduce_loaded):
    backlog = [_submit(f"old-{n}").signal for n in range(3)]
    new = _submit("new").signal
    assert services.deidentify_pending(limit=1) == 1
    assert Signal.objects.get(pk=new.pk).deidentified_at is not None
    assert not Signal.objects.filter(pk__in=[s.pk for s in backlog], deidentified_at__isnull=False).exists()


def test_a_signal_whose_audit_entry_cannot_be_written_is_not_stored(reference_data, monkeypatch):
    from django.db import DatabaseError

    from samen import audit
    from samen.audit import services as audit_services

    def broken(*args):
        raise DatabaseError("disk on fire")

    monkeypatch.setattr(audit_services, "_append", broken)
    with pytest.raises(audit.AuditUnavailable):
        _submit("e")
    assert not Signal.objects.exists()
    assert not SignalPerson.objects.exists()
    assert not IntakeOutbox.objects.exists()
    assert not AuditEntry.objects.filter(object_type="signal").exists()

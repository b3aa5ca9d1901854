"""A message to the reporter holds no name Samen knows in its context: not of the signal's people,
found in any case and without a cue word, and not of the sender or their colleagues. Whoever holds
the receipt code and secret reads it, perhaps a trafficker with the victim's phone (found by
exploratory testing: all of these reached the status page)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samen import audit
from samen.audit.models import AuditEntry
from samen.casework import pipeline
from samen.casework.tests.conftest import file_signal, user
from samen.intake.inputs import ContactInput, IdentityInput, PersonInput
from samen.intake.models import PersonRole, Signal
from samen.testing.auth import login
from samen.testing.factories import ContactPointFactory, UserFactory

pytestmark = pytest.mark.django_db

IN_THE_SIGNAL = "Dit bericht lijkt de naam van iemand uit dit signaal te bevatten."
AT_THE_ORGANISATION = "Dit bericht lijkt de naam van iemand van uw organisatie te bevatten."
WHAT_TO_DO = (
    "Noem mensen bij hun rol (uw familielid, de werkgever) en onderteken met de naam van uw organisatie, "
    "niet met uw eigen naam."
)


@pytest.fixture
def signal(world):
    """A cousin reported by a witness, who left their name for contact; the farmer is the employer,
    the man of the agency another person."""
    persons = [
        PersonInput(role=PersonRole.VICTIM, age="30", identity=IdentityInput(name="Jan de Vries")),
        PersonInput(role=PersonRole.PERPETRATOR, identity=IdentityInput(name="Kees de Boer")),
        PersonInput(role=PersonRole.OTHER, identity=IdentityInput(name="Marek Kowalski")),
    ]
    filed, _secret = file_signal(place="Rotterdam", persons=persons, contact=ContactInput(name="Ewa Nowak"))
    pipeline.drain_intake_outbox()
    return Signal.objects.get(pk=filed.pk)


@pytest.fixture
def hanna(world):
    """The coordinator of the care coordinator that owns the victim track, also its contact point."""
    coordinator = user("coordinator")
    coordinator.first_name, coordinator.last_name = "Hanna", "Bos"
    coordinator.save()
    ContactPointFactory(organisation=coordinator.organisation, name="Hanna Bos")
    return coordinator


def _send(client, signal: Signal, text: str):
    return client.post(reverse("casework:reporter_message", args=[signal.pk]), {"text": text})


def _refusal(response) -> str:
    assert response.status_code == 200, "sent, not refused"
    return " ".join(response.context["message_form"].errors["text"])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Wij hebben contact gehad met Jan de Vries, uw neef.", id="a full name without a cue word"),
        pytest.param("Rozmawialiśmy z Markiem Kowalskim z agencji.", id="a Polish name declined"),
        pytest.param("Wij hebben meneer De Boer gesproken.", id="a surname alone"),
        pytest.param("Beste Ewa, dank voor uw melding.", id="the reporter's own name"),
    ],
)
def test_a_name_of_someone_in_the_signal_is_refused_by_its_kind_never_by_the_name(client, signal, hanna, text):
    login(client, hanna)
    refusal = _refusal(_send(client, signal, text))
    assert IN_THE_SIGNAL in refusal and WHAT_TO_DO in refusal
    for name in ("Jan", "Vries", "Marek", "Kowalski", "Boer", "Ewa"):
        assert name not in refusal
    assert not signal.reporter_messages.exists()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Met vriendelijke groet, Hanna Bos, Zorgcoördinatie Rotterdam", id="the sender's signature"),
        pytest.param("Pozdrawiam, Hanna Bos, Zorgcoördinatie Rotterdam", id="signed in Polish"),
        pytest.param("Mijn collega Sanne Visser belt u morgen.", id="a colleague"),
        pytest.param("Bel gerust met Pieter Smit van ons meldpunt.", id="a contact point"),
    ],
)
def test_the_name_of_the_sender_or_of_someone_at_their_organisation_is_refused(client, signal, hanna, text):
    UserFactory(organisation=hanna.organisation, first_name="Sanne", last_name="Visser")
    ContactPointFactory(organisation=hanna.organisation, name="Pieter Smit")
    login(client, hanna)
    refusal = _refusal(_send(client, signal, text))
    assert AT_THE_ORGANISATION in refusal and WHAT_TO_DO in refusal
    assert "Hanna" not in refusal and "Visser" not in refusal and "Smit" not in refusal
    assert not signal.reporter_messages.exists()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Wij hebben uw melding gelezen en gaan ermee aan de slag.", id="ordinary"),
        pytest.param("Wij hebben met de boer gesproken over uw woonruimte.", id="de boer: a role, not Kees de Boer"),
        pytest.param("Wij spreken u bij de ingang van het bos, zoals afgesproken.", id="het bos, not Hanna Bos"),
    ],
)
def test_an_ordinary_message_and_a_surname_written_as_the_word_it_also_is_are_sent(client, signal, hanna, text):
    login(client, hanna)
    response = _send(client, signal, text)
    assert response.status_code == 302
    assert list(signal.reporter_messages.values_list("text", flat=True)) == [text]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Politie en zorg werken samen aan uw melding.", id="Pim Politie's surname, a word"),
        pytest.param("Bos en veld: daar zijn wij niet geweest.", id="Hanna Bos's surname alone"),
    ],
)
def test_a_word_that_is_only_part_of_a_colleagues_name_is_sent(client, signal, hanna, text):
    """A staff name counts whole: the demo's "Politie Rotterdam heeft…" from Pim Politie was refused."""
    UserFactory(organisation=hanna.organisation, first_name="Pim", last_name="Politie")
    login(client, hanna)
    assert _send(client, signal, text).status_code == 302


def test_the_identities_are_opened_only_for_a_sender_who_may_see_them(signal, hanna):
    """A refusal says whether a name typed is one of the signal's: the check must tell nothing to
    whoever may not read the identities, nor open them in their name."""
    from samen.casework import message_names, permissions

    outsider = UserFactory(roles=["case_worker"])  # another organisation
    assert not permissions.can_see_identities(outsider, signal)
    kinds = [group.kind for group in message_names.names_a_message_must_not_hold(signal=signal, sender=outsider)]
    assert kinds == [message_names.STAFF]
    assert not AuditEntry.objects.filter(origin="casework.reporter_message", actor_id=outsider.pk).exists()
    kinds = [group.kind for group in message_names.names_a_message_must_not_hold(signal=signal, sender=hanna)]
    assert kinds == [message_names.SIGNAL_PEOPLE, message_names.STAFF]


def test_a_name_told_only_in_the_free_text_is_refused_once_the_copy_is_made(client, hanna):
    """A public report has no name fields: "Piet Bakker", named only in what was noticed, went out
    in a message to the status page (found by exploratory testing)."""
    from samen.intake.deidentify import warm_up
    from samen.intake.services import signal_deidentify

    warm_up()
    filed, _secret = file_signal(place="Rotterdam", persons=[PersonInput(role=PersonRole.VICTIM, age="30")])
    told = "De baas, Piet Bakker, houdt de paspoorten van vier vrouwen vast."
    Signal.objects.filter(pk=filed.pk).update(what=told)
    pipeline.drain_intake_outbox()
    signal_deidentify(signal_id=filed.pk)
    signal = Signal.objects.get(pk=filed.pk)
    assert "Piet Bakker" not in signal.deidentified_text
    login(client, hanna)
    refusal = _refusal(_send(client, signal, "Wij hebben Piet Bakker gesproken."))
    assert IN_THE_SIGNAL in refusal and "Bakker" not in refusal
    assert _send(client, signal, "Wij hebben met de werkgever gesproken.").status_code == 302
    entry = AuditEntry.objects.filter(origin="casework.reporter_message", actor_id=hanna.pk).last()
    assert entry.fields == "free_text"


def test_a_bsn_is_refused_as_a_bsn_not_also_as_a_phone_number(client, signal, hanna):
    login(client, hanna)
    for text in ("Numer BSN 111222333", "BSN: 1112.22.333"):
        refusal = _refusal(_send(client, signal, text))
        assert "Dit bericht lijkt een BSN te bevatten." in refusal
        assert "telefoonnummer" not in refusal.split(".")[0]


def test_the_identities_opened_for_the_check_are_a_read_of_the_sender_in_the_audit_log(client, signal, hanna):
    login(client, hanna)
    entries = AuditEntry.objects.filter(
        origin="casework.reporter_message", action=audit.Action.READ, object_id=str(signal.pk)
    )
    _send(client, signal, "Wij hebben uw melding gelezen en gaan ermee aan de slag.")
    assert entries.count() == 1
    assert (entries.get().actor_id, entries.get().fields) == (hanna.pk, "identity,reporter_contact")

"""Factories for intake tests."""

from __future__ import annotations

import uuid

import factory

from samen.geo.models import Municipality
from samen.intake import receipts
from samen.intake.models import Channel, PersonRole, ReporterType, Signal, SignalPerson


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signal

    receipt_code = factory.LazyFunction(receipts.new_receipt_code)
    secret_hash = factory.LazyFunction(lambda: receipts.hash_secret("TEST-SECR-ET22"))
    channel = Channel.PUBLIC_WEB
    reporter_type = ReporterType.WITNESS
    what = "Er wonen twaalf mannen in één huis en ze worden elke ochtend met een busje opgehaald."
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(name="Zaanstad"))
    idempotency_key = factory.LazyFunction(lambda: f"test:{uuid.uuid4()}")
    fingerprint = "0" * 64

    class Params:
        professional = factory.Trait(channel=Channel.PROFESSIONAL_WEB, reporter_type=ReporterType.PROFESSIONAL)


class SignalPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignalPerson

    signal = factory.SubFactory(SignalFactory)
    role = PersonRole.VICTIM
    age = "about 25"


def public_form_data(**overrides: object) -> dict[str, object]:
    """A valid POST of the public form."""
    data: dict[str, object] = {
        "idempotency_key": str(uuid.uuid4()),
        "what": "Ik zie elke avond jonge vrouwen een woning in en uit gaan onder begeleiding.",
        "where": "Zaanstad",
        "place": "Stationsstraat",
        "when": "sinds de zomer",
        "reporter_type": "witness",
        "answers": ["fear", "movement"],
        "contact_choice": "anonymous",
        "victim-age": "ongeveer 20",
        "victim-gender": "female",
        "victim-nationality": "Roemeens",
        "perpetrator-description": "Een man in een zwarte auto.",
    }
    data.update(overrides)
    return data


def long_story(characters: int) -> str:
    """An account of exactly `characters` characters, with a line break (one character, as a
    textarea counts it) after every 99, and none at the end, which the form would strip."""
    line = "Elke avond brengt een busje jonge mannen naar de loods achter het tuincentrum, ver van de weg. "
    text = ((line * 2)[:99] + "\n") * (characters // 100 + 1)
    return text[: characters - 1] + "."

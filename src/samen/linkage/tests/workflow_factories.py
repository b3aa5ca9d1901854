"""Factories and helpers for the tests of the linkage workflow (database tests only).

Persons are filed as professionals do, through intake's `signal_submit`, routed by casework's
pipeline, then encoded and matched by `samen.linkage.services`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import factory

from samen.casework import pipeline
from samen.geo.models import Municipality
from samen.intake.models import Channel, PersonRole, ReporterType, Signal
from samen.intake.services import IdentityInput, PersonInput, SignalInput, fingerprint_of, signal_submit
from samen.linkage import services
from samen.linkage.keys import demo_linkage_key
from samen.partners.models import Organisation
from samen.privacy.models import AvgBasis, DataCategory, Purpose, SharingAgreement

KEY = demo_linkage_key("workflow-tests")


@dataclass(frozen=True)
class Person:
    name: str
    birth_date: dt.date | None = None
    phone: str = ""
    gender: str = "female"
    role: str = PersonRole.VICTIM


OLENA = Person("Olena Kovalenko", dt.date(1998, 3, 14), "06-12345678")
OLENA_SWAPPED = Person("Kovalenko, Olena", dt.date(1998, 3, 14))
OLENA_TYPO = Person("Olena Kovalneko", dt.date(1998, 3, 14))
DIMITRI = Person("Dimitri Petrov", dt.date(1979, 11, 2), "+31 6 8765 4321", "male", PersonRole.PERPETRATOR)
DIMITRI_PHONE_ONLY = Person("D.", None, "0031687654321", "male", PersonRole.PERPETRATOR)
MARIA = Person("Marta Zielinska", dt.date(1990, 7, 1))
SANNE = Person("Sanne Okonkwo", dt.date(1990, 7, 1))

# Everything that identifies the test persons: none of it may appear in a notice.
IDENTIFYING_STRINGS = [
    "Olena", "Kovalenko", "Kovalneko", "Dimitri", "Petrov", "Marta", "Zielinska", "Sanne", "Okonkwo",
    "1998-03-14", "14-03-1998", "14 maart 1998", "14 Mar 1998", "1979-11-02", "02-11-1979", "1990-07-01",
    "12345678", "612345678", "87654321", "687654321", "O.K.", "O. K.",
]  # fmt: skip


def file_signal(person: Person, *, place: str, organisation: Organisation | None = None) -> Signal:
    """A professional's signal about one person through intake, routed by casework's pipeline."""
    key = f"linkage-test:{uuid.uuid4()}"
    data = SignalInput(
        what="Werkt zeven dagen per week en slaapt op de werkplek.",
        municipality=Municipality.objects.get(name=place),
        reporter_type=ReporterType.PROFESSIONAL,
        persons=[
            PersonInput(
                role=person.role,
                age="30",
                gender=person.gender,
                identity=IdentityInput(name=person.name, birth_date=person.birth_date, phone=person.phone),
            )
        ],
        organisation=organisation,
    )
    channel = Channel.PROFESSIONAL_WEB if organisation else Channel.PUBLIC_WEB
    signal = signal_submit(data=data, channel=channel, actor=None, idempotency_key=key, fingerprint=fingerprint_of(key))
    pipeline.drain_intake_outbox()
    return Signal.objects.get(pk=signal.signal.pk)


def run_linkage() -> services.RunReport:
    return services.encode_pending(key=KEY)


class SharingAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharingAgreement
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Convenant {n}")
    reference = factory.Sequence(lambda n: f"CONV-TEST-{n}")
    purposes = factory.LazyFunction(lambda: [Purpose.CARE, Purpose.INVESTIGATION])
    categories = factory.LazyFunction(lambda: [DataCategory.STATUS, DataCategory.SUMMARY])
    avg_basis = AvgBasis.PUBLIC_TASK
    valid_from = dt.date(2024, 1, 1)
    valid_until = dt.date(2099, 12, 31)

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)


def seed_world() -> None:
    """Demo organisations, accounts and routing rules: Utrecht goes to the RE03 owners, Rotterdam to RE07."""
    from samen.demo.accounts_data import seed_accounts
    from samen.demo.partners_data import seed_partners
    from samen.routing import engine
    from samen.routing.demo_rules import seed_routing_rules

    seed_partners()
    seed_accounts()
    seed_routing_rules()
    engine.invalidate()

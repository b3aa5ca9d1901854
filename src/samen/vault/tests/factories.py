"""Factories for vault tests: identities written through the model, so they are sealed like in production."""

from __future__ import annotations

import datetime

import factory

from samen.intake.models import PersonIdentity
from samen.intake.tests.factories import SignalPersonFactory


class PersonIdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonIdentity

    person = factory.SubFactory(SignalPersonFactory)
    name = "Ana Popescu"
    birth_date = datetime.date(1998, 3, 14)
    phone = "+31612345678"
    address = "Stationsstraat 12, Zaandam"
    bsn = "111222333"

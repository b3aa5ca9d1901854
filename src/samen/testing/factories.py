"""factory_boy factories shared by the apps' tests."""

from __future__ import annotations

import factory

from samen.accounts.models import User
from samen.accounts.services import user_set_roles
from samen.geo.models import Municipality, Region
from samen.partners.models import ContactPoint, Organisation, OrganisationType


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testorganisatie {n}")
    slug = factory.Sequence(lambda n: f"testorganisatie-{n}")
    type = OrganisationType.NGO
    goal = "Uitbuiting voorkomen."

    @factory.post_generation
    def regions(self, create, codes, **kwargs):
        if create and codes:
            self.regions.set(Region.objects.filter(code__in=codes))

    @factory.post_generation
    def municipalities(self, create, codes, **kwargs):
        if create and codes:
            self.municipalities.set(Municipality.objects.filter(code__in=codes))

    @factory.post_generation
    def forms(self, create, codes, **kwargs):
        if create and codes:
            self.forms.set(codes)

    @factory.post_generation
    def target_groups(self, create, codes, **kwargs):
        if create and codes:
            self.target_groups.set(codes)

    @factory.post_generation
    def domains(self, create, codes, **kwargs):
        if create and codes:
            self.domains.set(codes)


class ContactPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPoint

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    function = "Zorgcoördinator"
    phone = "088-1234567"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def roles(self, create, roles, **kwargs):
        self.save()
        if create and roles:
            user_set_roles(user=self, roles=roles)

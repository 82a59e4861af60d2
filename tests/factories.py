import datetime

import factory
from factory.django import DjangoModelFactory

from core.models import Organisation, OrganisationKind, Role, User
from governance.models import Workstream


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["short_name"]

    short_name = factory.Sequence(lambda n: f"Gemeente{n}")
    name = factory.LazyAttribute(lambda o: f"Gemeente {o.short_name}")
    slug = factory.LazyAttribute(lambda o: o.short_name.lower().replace(" ", "-"))
    kind = OrganisationKind.GEMEENTE
    has_council = True
    is_budget_participant = True
    membership_start = datetime.date(2014, 1, 1)

    class Params:
        werkplein = factory.Trait(kind=OrganisationKind.UITVOERINGSORGANISATIE, has_council=False)
        ict = factory.Trait(
            kind=OrganisationKind.ICT_DIENSTVERLENER, has_council=False, is_budget_participant=False
        )
        former = factory.Trait(membership_end=datetime.date(2021, 12, 31))


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    roles = factory.LazyFunction(list)
    password = factory.django.Password("correct-horse-battery")

    class Params:
        stuurgroeplid = factory.Trait(roles=[Role.STUURGROEPLID])
        kwartiermaker = factory.Trait(roles=[Role.KWARTIERMAKER])
        werkstroomtrekker = factory.Trait(roles=[Role.WERKSTROOMTREKKER])
        respondent = factory.Trait(roles=[Role.RESPONDENT])
        griffier = factory.Trait(roles=[Role.GRIFFIER])
        beheerder = factory.Trait(roles=[Role.BEHEERDER])


class WorkstreamFactory(DjangoModelFactory):
    class Meta:
        model = Workstream

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Werkstroom {n}")
    slug = factory.Sequence(lambda n: f"werkstroom-{n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)

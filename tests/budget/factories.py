import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from budget.models import BudgetChange, BudgetLine, BudgetYear, ChangeKind, Entry, EntryKind
from tests.factories import UserFactory


class BudgetYearFactory(DjangoModelFactory):
    class Meta:
        model = BudgetYear
        django_get_or_create = ["year"]

    year = 2024


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    budget_year = factory.SubFactory(BudgetYearFactory)
    name = factory.Sequence(lambda n: f"Post {n}")
    amount = Decimal("1000.00")
    original_amount = factory.LazyAttribute(lambda line: line.amount)


class EntryFactory(DjangoModelFactory):
    class Meta:
        model = Entry

    line = factory.SubFactory(BudgetLineFactory)
    kind = EntryKind.EXPENDITURE
    booked_on = factory.LazyAttribute(lambda e: datetime.date(e.line.budget_year.year, 3, 15))
    amount = Decimal("100.00")
    description = factory.Sequence(lambda n: f"Factuur {n}")
    entered_by = factory.SubFactory(UserFactory, kwartiermaker=True)

    class Params:
        commitment = factory.Trait(kind=EntryKind.COMMITMENT)
        credit = factory.Trait(is_credit=True)


class BudgetChangeFactory(DjangoModelFactory):
    class Meta:
        model = BudgetChange

    budget_year = factory.SelfAttribute("to_line.budget_year")
    kind = ChangeKind.RAISE
    to_line = factory.SubFactory(BudgetLineFactory)
    amount = Decimal("500.00")
    reason = "Nodig"
    proposed_by = factory.SubFactory(UserFactory, kwartiermaker=True)

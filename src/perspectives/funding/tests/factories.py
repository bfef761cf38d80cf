from decimal import Decimal

import factory

from perspectives.funding.models import BudgetYear, Funder, Grant


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funder

    name = factory.Sequence(lambda n: f"Financier {n}")
    kind = "company"


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant

    funder = factory.SubFactory(FunderFactory)
    year = 2019
    amount = Decimal("10000.00")
    status = "granted"


class BudgetYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetYear

    year = factory.Sequence(lambda n: 2000 + n)
    total_amount = Decimal("1000000.00")

import datetime as dt

import factory
from django.utils import timezone

from perspectives.activities.models import Activity, Registration
from perspectives.people.tests.factories import PersonFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    code = factory.Sequence(lambda n: f"act-{n}")
    title = factory.Sequence(lambda n: f"Workshop {n}")
    type = "workshop"
    pillar = "talent"
    category = "professionals"
    starts_on = dt.date(2019, 5, 1)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    activity = factory.SubFactory(ActivityFactory)
    person = factory.SubFactory(PersonFactory)
    status = "attended"
    registered_at = factory.LazyFunction(timezone.now)

import datetime as dt

import factory

from perspectives.coaching.models import Trajectory
from perspectives.people.tests.factories import PersonFactory


class TrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trajectory

    person = factory.SubFactory(PersonFactory)
    kind = "career"
    status = "active"
    started_on = dt.date(2019, 3, 1)

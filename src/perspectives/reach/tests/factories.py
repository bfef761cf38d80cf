import datetime as dt

import factory
from django.utils import timezone

from perspectives.reach.models import DailyVisitors, ReachFigure


class ReachFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReachFigure

    period_start = dt.date(2019, 1, 1)
    period_end = dt.date(2019, 1, 31)
    channel = "vacancy_portal"
    value = 100
    method = "unique visitors per month"
    source = ""
    recorded_at = factory.LazyFunction(timezone.now)


class DailyVisitorsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyVisitors

    day = dt.date(2021, 3, 1)
    section = "academy"
    unique_visitors = 10

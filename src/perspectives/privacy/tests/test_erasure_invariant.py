"""Random sequences of registering, attending and erasing: erasure never changes a figure."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from perspectives.activities.models import Registration
from perspectives.activities.tests.factories import ActivityFactory
from perspectives.impact.selectors import build_participants_report, participants_figures
from perspectives.people.tests.factories import PersonFactory
from perspectives.privacy.services import erase_person

YEARS = [2019, 2020]
STARTS = [dt.date(2019, 4, 1), dt.date(2019, 10, 1), dt.date(2020, 5, 1)]


def figures() -> dict:
    return participants_figures(build_participants_report(years=YEARS))


@pytest.mark.django_db
def test_erasure_keeps_the_report_whatever_happened_before():
    class Erasure(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.people = [PersonFactory() for _ in range(3)]
            self.activities = [ActivityFactory(starts_on=day) for day in STARTS]
            self.expected = figures()

        @rule(person=st.integers(0, 2), activity=st.integers(0, 2), attended=st.booleans())
        def register(self, person, activity, attended):
            Registration.objects.update_or_create(
                person=self.people[person],
                activity=self.activities[activity],
                defaults={
                    "status": "attended" if attended else "registered",
                    "registered_at": timezone.now(),
                },
            )
            self.expected = figures()

        @rule(person=st.integers(0, 2))
        def erase(self, person):
            erase_person(person=self.people[person], actor=None, reason="staff")

        @invariant()
        def figures_hold(self):
            assert figures() == self.expected

    Erasure.TestCase.settings = settings(
        max_examples=15,
        stateful_step_count=8,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    Erasure.TestCase().runTest()

import datetime as dt

import pytest
from django.utils import timezone

from perspectives.accounts.models import Role
from perspectives.accounts.services import create_user
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.coaching.tests.factories import TrajectoryFactory
from perspectives.people.models import Affiliation
from perspectives.people.tests.factories import OrganisationFactory, PersonFactory
from perspectives.privacy.services import request_erasure
from perspectives.reach.tests.factories import NewsletterListFactory, subscribe_confirmed

CANARIES = ("Zqxwcanaryvoor", "Zqxwcanaryachter", "zqxw-canary-mail")


def make_person_with_everything(*, tag: str, canaries: bool = False):
    """A person with an organisation, registrations, coaching, a subscription and an account."""
    first, last, mail = CANARIES if canaries else (f"Voor{tag}", f"Achter{tag}", f"p-{tag}")
    email = f"{mail}@example.org"
    person = PersonFactory(
        first_name=first, last_name=last, email=email, birth_year=1990, participant_type="student"
    )
    Affiliation.objects.create(
        person=person, organisation=OrganisationFactory(), started_on=dt.date(2019, 1, 1)
    )
    for index, starts_on in enumerate([dt.date(2019, 5, 1), dt.date(2020, 3, 1)]):
        RegistrationFactory(
            person=person, activity=ActivityFactory(starts_on=starts_on, code=f"act-{tag}-{index}")
        )
    TrajectoryFactory(person=person, goal=f"Doel van {first} {last}", coach_name="Coach Co")
    newsletter = NewsletterListFactory()
    subscribe_confirmed(newsletter_list=newsletter, email=email)
    user = create_user(
        email=email, password=None, role=Role.PARTICIPANT, full_name=f"{first} {last}"
    )
    request_erasure(person=person, actor=user)
    return person


@pytest.fixture
def person_with_everything(db):
    return make_person_with_everything(tag="a", canaries=True)


@pytest.fixture
def other_person(db):
    return make_person_with_everything(tag="other")


@pytest.fixture
def now():
    return timezone.now()

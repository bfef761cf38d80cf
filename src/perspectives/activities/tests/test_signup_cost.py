"""What one sign-up through the API costs in queries: a guard against slow creep.

Under a rush each round trip to the database counts (docs/benchmarks.md, "Sign-ups under
load"). Both databases run the same steps (docs/decisions/0013): the activity; then in a
transaction (in a test a savepoint and its release) the person, the activity's lock, the seat
count, the registration in its final status and the audit entries in one insert.
"""

import datetime as dt
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from perspectives.activities.models import Registration
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.people.models import Person
from perspectives.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    # The limit's counter lives in the cache (a table on one machine, Redis in production).
    settings.RATELIMIT_ENABLED = False


@pytest.fixture
def api():
    # The audit log's content types are cached per process after their first use.
    ContentType.objects.get_for_models(Person, Registration)
    return Client(enforce_csrf_checks=True)


def sign_up(api, code: str, email: str):
    body = {
        "email": email,
        "first_name": "Deel",
        "last_name": "Nemer",
        "participant_type": "employee",
    }
    return api.post(
        f"/api/v1/activities/{code}/registrations",
        json.dumps(body),
        content_type="application/json",
    )


def upcoming(**fields):
    return ActivityFactory(starts_on=timezone.localdate() + dt.timedelta(days=14), **fields)


@pytest.mark.parametrize(("taken", "status"), [(0, "registered"), (1, "waitlisted")])
def test_a_new_person_signs_up_in_few_queries(api, django_assert_num_queries, taken, status):
    activity = upcoming(capacity=1)
    RegistrationFactory.create_batch(taken, activity=activity, status="registered")
    # the activity, savepoint, the person, the lock, the count, the registration, both audit
    # entries in one insert, release
    with django_assert_num_queries(8):
        response = sign_up(api, activity.code, "nieuw@example.org")
    assert response.status_code == 201
    assert response.json()["status"] == status
    assert "Set-Cookie" not in response.headers


def test_a_known_person_signs_up_in_few_queries(api, django_assert_num_queries):
    activity = upcoming(capacity=5)
    PersonFactory(email="bekend@example.org")
    # ... plus reading the person that the insert found
    with django_assert_num_queries(9):
        response = sign_up(api, activity.code, "bekend@example.org")
    assert response.status_code == 201


def test_signing_up_again_answers_in_few_queries(api, django_assert_num_queries):
    activity = upcoming(capacity=5)
    assert sign_up(api, activity.code, "weer@example.org").status_code == 201
    # the activity, savepoint, person (insert, read), the lock, the count, the registration
    # insert that finds one, reading it, release; the mail to the person goes after the commit
    with django_assert_num_queries(9):
        response = sign_up(api, activity.code, "weer@example.org")
    assert response.status_code == 200

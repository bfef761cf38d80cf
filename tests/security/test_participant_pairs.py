"""Bar 17 for the one tenant pair that exists: participant p never reaches participant q's data.

Participants' pages look the person up from the logged-in account; there is no id in their
URLs to swap, so the test also tries to smuggle q's id in through the query string and form.
"""

import json

import pytest
from django.urls import reverse

from perspectives.accounts.models import Role
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.people.tests.factories import PersonFactory
from perspectives.privacy.models import ErasureRequest

pytestmark = pytest.mark.django_db

CANARY = "Qzqxcanary"


@pytest.fixture
def pair(make_user):
    p = PersonFactory(first_name="Pim", last_name="Pels", email="p@example.org")
    q = PersonFactory(first_name=CANARY, last_name=CANARY, email="q-canary@example.org")
    RegistrationFactory(person=p, activity=ActivityFactory(title="Workshop van p"))
    RegistrationFactory(person=q, activity=ActivityFactory(title=f"Workshop {CANARY}"))
    make_user(email="q-canary@example.org", role=Role.PARTICIPANT)
    return make_user(email="p@example.org", role=Role.PARTICIPANT), p, q


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode()


@pytest.mark.parametrize("smuggled", [{}, {"person": "Q"}, {"person_id": "Q"}, {"pk": "Q"}])
def test_participant_p_sees_and_downloads_only_their_own_data(client, pair, smuggled):
    user, p, q = pair
    client.force_login(user)
    query = {key: str(q.pk) for key in smuggled}
    for name in ("privacy:my-data", "privacy:my-data-download"):
        response = client.get(reverse(name), query)
        assert response.status_code == 200
        assert CANARY not in _body(response) and "q-canary" not in _body(response)
    data = json.loads(_body(client.get(reverse("privacy:my-data-download"), query)))
    assert data["person_id"] == p.pk


def test_participant_p_cannot_ask_erasure_of_participant_q(client, pair):
    user, p, q = pair
    client.force_login(user)
    client.post(reverse("privacy:my-erasure-request"), {"person": q.pk, "person_id": q.pk})
    assert list(ErasureRequest.objects.values_list("person_id", flat=True)) == [p.pk]

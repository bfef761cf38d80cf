import datetime as dt

import pytest
from django.urls import reverse

from .factories import TrajectoryFactory

pytestmark = pytest.mark.django_db

URL = "/beheer/coaching/"


def test_the_list_url_is_named():
    assert reverse("coaching:trajectory-list") == URL


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_participants_are_refused(client):
    from perspectives.accounts.services import create_user

    client.force_login(create_user(email="p@example.org", password=None, role="participant"))
    assert client.get(URL).status_code == 403


def test_staff_see_trajectories_filtered(staff_client, django_assert_max_num_queries):
    TrajectoryFactory(person__last_name="Bakker", kind="career", started_on=dt.date(2019, 1, 5))
    TrajectoryFactory(person__last_name="Jansen", kind="business", started_on=dt.date(2019, 2, 5))
    with django_assert_max_num_queries(8):
        response = staff_client.get(URL, {"kind": "business", "year": "2019"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Jansen" in content
    assert "Bakker" not in content


def test_unknown_filter_values_are_ignored(staff_client):
    TrajectoryFactory(person__last_name="Bakker")
    response = staff_client.get(URL, {"kind": "nonsense", "year": "twee"})
    assert response.status_code == 200
    assert "Bakker" in response.content.decode()

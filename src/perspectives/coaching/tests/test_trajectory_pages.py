"""Trajectories opened, started and changed: by staff, by their coach, and nobody else."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from perspectives.accounts.memberships.models import MembershipKind
from perspectives.accounts.memberships.services import grant_membership
from perspectives.coaching.models import Trajectory
from perspectives.coaching.services import update_trajectory
from perspectives.core.models import AuditEntry
from perspectives.people.tests.factories import PersonFactory

from .factories import TrajectoryFactory

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "business",
    "started_on": "2020-02-03",
    "coach_name": "Coach C",
    "goal": "Eigen zaak",
}


@pytest.fixture
def person():
    return PersonFactory(first_name="Anna", last_name="Zwart")


@pytest.fixture
def coach_client(make_user, staff_user):
    coach = make_user(role="coach", email="coach@example.org")
    client = Client()
    client.force_login(coach)
    client.coach = coach
    return client


def coach_of(client, trajectory, staff_user):
    grant_membership(
        actor=staff_user,
        user=client.coach,
        kind=MembershipKind.COACH_TRAJECTORY,
        object_id=trajectory.pk,
    )


# The service ---------------------------------------------------------------------------------


def test_updating_a_trajectory_changes_its_fields_and_audits_the_changes(person, staff_user):
    trajectory = TrajectoryFactory(person=person, kind="career", started_on=dt.date(2020, 1, 1))
    update_trajectory(
        trajectory=trajectory,
        kind="business",
        started_on=dt.date(2020, 1, 1),
        coach_name="  Coach C ",
        goal="",
        actor=staff_user,
    )
    trajectory.refresh_from_db()
    assert (trajectory.kind, trajectory.coach_name) == ("business", "Coach C")
    entry = AuditEntry.objects.get(action="coaching.trajectory.changed")
    assert entry.data["changes"]["kind"] == ["career", "business"]
    assert "started_on" not in entry.data["changes"]


def test_a_start_after_the_end_is_refused_and_nothing_changes(person, staff_user):
    trajectory = TrajectoryFactory(
        person=person,
        status="completed",
        started_on=dt.date(2020, 1, 1),
        ended_on=dt.date(2020, 6, 1),
    )
    with pytest.raises(ValidationError):
        update_trajectory(
            trajectory=trajectory,
            kind="career",
            started_on=dt.date(2020, 6, 2),
            actor=staff_user,
        )
    assert trajectory.started_on == dt.date(2020, 1, 1)
    assert Trajectory.objects.get(pk=trajectory.pk).started_on == dt.date(2020, 1, 1)
    assert not AuditEntry.objects.filter(action="coaching.trajectory.changed").exists()


def test_the_end_day_itself_is_an_allowed_start(person, staff_user):
    trajectory = TrajectoryFactory(
        person=person,
        status="completed",
        started_on=dt.date(2020, 1, 1),
        ended_on=dt.date(2020, 6, 1),
    )
    update_trajectory(
        trajectory=trajectory, kind="career", started_on=dt.date(2020, 6, 1), actor=staff_user
    )
    assert Trajectory.objects.get(pk=trajectory.pk).started_on == dt.date(2020, 6, 1)


# The pages -----------------------------------------------------------------------------------


def test_staff_start_a_trajectory_from_the_person_page(staff_client, person):
    page = staff_client.get(reverse("people:person-detail", args=[person.pk])).content.decode()
    create_url = reverse("coaching:trajectory-create", args=[person.pk])
    assert create_url in page
    assert staff_client.get(create_url).status_code == 200
    response = staff_client.post(create_url, FORM)
    trajectory = Trajectory.objects.get()
    assert response["Location"] == reverse("coaching:trajectory-detail", args=[trajectory.pk])
    assert (trajectory.person, trajectory.kind, trajectory.goal) == (
        person,
        "business",
        "Eigen zaak",
    )
    assert AuditEntry.objects.filter(action="coaching.trajectory.started").count() == 1
    page = staff_client.get(reverse("people:person-detail", args=[person.pk])).content.decode()
    assert reverse("coaching:trajectory-detail", args=[trajectory.pk]) in page
    assert reverse("coaching:trajectory-update", args=[trajectory.pk]) in page


def test_an_invalid_form_starts_nothing(staff_client, person):
    response = staff_client.post(
        reverse("coaching:trajectory-create", args=[person.pk]), {**FORM, "kind": "astrology"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]
    assert not Trajectory.objects.exists()


def test_staff_open_and_change_a_trajectory(staff_client, person):
    trajectory = TrajectoryFactory(person=person)
    detail = staff_client.get(reverse("coaching:trajectory-detail", args=[trajectory.pk]))
    assert detail.status_code == 200
    assert "Anna Zwart" in detail.content.decode()
    url = reverse("coaching:trajectory-update", args=[trajectory.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, FORM)
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert (trajectory.kind, trajectory.coach_name) == ("business", "Coach C")


def test_a_coach_opens_and_changes_their_own_trajectory_only(coach_client, person, staff_user):
    own = TrajectoryFactory(person=person)
    other = TrajectoryFactory(person=person, kind="career")
    coach_of(coach_client, own, staff_user)
    assert coach_client.get(reverse("coaching:trajectory-detail", args=[own.pk])).status_code == 200
    response = coach_client.post(reverse("coaching:trajectory-update", args=[own.pk]), FORM)
    assert response.status_code == 302
    for name in ("coaching:trajectory-detail", "coaching:trajectory-update"):
        assert coach_client.get(reverse(name, args=[other.pk])).status_code == 404
        assert coach_client.get(reverse(name, args=[999999])).status_code == 404
    assert (
        coach_client.post(reverse("coaching:trajectory-update", args=[other.pk]), FORM).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.kind == "career"


def test_a_coach_cannot_start_a_trajectory(coach_client, person):
    url = reverse("coaching:trajectory-create", args=[person.pk])
    assert coach_client.get(url).status_code == 403
    assert coach_client.post(url, FORM).status_code == 403
    assert not Trajectory.objects.exists()


@pytest.mark.parametrize("role", ["employer", "funder", "participant"])
def test_other_roles_are_refused_every_trajectory_page(client, make_user, person, role):
    trajectory = TrajectoryFactory(person=person)
    client.force_login(make_user(role=role))
    for url in [
        reverse("coaching:trajectory-detail", args=[trajectory.pk]),
        reverse("coaching:trajectory-update", args=[trajectory.pk]),
        reverse("coaching:trajectory-create", args=[person.pk]),
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, FORM).status_code == 403, url
    assert Trajectory.objects.count() == 1


# The list ------------------------------------------------------------------------------------


def test_the_list_sorts_searches_and_exports_what_it_shows(staff_client, coach_client, staff_user):
    anna = TrajectoryFactory(
        person__first_name="Anna", person__last_name="Zwart", coach_name="Kees"
    )
    bert = TrajectoryFactory(
        person__first_name="Bert", person__last_name="Appel", started_on=dt.date(2021, 1, 1)
    )
    url = reverse("coaching:trajectory-list")
    people = lambda response: [t.person.first_name for t in response.context["trajectories"]]  # noqa: E731
    assert people(staff_client.get(url)) == ["Bert", "Anna"]
    assert people(staff_client.get(url, {"sort": "person"})) == ["Bert", "Anna"]
    assert people(staff_client.get(url, {"sort": "-person"})) == ["Anna", "Bert"]
    assert people(staff_client.get(url, {"sort": "goal"})) == ["Bert", "Anna"]
    assert people(staff_client.get(url, {"q": "kees"})) == ["Anna"]
    assert people(staff_client.get(url, {"q": "appel"})) == ["Bert"]
    assert staff_client.get(url, {"q": "a\x00"}).status_code == 400
    rows = list(
        csv.reader(
            io.StringIO(staff_client.get(url, {"q": "zwart", "export": "csv"}).content.decode())
        )
    )
    assert rows[0] == ["person", "kind", "status", "started_on", "ended_on", "coach_name"]
    assert rows[1:] == [["Anna Zwart", "Loopbaancoaching", "Lopend", "2019-03-01", "", "Kees"]]
    # A coach's export holds their own trajectories only.
    coach_of(coach_client, bert, staff_user)
    rows = list(csv.reader(io.StringIO(coach_client.get(url, {"export": "csv"}).content.decode())))
    assert [row[0] for row in rows[1:]] == ["Bert Appel"]
    del anna

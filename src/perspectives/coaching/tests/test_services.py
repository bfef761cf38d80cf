import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from perspectives.coaching import services
from perspectives.coaching.models import Trajectory
from perspectives.coaching.tests.factories import TrajectoryFactory
from perspectives.core.models import AuditEntry
from perspectives.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_starting_a_trajectory_stores_and_logs_it(staff_user):
    person = PersonFactory()
    trajectory = services.start_trajectory(
        person=person,
        kind="career",
        started_on=dt.date(2019, 2, 4),
        coach_name="  Marieke van der Berg ",
        goal="Overstap van montage naar data-journalistiek",
        actor=staff_user,
    )
    trajectory.refresh_from_db()
    assert trajectory.status == "active"
    assert trajectory.coach_name == "Marieke van der Berg"
    assert trajectory.ended_on is None
    entry = AuditEntry.objects.get(action="coaching.trajectory.started")
    assert entry.actor == staff_user
    assert entry.object_id == str(trajectory.pk)
    assert entry.data == {"kind": "career", "started_on": "2019-02-04"}


def test_starting_a_trajectory_of_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        services.start_trajectory(
            person=PersonFactory(), kind="therapy", started_on=dt.date(2019, 1, 1)
        )
    assert "kind" in excinfo.value.message_dict
    assert not Trajectory.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="coaching.").exists()


def test_completing_a_trajectory_sets_status_and_end_date(staff_user):
    trajectory = TrajectoryFactory(started_on=dt.date(2019, 3, 1))
    services.complete_trajectory(
        trajectory=trajectory, ended_on=dt.date(2019, 9, 30), actor=staff_user
    )
    trajectory.refresh_from_db()
    assert (trajectory.status, trajectory.ended_on) == ("completed", dt.date(2019, 9, 30))
    entry = AuditEntry.objects.get(action="coaching.trajectory.completed")
    assert entry.data["changes"] == {"status": ["active", "completed"]}
    assert entry.actor == staff_user


def test_cancelling_a_trajectory_logs_it():
    trajectory = TrajectoryFactory()
    services.cancel_trajectory(trajectory=trajectory, ended_on=dt.date(2019, 4, 1))
    trajectory.refresh_from_db()
    assert trajectory.status == "cancelled"
    assert AuditEntry.objects.filter(action="coaching.trajectory.cancelled").count() == 1


def test_ending_before_the_start_is_refused_and_changes_nothing():
    trajectory = TrajectoryFactory(started_on=dt.date(2019, 3, 1))
    with pytest.raises(ValidationError):
        services.complete_trajectory(trajectory=trajectory, ended_on=dt.date(2019, 2, 28))
    assert (trajectory.status, trajectory.ended_on) == ("active", None)
    trajectory.refresh_from_db()
    assert (trajectory.status, trajectory.ended_on) == ("active", None)
    assert not AuditEntry.objects.filter(action="coaching.trajectory.completed").exists()


def test_ending_on_the_start_day_is_allowed():
    trajectory = TrajectoryFactory(started_on=dt.date(2019, 3, 1))
    services.complete_trajectory(trajectory=trajectory, ended_on=dt.date(2019, 3, 1))
    trajectory.refresh_from_db()
    assert trajectory.status == "completed"


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_an_ended_trajectory_cannot_be_ended_again(status):
    trajectory = TrajectoryFactory(status=status, ended_on=dt.date(2019, 5, 1))
    with pytest.raises(services.TrajectoryError):
        services.cancel_trajectory(trajectory=trajectory, ended_on=dt.date(2019, 6, 1))
    with pytest.raises(services.TrajectoryError):
        services.complete_trajectory(trajectory=trajectory, ended_on=dt.date(2019, 6, 1))
    trajectory.refresh_from_db()
    assert (trajectory.status, trajectory.ended_on) == (status, dt.date(2019, 5, 1))


def test_the_database_refuses_an_end_before_the_start():
    trajectory = TrajectoryFactory(started_on=dt.date(2019, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Trajectory.objects.filter(pk=trajectory.pk).update(ended_on=dt.date(2019, 1, 1))


def test_a_person_with_a_trajectory_cannot_be_deleted():
    from django.db.models import ProtectedError

    trajectory = TrajectoryFactory()
    with pytest.raises(ProtectedError):
        trajectory.person.delete()

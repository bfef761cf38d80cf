"""The trajectories list shows each user only what may_see_trajectory allows, in one query."""

import pytest
from django.contrib.auth.models import AnonymousUser

from perspectives.accounts.memberships.services import grant_membership
from perspectives.accounts.models import MembershipKind, Role
from perspectives.accounts.services import create_user
from perspectives.coaching.selectors import list_trajectories

from .factories import TrajectoryFactory

pytestmark = pytest.mark.django_db


def _user(role: str, name: str):
    return create_user(email=f"{role}-{name}@example.org", password=None, role=role)


@pytest.fixture
def two_coaches():
    mine, theirs = TrajectoryFactory(), TrajectoryFactory(kind="business")
    coach, other = _user(Role.COACH, "1"), _user(Role.COACH, "2")
    for user, trajectory in ((coach, mine), (other, theirs)):
        grant_membership(
            actor=None, user=user, kind=MembershipKind.COACH_TRAJECTORY, object_id=trajectory.pk
        )
    return coach, mine, theirs


def test_a_coach_lists_only_the_trajectories_they_coach(two_coaches, django_assert_num_queries):
    coach, mine, _theirs = two_coaches
    with django_assert_num_queries(1):
        listed = list(list_trajectories(user=coach))
    assert listed == [mine]
    assert list(list_trajectories(user=coach, kind="business")) == []


def test_staff_list_every_trajectory_and_others_none(two_coaches):
    _coach, mine, theirs = two_coaches
    staff = _user(Role.STAFF, "s")
    assert set(list_trajectories(user=staff)) == {mine, theirs}
    assert set(list_trajectories(user=staff, kind="business")) == {theirs}
    for user in (AnonymousUser(), _user(Role.EMPLOYER, "e"), _user(Role.PARTICIPANT, "p")):
        assert list(list_trajectories(user=user)) == []

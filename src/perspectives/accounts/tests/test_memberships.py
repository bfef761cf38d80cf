"""Memberships: granted and revoked by services (audited), counted only for the role they are
for (their erasure and export: privacy/tests/test_memberships.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from perspectives.accounts.memberships.selectors import (
    is_member,
    list_member_object_ids,
    may_see_as_member,
)
from perspectives.accounts.memberships.services import grant_membership, revoke_membership
from perspectives.accounts.models import Membership, MembershipKind, Role
from perspectives.accounts.services import change_role, create_user
from perspectives.core.models import AuditEntry

pytestmark = pytest.mark.django_db
TRAJECTORY = MembershipKind.COACH_TRAJECTORY


def _user(role: str, name: str = "a"):
    return create_user(email=f"{role}-{name}@example.org", password=None, role=role)


class _Object:
    def __init__(self, pk: int) -> None:
        self.pk = pk


def test_a_coach_is_made_member_of_a_trajectory_once_and_it_is_audited():
    coach, staff = _user(Role.COACH), _user(Role.STAFF)
    first = grant_membership(actor=staff, user=coach, kind=TRAJECTORY, object_id=7)
    again = grant_membership(actor=staff, user=coach, kind=TRAJECTORY, object_id=7)
    assert first == again and Membership.objects.count() == 1
    entries = AuditEntry.objects.filter(action="accounts.membership.granted")
    assert entries.count() == 1
    assert entries.get().data == {"kind": "coaching.trajectory", "object_id": 7}
    assert is_member(user=coach, kind=TRAJECTORY, object_id=7)
    assert not is_member(user=coach, kind=TRAJECTORY, object_id=8)


def test_a_membership_for_another_role_is_refused():
    employer = _user(Role.EMPLOYER)
    with pytest.raises(ValidationError):
        grant_membership(actor=None, user=employer, kind=TRAJECTORY, object_id=1)
    with pytest.raises(ValidationError):
        grant_membership(actor=None, user=employer, kind="coaching.nothing", object_id=1)
    grant_membership(
        actor=None, user=employer, kind=MembershipKind.EMPLOYER_ORGANISATION, object_id=1
    )
    assert Membership.objects.count() == 1


def test_an_annotator_may_have_any_role():
    participant = _user(Role.PARTICIPANT)
    grant_membership(
        actor=None, user=participant, kind=MembershipKind.ANNOTATOR_PROJECT, object_id=3
    )
    assert is_member(user=participant, kind=MembershipKind.ANNOTATOR_PROJECT, object_id=3)


def test_the_database_refuses_an_unknown_kind_and_a_duplicate():
    coach = _user(Role.COACH)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=coach, kind="nothing.at_all", object_id=1)
    Membership.objects.create(user=coach, kind=TRAJECTORY, object_id=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=coach, kind=TRAJECTORY, object_id=1)


def test_revoking_ends_the_membership_and_is_audited():
    coach = _user(Role.COACH)
    grant_membership(actor=None, user=coach, kind=TRAJECTORY, object_id=5)
    assert revoke_membership(actor=None, user=coach, kind=TRAJECTORY, object_id=5) is True
    assert revoke_membership(actor=None, user=coach, kind=TRAJECTORY, object_id=5) is False
    assert not is_member(user=coach, kind=TRAJECTORY, object_id=5)
    assert AuditEntry.objects.filter(action="accounts.membership.revoked").count() == 1


def test_a_membership_stops_counting_when_the_role_changes_or_the_account_is_inactive():
    coach, admin = _user(Role.COACH), _user(Role.ADMINISTRATOR)
    grant_membership(actor=None, user=coach, kind=TRAJECTORY, object_id=9)
    assert list(list_member_object_ids(user=coach, kind=TRAJECTORY)) == [9]
    change_role(user=coach, role=Role.PARTICIPANT, actor=admin)
    assert list(list_member_object_ids(user=coach, kind=TRAJECTORY)) == []
    change_role(user=coach, role=Role.COACH, actor=admin)
    coach.is_active = False
    coach.save()
    assert list(list_member_object_ids(user=coach, kind=TRAJECTORY)) == []
    assert list(list_member_object_ids(user=AnonymousUser(), kind=TRAJECTORY)) == []


@pytest.mark.parametrize(
    ("role", "member", "sees"),
    [
        (Role.ADMINISTRATOR, False, True),
        (Role.STAFF, False, True),
        (Role.COACH, True, True),
        (Role.COACH, False, False),
        (Role.EMPLOYER, False, False),
        (Role.FUNDER, False, False),
        (Role.PARTICIPANT, False, False),
    ],
)
def test_staff_see_every_object_and_members_only_their_own(role, member, sees):
    user = _user(role)
    if member:
        grant_membership(actor=None, user=user, kind=TRAJECTORY, object_id=11)
    assert may_see_as_member(user, _Object(11), kind=TRAJECTORY) is sees
    staff = role in (Role.ADMINISTRATOR, Role.STAFF)
    assert may_see_as_member(user, _Object(12), kind=TRAJECTORY) is staff

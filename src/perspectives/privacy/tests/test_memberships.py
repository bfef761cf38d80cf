"""An erased account is member of nothing; an account's export holds its memberships."""

import pytest
from django.utils import timezone

from perspectives.accounts.memberships.services import erase_memberships, grant_membership
from perspectives.accounts.models import Membership, MembershipKind, Role
from perspectives.accounts.services import create_user
from perspectives.people.models import Person
from perspectives.people.tests.factories import PersonFactory
from perspectives.privacy.services import export_person_data

pytestmark = pytest.mark.django_db
TRAJECTORY = MembershipKind.COACH_TRAJECTORY


def _user(role: str, name: str):
    return create_user(email=f"{role}-{name}@example.org", password=None, role=role)


def test_an_erased_account_is_member_of_nothing_and_others_keep_theirs():
    erased = PersonFactory(email="coach-gone@example.org")
    kept = _user(Role.COACH, "kept")
    gone = create_user(email=erased.email, password=None, role=Role.COACH)
    for user in (gone, kept):
        grant_membership(actor=None, user=user, kind=TRAJECTORY, object_id=1)
    erase_memberships(people=Person.objects.filter(pk=erased.pk), now=timezone.now())
    assert list(Membership.objects.values_list("user", flat=True)) == [kept.pk]


def test_the_export_of_an_account_holds_its_memberships():
    person = PersonFactory(email="coach-export@example.org")
    coach = create_user(email=person.email, password=None, role=Role.COACH)
    grant_membership(actor=None, user=coach, kind=TRAJECTORY, object_id=42)
    data = export_person_data(person=person)
    assert [(m["kind"], m["object_id"]) for m in data["memberships"]] == [
        ("coaching.trajectory", 42)
    ]
    assert export_person_data(person=PersonFactory())["memberships"] == []

"""Reads of memberships, and the policy every context's `may_*` checks build on."""

from django.db.models import QuerySet

from ..models import User
from .models import ROLE_OF_KIND, Membership


def _counts_for(user, kind: str) -> bool:
    """Whether memberships of this kind count for the user at all (logged in, active, role)."""
    if not (getattr(user, "is_authenticated", False) and isinstance(user, User)):
        return False
    role = ROLE_OF_KIND[kind]
    return user.is_active and (role is None or user.role == role)


def list_member_object_ids(*, user, kind: str) -> QuerySet:
    """Ids of the objects of `kind` the user is a member of (a subquery for `pk__in`).

    Empty for the anonymous, inactive users and users whose role the kind does not admit.
    """
    if not _counts_for(user, kind):
        return Membership.objects.none().values_list("object_id", flat=True)
    return Membership.objects.filter(user=user, kind=kind).values_list("object_id", flat=True)


def is_member(*, user, kind: str, object_id: int) -> bool:
    """Whether the user's membership of this object counts (see list_member_object_ids)."""
    return list_member_object_ids(user=user, kind=kind).filter(object_id=object_id).exists()


def may_see_as_member(user, obj, *, kind: str) -> bool:
    """The object policy of memberships: foundation staff see every object, members their own.

    Use as `may_see` of core.access.access_object, e.g.
    `partial(may_see_as_member, kind=MembershipKind.COACH_TRAJECTORY)`.
    """
    if getattr(user, "is_authenticated", False) and getattr(user, "is_foundation_staff", False):
        return True
    return is_member(user=user, kind=kind, object_id=obj.pk)


def list_memberships(*, user) -> QuerySet[Membership]:
    """Every membership of one user, by kind."""
    return Membership.objects.filter(user=user).order_by("kind", "object_id")


def list_members(*, kind: str, object_ids) -> dict[int, list[User]]:
    """The users who are members of each of these objects of `kind`: {object id: [users]}."""
    members: dict[int, list[User]] = {}
    rows = (
        Membership.objects.filter(kind=kind, object_id__in=list(object_ids))
        .select_related("user")
        .order_by("user__email")
    )
    for membership in rows:
        members.setdefault(membership.object_id, []).append(membership.user)
    return members

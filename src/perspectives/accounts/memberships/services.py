"""Writes of memberships: granting and revoking them, and erasing them with their user."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from perspectives.core.privacy import email_addresses_of
from perspectives.core.services import log_action

from ..models import User
from .models import ROLE_OF_KIND, Membership


@transaction.atomic
def grant_membership(*, actor: User | None, user: User, kind: str, object_id: int) -> Membership:
    """Make the user a member of one object; granting it again changes nothing.

    Refused (ValidationError) when the kind does not admit the user's role: a membership that
    could never count would only mislead whoever reads it.
    """
    if kind not in ROLE_OF_KIND:
        raise ValidationError({"kind": f"unknown membership kind {kind!r}"})
    role = ROLE_OF_KIND[kind]
    if role is not None and user.role != role:
        raise ValidationError({"user": f"a {kind} membership is for users with role {role}"})
    membership, created = Membership.objects.get_or_create(
        user=user, kind=kind, object_id=object_id
    )
    if created:
        log_action(
            action="accounts.membership.granted",
            actor=actor,
            target=user,
            data={"kind": kind, "object_id": object_id},
        )
    return membership


@transaction.atomic
def revoke_membership(*, actor: User | None, user: User, kind: str, object_id: int) -> bool:
    """End the user's membership of one object; False when there was none."""
    deleted, _ = Membership.objects.filter(user=user, kind=kind, object_id=object_id).delete()
    if deleted:
        log_action(
            action="accounts.membership.revoked",
            actor=actor,
            target=user,
            data={"kind": kind, "object_id": object_id},
        )
    return bool(deleted)


def erase_memberships(*, people, now: dt.datetime) -> None:
    """Erasure: the accounts of these people are members of nothing any more.

    Runs before accounts' own eraser scrubs the addresses it finds the accounts by.
    """
    Membership.objects.filter(user__email__in=email_addresses_of(people)).delete()

"""Creating and changing activities."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from perspectives.accounts.models import User
from perspectives.core.services import (
    diff_fields,
    log_action,
    log_changes,
)

from ..models import Activity
from .seats import fill_free_seats

ACTIVITY_FIELDS = (
    "code",
    "title",
    "description",
    "type",
    "pillar",
    "category",
    "starts_on",
    "ends_on",
    "location",
    "is_closed",
    "is_online",
    "is_draft",
    "capacity",
    "registration_closes_at",
    "price_amount",
    "freelancer_price_amount",
    "organiser",
)
# What a copy takes over: everything but the code (unique) and the draft flag (a copy is one).
COPIED_FIELDS = tuple(name for name in ACTIVITY_FIELDS if name not in ("code", "is_draft")) + (
    "requires_email_confirmation",
)


@transaction.atomic
def create_activity(*, actor: User | None = None, **fields) -> Activity:
    """Create an activity; raises ValidationError on invalid or duplicate data."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"create_activity() got unknown fields {sorted(unknown)}")
    activity = Activity(**fields)
    activity.full_clean()
    activity.save()
    log_action(
        action="activities.activity.created",
        actor=actor,
        target=activity,
        data={"changes": diff_fields(None, activity, ACTIVITY_FIELDS)},
    )
    return activity


@transaction.atomic
def update_activity(*, activity: Activity, actor: User | None = None, **fields) -> Activity:
    """Change an activity; the audit log keeps each changed field's old and new value."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"update_activity() got unknown fields {sorted(unknown)}")
    before = Activity.objects.select_for_update().get(pk=activity.pk)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    log_changes(
        action="activities.activity.changed",
        actor=actor,
        target=activity,
        before=before,
        fields=ACTIVITY_FIELDS,
    )
    if activity.capacity != before.capacity:
        # A raised (or removed) capacity frees seats that the waiting list is owed.
        fill_free_seats(activity=activity, actor=actor)
    return activity


@transaction.atomic
def duplicate_activity(*, activity: Activity, code: str, actor: User | None = None) -> Activity:
    """A copy of an activity under a new code, as a draft, without its registrations.

    Raises ValidationError when the code is taken or invalid.
    """
    copy = Activity(code=code, is_draft=True)
    for name in COPIED_FIELDS:
        setattr(copy, name, getattr(activity, name))
    copy.full_clean()
    copy.save()
    log_action(
        action="activities.activity.duplicated",
        actor=actor,
        target=copy,
        data={"from": activity.pk, "changes": diff_fields(None, copy, ACTIVITY_FIELDS)},
    )
    return copy


@transaction.atomic
def publish_activity(*, activity: Activity, actor: User | None = None) -> Activity:
    """Put a draft on the public site; it takes registrations from then on.

    Publishing is one way: a published activity may hold registrations, which a draft never
    does (so a draft never counts in any figure). Raises ValidationError when it is not a draft.
    """
    current = Activity.objects.select_for_update().get(pk=activity.pk)
    if not current.is_draft:
        raise ValidationError(_("This activity is published already."))
    activity.is_draft = False
    activity.save(update_fields=["is_draft", "updated_at"])
    log_action(
        action="activities.activity.published",
        actor=actor,
        target=activity,
        data={"changes": {"is_draft": [True, False]}},
    )
    return activity

"""Creating and changing activities."""

from django.db import transaction

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
    "capacity",
    "registration_closes_at",
    "price_amount",
    "freelancer_price_amount",
    "organiser",
)


@transaction.atomic
def create_activity(*, created_by=None, **fields) -> Activity:
    """Create an activity; raises ValidationError on invalid or duplicate data."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"create_activity() got unknown fields {sorted(unknown)}")
    activity = Activity(**fields)
    activity.full_clean()
    activity.save()
    log_action(
        action="activities.activity.created",
        actor=created_by,
        target=activity,
        data={"changes": diff_fields(None, activity, ACTIVITY_FIELDS)},
    )
    return activity


@transaction.atomic
def update_activity(*, activity: Activity, changed_by=None, **fields) -> Activity:
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
        actor=changed_by,
        target=activity,
        before=before,
        fields=ACTIVITY_FIELDS,
    )
    if activity.capacity != before.capacity:
        # A raised (or removed) capacity frees seats that the waiting list is owed.
        fill_free_seats(activity=activity, actor=changed_by)
    return activity

"""Attendance: who came, who stayed away."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from perspectives.accounts.models import User
from perspectives.core.services import (
    log_action,
    log_actions,
)

from ..models import (
    ATTENDANCE_STATUSES,
    Activity,
    Registration,
    RegistrationStatus,
    is_allowed_transition,
)
from .seats import RegistrationError, lock_activity


@transaction.atomic
def mark_attendance(
    *, activity: Activity, registration_ids: Iterable[int], status: str, actor: User | None = None
) -> int:
    """Mark many registrations of one activity attended or no-show; returns how many changed.

    Registrations that may not move to `status` (models.ALLOWED_TRANSITIONS: cancelled and
    waitlisted ones had no seat to attend) are left alone.
    """
    if status not in ATTENDANCE_STATUSES:
        raise RegistrationError(f"attendance cannot be set to {status!r}")
    registrations = [
        registration
        for registration in Registration.objects.select_for_update().filter(
            activity=activity, pk__in=list(registration_ids)
        )
        if registration.status != status and is_allowed_transition(registration.status, status)
    ]
    if not registrations:
        return 0
    old_statuses = {r.pk: r.status for r in registrations}
    Registration.objects.filter(pk__in=old_statuses).update(
        status=status, updated_at=timezone.now()
    )
    log_actions(
        action="activities.registration.status_changed",
        actor=actor,
        targets=registrations,
        data={"status": status, "bulk": True},
    )
    return len(registrations)


@transaction.atomic
def mark_rest_no_show(
    *, activity: Activity, actor: User | None = None, today: dt.date | None = None
) -> int:
    """After the event has begun, mark everyone still `registered` as no-show; returns how many.

    Raises RegistrationError before the start date: nobody can have stayed away yet.
    """
    today = today or timezone.localdate()
    if today < activity.starts_on:
        raise RegistrationError("the activity has not started yet")
    lock_activity(activity_id=activity.pk)
    ids = Registration.objects.filter(
        activity=activity, status=RegistrationStatus.REGISTERED
    ).values_list("pk", flat=True)
    changed = mark_attendance(
        activity=activity,
        registration_ids=list(ids),
        status=RegistrationStatus.NO_SHOW,
        actor=actor,
    )
    log_action(
        action="activities.activity.rest_marked_no_show",
        actor=actor,
        target=activity,
        data={"count": changed},
    )
    return changed

"""Writes of activities and registrations. Only these functions change the tables of this app."""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from perspectives.core.services import diff_fields, log_action, log_actions
from perspectives.people.models import ParticipantType, Person

from .models import Activity, Registration, RegistrationSource, RegistrationStatus

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
    "price_amount",
    "freelancer_price_amount",
    "organiser",
)


class RegistrationError(Exception):
    """A registration cannot be made or changed as asked."""


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
    changes = diff_fields(before, activity, ACTIVITY_FIELDS)
    if changes:
        log_action(
            action="activities.activity.changed",
            actor=changed_by,
            target=activity,
            data={"changes": changes},
        )
    return activity


def price_for(*, activity: Activity, person: Person) -> Decimal:
    """What this person pays: freelancers pay the freelancer price where there is one."""
    if (
        person.participant_type == ParticipantType.FREELANCER
        and activity.freelancer_price_amount is not None
    ):
        return activity.freelancer_price_amount
    return activity.price_amount


@transaction.atomic
def register_participant(
    *,
    activity: Activity,
    person: Person,
    registered_by=None,
    source: str = RegistrationSource.STAFF,
    status: str = RegistrationStatus.REGISTERED,
) -> Registration:
    """Register a person for an activity once; a second call returns the existing registration."""
    existing = Registration.objects.filter(activity=activity, person=person).first()
    if existing is not None:
        return existing
    registration = Registration(
        activity=activity,
        person=person,
        status=status,
        price_amount=price_for(activity=activity, person=person),
        source=source,
        registered_at=timezone.now(),
    )
    registration.full_clean()
    registration.save()
    log_action(
        action="activities.registration.created",
        actor=registered_by,
        target=registration,
        data={"activity": activity.pk, "status": status, "source": source},
    )
    return registration


@transaction.atomic
def set_registration_status(
    *, registration: Registration, status: str, changed_by=None
) -> Registration:
    """Move one registration to another status."""
    if status not in RegistrationStatus.values:
        raise RegistrationError(f"unknown status {status!r}")
    old = registration.status
    if old == status:
        return registration
    registration.status = status
    registration.save(update_fields=["status", "updated_at"])
    log_action(
        action="activities.registration.status_changed",
        actor=changed_by,
        target=registration,
        data={"changes": {"status": [old, status]}},
    )
    return registration


ATTENDANCE_STATUSES = {
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
    RegistrationStatus.REGISTERED,
}


@transaction.atomic
def mark_attendance(
    *, activity: Activity, registration_ids: Iterable[int], status: str, changed_by=None
) -> int:
    """Mark many registrations of one activity attended or no-show; returns how many changed.

    Cancelled and waitlisted registrations are left alone: they had no seat to attend.
    """
    if status not in ATTENDANCE_STATUSES:
        raise RegistrationError(f"attendance cannot be set to {status!r}")
    registrations = list(
        Registration.objects.select_for_update()
        .filter(activity=activity, pk__in=list(registration_ids))
        .exclude(status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED])
        .exclude(status=status)
    )
    if not registrations:
        return 0
    old_statuses = {r.pk: r.status for r in registrations}
    Registration.objects.filter(pk__in=old_statuses).update(
        status=status, updated_at=timezone.now()
    )
    log_actions(
        action="activities.registration.status_changed",
        actor=changed_by,
        targets=registrations,
        data={"status": status, "bulk": True},
    )
    return len(registrations)

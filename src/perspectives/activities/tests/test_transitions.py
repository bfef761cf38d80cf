"""The status table: which moves are allowed, which need a free seat, and the cancel deadline."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from perspectives.activities import services
from perspectives.activities.models import (
    ALLOWED_TRANSITIONS,
    Activity,
    Registration,
    RegistrationStatus,
    is_allowed_transition,
    needs_free_seat,
)
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.core.models import AuditEntry

STATUSES = list(RegistrationStatus.values)
PAIRS = [(a, b) for a, b in itertools.product(STATUSES, STATUSES) if a != b]


def upcoming(**fields) -> Activity:
    return ActivityFactory(**{"starts_on": timezone.localdate() + dt.timedelta(days=10), **fields})


def test_every_status_has_a_row_in_the_table():
    assert set(ALLOWED_TRANSITIONS) == set(STATUSES)


def test_a_seat_is_needed_only_when_coming_from_outside_the_door_list():
    assert needs_free_seat("waitlisted", "registered")
    assert needs_free_seat("cancelled", "registered")
    assert not needs_free_seat("no_show", "attended")
    assert not needs_free_seat("attended", "registered")
    assert not needs_free_seat("registered", "cancelled")


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_the_service_makes_exactly_the_moves_the_table_allows(old, new):
    # Room enough for every move that needs a seat; nobody else waits.
    activity = upcoming(capacity=5)
    registration = RegistrationFactory(activity=activity, status=old)
    if is_allowed_transition(old, new):
        services.set_registration_status(registration=registration, status=new)
        assert Registration.objects.get(pk=registration.pk).status == new
        assert AuditEntry.objects.filter(action="activities.registration.status_changed").exists()
    else:
        with pytest.raises(services.RegistrationError):
            services.set_registration_status(registration=registration, status=new)
        assert Registration.objects.get(pk=registration.pk).status == old


@pytest.mark.django_db
def test_moving_up_from_the_waiting_list_takes_the_last_free_seat_and_no_seat_beyond():
    activity = upcoming(capacity=2)
    RegistrationFactory(activity=activity, status="registered")
    waiting = RegistrationFactory(activity=activity, status="waitlisted")
    # capacity - 1 taken: the one free seat is this registration's, nobody is ahead of it.
    services.set_registration_status(registration=waiting, status="registered")
    assert Registration.objects.get(pk=waiting.pk).status == "registered"
    # capacity taken: the next is refused and stays waiting.
    late = RegistrationFactory(activity=activity, status="waitlisted")
    with pytest.raises(services.NoFreeSeat):
        services.set_registration_status(registration=late, status="registered")
    assert Registration.objects.get(pk=late.pk).status == "waitlisted"


@pytest.mark.django_db
def test_moving_up_cannot_jump_the_queue():
    activity = upcoming(capacity=1)
    now = timezone.now()
    first = RegistrationFactory(activity=activity, status="waitlisted", registered_at=now)
    second = RegistrationFactory(
        activity=activity, status="waitlisted", registered_at=now + dt.timedelta(minutes=1)
    )
    with pytest.raises(services.NoFreeSeat):
        services.set_registration_status(registration=second, status="registered")
    services.set_registration_status(registration=first, status="registered")
    assert Registration.objects.get(pk=first.pk).status == "registered"


@pytest.mark.django_db
def test_a_participant_may_cancel_through_the_start_day_and_not_the_day_after():
    activity = upcoming(capacity=3, starts_on=dt.date(2030, 3, 10))
    on_the_day = RegistrationFactory(activity=activity, status="registered")
    day_after = RegistrationFactory(activity=activity, status="registered")
    # 23:30 in Amsterdam on the start day is still that day; 00:30 the next is not.
    services.cancel_registration(
        registration=on_the_day,
        by_participant=True,
        now=dt.datetime(2030, 3, 10, 22, 30, tzinfo=dt.UTC),
    )
    with pytest.raises(services.CancellationClosed):
        services.cancel_registration(
            registration=day_after,
            by_participant=True,
            now=dt.datetime(2030, 3, 10, 23, 30, tzinfo=dt.UTC),
        )
    assert Registration.objects.get(pk=on_the_day.pk).status == "cancelled"
    assert Registration.objects.get(pk=day_after.pk).status == "registered"


@pytest.mark.django_db
def test_staff_may_cancel_after_the_start_day():
    activity = upcoming(starts_on=dt.date(2030, 3, 10))
    registration = RegistrationFactory(activity=activity, status="registered")
    services.cancel_registration(
        registration=registration, now=dt.datetime(2030, 3, 12, 9, 0, tzinfo=dt.UTC)
    )
    assert Registration.objects.get(pk=registration.pk).status == "cancelled"

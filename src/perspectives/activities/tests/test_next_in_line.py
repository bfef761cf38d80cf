"""Who moves up into a freed seat: the selector the confirmation page shows, and the services
that move exactly those people."""

import datetime as dt

import pytest
from django.utils import timezone

from perspectives.activities import selectors, services
from perspectives.activities.models import Registration

from .factories import RegistrationFactory
from .public_support import upcoming

pytestmark = pytest.mark.django_db


def queue(activity, count: int) -> list[Registration]:
    """`count` people on the waiting list, in this order."""
    start = timezone.now()
    return [
        RegistrationFactory(
            activity=activity, status="waitlisted", registered_at=start + dt.timedelta(minutes=i)
        )
        for i in range(count)
    ]


def test_nobody_moves_up_while_every_seat_is_taken():
    activity = upcoming(capacity=1)
    RegistrationFactory(activity=activity, status="registered")
    queue(activity, 2)
    assert selectors.list_next_in_line(activity=activity) == []


def test_a_seat_given_up_goes_to_the_first_on_the_waiting_list_only():
    activity = upcoming(capacity=1)
    seated = RegistrationFactory(activity=activity, status="registered")
    first, _second = queue(activity, 2)
    assert selectors.list_next_in_line(activity=activity, leaving=seated) == [first]


def test_leaving_the_waiting_list_frees_no_seat_and_skips_the_one_leaving():
    activity = upcoming(capacity=2)
    RegistrationFactory(activity=activity, status="registered")
    first, second = queue(activity, 2)
    # One seat is free while two wait: it goes to the first, unless the first is the one leaving.
    assert selectors.list_next_in_line(activity=activity) == [first]
    assert selectors.list_next_in_line(activity=activity, leaving=first) == [second]
    full = upcoming(capacity=1)
    RegistrationFactory(activity=full, status="registered")
    [waiting, _behind] = queue(full, 2)
    assert selectors.list_next_in_line(activity=full, leaving=waiting) == []


def test_without_a_capacity_everyone_waiting_moves_up():
    activity = upcoming(capacity=None)
    waiting = queue(activity, 3)
    assert selectors.list_next_in_line(activity=activity) == waiting


def test_the_seat_count_keeps_the_waiting_list_apart():
    activity = upcoming(capacity=3)
    RegistrationFactory(activity=activity, status="registered")
    RegistrationFactory(activity=activity, status="attended")
    RegistrationFactory(activity=activity, status="no_show")
    RegistrationFactory(activity=activity, status="cancelled")
    queue(activity, 3)
    # A no-show keeps the seat it did not use.
    assert selectors.count_seats(activity=activity) == selectors.SeatCount(
        taken=3, waiting=3, capacity=3
    )


@pytest.mark.parametrize("free_before", [0, 1])
def test_a_cancellation_moves_up_exactly_whom_the_confirmation_named(free_before):
    activity = upcoming(capacity=2)
    for _ in range(2 - free_before):
        seated = RegistrationFactory(activity=activity, status="registered")
    queue(activity, 3)
    named = selectors.list_next_in_line(activity=activity, leaving=seated)
    assert len(named) == 1 + free_before
    promoted = services.cancel_registration(registration=seated)
    assert promoted == named
    assert {r.status for r in Registration.objects.filter(pk__in=[r.pk for r in named])} == {
        "registered"
    }


def test_a_status_change_returns_who_moved_up_into_the_seat_it_freed():
    activity = upcoming(capacity=1)
    seated = RegistrationFactory(activity=activity, status="registered")
    first, second = queue(activity, 2)
    # A no-show keeps its seat: nobody moves up, and a correction back seats nobody twice.
    assert services.set_registration_status(registration=seated, status="no_show") == []
    assert Registration.objects.get(pk=first.pk).status == "waitlisted"
    assert services.set_registration_status(registration=seated, status="registered") == []
    assert services.set_registration_status(registration=seated, status="cancelled") == [first]
    # A move that frees no seat moves nobody; staying put changes nothing.
    assert services.set_registration_status(registration=first, status="attended") == []
    assert services.set_registration_status(registration=first, status="attended") == []
    assert Registration.objects.get(pk=second.pk).status == "waitlisted"

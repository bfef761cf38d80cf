"""Proof that capacity is never exceeded: threads racing for the last seats, and random
register/cancel/attend/capacity sequences checked against a model of the queue."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from perspectives.activities import selectors, services
from perspectives.activities.models import Activity, Registration
from perspectives.activities.tests.concurrency import run_at_once
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.people.models import Person

THREADS = 16


def upcoming_activity(**fields) -> Activity:
    return ActivityFactory(starts_on=timezone.localdate() + dt.timedelta(days=30), **fields)


# Serialized rollback: a flush with post_migrate would recreate the content types under new
# ids, and the serialized-rollback tests after these (browser tests) could not restore theirs.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_threads_racing_for_the_last_seats_never_overbook(shared_database):
    activity = upcoming_activity(capacity=10)
    RegistrationFactory.create_batch(7, activity=activity, status="registered")

    def register(i: int):
        result = services.sign_up(
            activity=activity,
            email=f"racer{i}@example.org",
            first_name="Racer",
            last_name=str(i),
            participant_type="employee",
            source="api",
        )
        registration, created = result.registration, result.created
        return registration.status, created

    results, errors = run_at_once(shared_database, register, THREADS)
    assert errors == []
    assert sorted(results) == [("registered", True)] * 3 + [("waitlisted", True)] * 13
    assert selectors.count_confirmed_seats(activity=activity) == 10
    assert selectors.list_waiting_list(activity=activity).count() == 13


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_threads_cancelling_and_registering_at_once_keep_the_seats_filled(shared_database):
    activity = upcoming_activity(capacity=4)
    seats = RegistrationFactory.create_batch(4, activity=activity, status="registered")
    RegistrationFactory.create_batch(2, activity=activity, status="waitlisted")

    def cancel_or_register(i: int):
        if i < len(seats):
            return services.cancel_registration(registration=seats[i])
        return services.sign_up(
            activity=activity,
            email=f"late{i}@example.org",
            first_name="Late",
            last_name=str(i),
            participant_type="student",
            source="form",
        )

    _, errors = run_at_once(shared_database, cancel_or_register, 12)
    assert errors == []
    assert selectors.count_confirmed_seats(activity=activity) == 4
    assert selectors.list_waiting_list(activity=activity).count() == 2 + 8 - 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_new_address_at_once_makes_one_person_and_one_registration(shared_database):
    activities = [upcoming_activity(capacity=3) for _ in range(2)]

    def register(i: int):
        result = services.sign_up(
            activity=activities[i % 2],
            email="  Same@Example.org",
            first_name="Same",
            last_name="Person",
            participant_type="employee",
            source="api",
        )
        registration, created = result.registration, result.created
        return registration.pk, created

    results, errors = run_at_once(shared_database, register, 8)
    assert errors == []
    assert Person.objects.filter(email="same@example.org").count() == 1
    assert Registration.objects.count() == 2
    assert sum(created for _, created in results) == 2
    assert len({pk for pk, _ in results}) == 2


class SeatMachine(RuleBasedStateMachine):
    """One activity with a small capacity, and a model of who sits and who waits in what order."""

    @initialize(capacity=st.integers(min_value=0, max_value=2))
    def create_activity(self, capacity):
        self.activity = upcoming_activity(capacity=capacity)
        self.capacity = capacity
        self.registrations: dict[int, Registration] = {}
        self.status: dict[int, str] = {}
        self.queue: list[int] = []

    def confirmed(self) -> list[int]:
        return [i for i, s in self.status.items() if s in ("registered", "attended")]

    def promote(self):
        while self.queue and len(self.confirmed()) < self.capacity:
            self.status[self.queue.pop(0)] = "registered"

    @rule()
    def register_newcomer(self):
        # Newcomers grow the waiting list, so that its order is put to the test.
        self.register(who=len(self.registrations) + 100)

    @rule(who=st.integers(min_value=0, max_value=3))
    def register(self, who):
        result = services.sign_up(
            activity=self.activity,
            email=f"person{who}@example.org",
            first_name="P",
            last_name=str(who),
            participant_type="employee",
            source="form",
            # The state machine also takes up cancelled registrations again (the e-mail's link).
            reactivate=True,
        )
        registration, created = result.registration, result.created
        if self.status.get(who, "cancelled") != "cancelled":
            assert not created
            assert registration.pk == self.registrations[who].pk
        else:
            assert created
            self.registrations[who] = registration
            if len(self.confirmed()) < self.capacity:
                self.status[who] = "registered"
            else:
                self.status[who] = "waitlisted"
                self.queue.append(who)
        assert registration.status == self.status[who]

    @precondition(lambda self: self.registrations)
    @rule(data=st.data())
    def cancel(self, data):
        who = data.draw(st.sampled_from(sorted(self.registrations)))
        old = self.status[who]
        if old == "attended":
            with pytest.raises(services.RegistrationError):
                services.cancel_registration(registration=self.registrations[who])
            return
        promoted = services.cancel_registration(registration=self.registrations[who])
        if old == "waitlisted":
            self.queue.remove(who)
        self.status[who] = "cancelled"
        expected = self.queue[0] if old == "registered" and self.queue else None
        self.promote()
        assert (promoted[0].pk if promoted else None) == (
            self.registrations[expected].pk if expected is not None else None
        )

    @precondition(lambda self: self.registrations)
    @rule(data=st.data())
    def attend(self, data):
        who = data.draw(st.sampled_from(sorted(self.registrations)))
        services.mark_attendance(
            activity=self.activity,
            registration_ids=[self.registrations[who].pk],
            status="attended",
        )
        if self.status[who] == "registered":
            self.status[who] = "attended"

    @rule(more=st.integers(min_value=1, max_value=2))
    def raise_capacity(self, more):
        # Lowering a capacity below the seats taken is a staff decision that cancels nobody;
        # the machine only raises it, so that "confirmed <= capacity" holds at every step.
        self.capacity += more
        # Raising the capacity gives the new seats to the waiting list at once (the invariant
        # compares every status), so nothing is left for fill_free_seats.
        services.update_activity(activity=self.activity, capacity=self.capacity)
        self.promote()
        assert services.fill_free_seats(activity=self.activity) == []

    @invariant()
    def database_matches_the_model(self):
        if not hasattr(self, "activity"):
            return
        stored = dict(
            Registration.objects.filter(activity=self.activity).values_list("pk", "status")
        )
        assert stored == {self.registrations[w].pk: s for w, s in self.status.items()}
        waiting = [r.pk for r in selectors.list_waiting_list(activity=self.activity)]
        assert waiting == [self.registrations[w].pk for w in self.queue]

    @invariant()
    def never_overbooked_and_no_seat_idle_while_someone_waits(self):
        if not hasattr(self, "activity"):
            return
        activity = Activity.objects.get(pk=self.activity.pk)
        confirmed = selectors.count_confirmed_seats(activity=activity)
        left = selectors.seats_left(activity=activity)
        waiting = selectors.list_waiting_list(activity=activity).count()
        assert confirmed <= activity.capacity
        assert left == activity.capacity - confirmed
        assert left == 0 or waiting == 0


@pytest.mark.django_db
def test_random_register_cancel_sequences_keep_the_seats_and_the_queue():
    run_state_machine_as_test(
        SeatMachine, settings=settings(max_examples=50, stateful_step_count=25, deadline=None)
    )

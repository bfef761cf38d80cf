"""Sign-up with a capacity: seats, the waiting list, cancellation and promotion."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from perspectives.activities import notifications, selectors, services
from perspectives.activities.models import Activity, Registration
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.core.models import AuditEntry
from perspectives.people.models import Affiliation, Person
from perspectives.people.tests.factories import PersonFactory

NOW = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.UTC)


def upcoming(**fields) -> Activity:
    return ActivityFactory(starts_on=dt.date(2030, 3, 10), **fields)


def sign_up(activity: Activity, email: str, **fields) -> tuple[Registration, bool]:
    values = dict(
        first_name="Anna",
        last_name="de Vries",
        participant_type="employee",
        source="form",
        now=NOW,
    )
    values.update(fields)
    result = services.sign_up(activity=activity, email=email, **values)
    return result.registration, result.created


# Activity.is_registration_open


def test_registration_is_open_until_the_closing_moment():
    activity = Activity(starts_on=dt.date(2030, 3, 10), registration_closes_at=NOW)
    assert activity.is_registration_open(NOW - dt.timedelta(seconds=1))
    assert not activity.is_registration_open(NOW)


def test_without_closing_moment_registration_is_open_through_the_start_date():
    activity = Activity(starts_on=dt.date(2030, 3, 10))
    # 23:30 in Amsterdam on the start date is still that day; 00:30 the next is not.
    assert activity.is_registration_open(dt.datetime(2030, 3, 10, 22, 30, tzinfo=dt.UTC))
    assert not activity.is_registration_open(dt.datetime(2030, 3, 10, 23, 30, tzinfo=dt.UTC))


def test_closed_meetings_take_no_sign_ups():
    assert not Activity(starts_on=dt.date(2030, 3, 10), is_closed=True).is_registration_open(NOW)


# sign_up


@pytest.mark.django_db
def test_a_new_person_is_created_by_normalised_email_and_gets_a_seat():
    activity = upcoming(capacity=2)
    registration, created = sign_up(activity, "  Anna@Example.ORG ", source="api")
    assert created
    assert registration.status == "registered"
    assert registration.source == "api"
    assert registration.registered_at == NOW
    person = Person.objects.get()
    assert (person.email, person.first_name, person.last_name) == (
        "anna@example.org",
        "Anna",
        "de Vries",
    )
    entry = AuditEntry.objects.get(action="activities.registration.created")
    assert entry.object_id == str(registration.pk)
    assert entry.data == {"activity": activity.pk, "status": "registered", "source": "api"}


@pytest.mark.django_db
def test_a_new_person_and_their_registration_are_logged_in_that_order():
    activity = upcoming(capacity=2)
    registration, _ = sign_up(activity, "anna@example.org")
    entries = list(AuditEntry.objects.order_by("id"))
    assert [(e.action, e.object_id) for e in entries] == [
        ("people.person.created", str(registration.person_id)),
        ("activities.registration.created", str(registration.pk)),
    ]
    assert entries[0].content_type.model_class() is Person
    assert "anna" not in str([e.data for e in entries])


@pytest.mark.django_db
def test_an_existing_person_is_found_case_insensitively_and_not_renamed():
    person = PersonFactory(email="anna@example.org", first_name="Anna", last_name="Jansen")
    registration, created = sign_up(upcoming(), "ANNA@example.org ", last_name="Someone Else")
    assert created and registration.person == person
    person.refresh_from_db()
    assert person.last_name == "Jansen"
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_the_organisation_is_affiliated_once():
    activity, other = upcoming(), upcoming()
    sign_up(activity, "anna@example.org", organisation="  NOS ")
    sign_up(other, "anna@example.org", organisation="nos")
    affiliation = Affiliation.objects.select_related("organisation").get()
    assert affiliation.organisation.name == "NOS"


@pytest.mark.django_db
def test_freelancers_pay_the_freelancer_price():
    activity = upcoming(price_amount=Decimal("95"), freelancer_price_amount=Decimal("45"))
    freelancer, _ = sign_up(activity, "f@example.org", participant_type="freelancer")
    employee, _ = sign_up(activity, "e@example.org", participant_type="employee")
    assert (freelancer.price_amount, employee.price_amount) == (Decimal("45"), Decimal("95"))


@pytest.mark.django_db
def test_when_the_seats_are_taken_people_go_on_the_waiting_list():
    activity = upcoming(capacity=3)
    RegistrationFactory(activity=activity, status="attended")
    RegistrationFactory(activity=activity, status="no_show")
    RegistrationFactory(activity=activity, status="cancelled")
    first, _ = sign_up(activity, "a@example.org")
    second, _ = sign_up(activity, "b@example.org")
    assert (first.status, second.status) == ("registered", "waitlisted")
    assert selectors.seats_left(activity=activity) == 0


@pytest.mark.django_db
def test_without_capacity_everybody_gets_a_seat():
    activity = upcoming(capacity=None)
    statuses = {sign_up(activity, f"p{i}@example.org")[0].status for i in range(5)}
    assert statuses == {"registered"}
    assert selectors.seats_left(activity=activity) is None


@pytest.mark.django_db
def test_registering_twice_returns_the_existing_registration():
    activity = upcoming(capacity=1)
    sign_up(activity, "a@example.org")
    waiting, _ = sign_up(activity, "b@example.org")
    again, created = sign_up(activity, " B@example.org")
    assert not created
    assert again.pk == waiting.pk and again.status == "waitlisted"
    assert Registration.objects.filter(activity=activity).count() == 2
    assert AuditEntry.objects.filter(action="activities.registration.created").count() == 2


@pytest.mark.django_db
def test_a_cancelled_registration_is_taken_up_again_at_the_back_of_the_queue():
    activity = upcoming(capacity=1)
    sign_up(activity, "a@example.org")
    b, _ = sign_up(activity, "b@example.org", now=NOW)
    c, _ = sign_up(activity, "c@example.org", now=NOW + dt.timedelta(minutes=1))
    services.cancel_registration(registration=b)
    later = NOW + dt.timedelta(minutes=2)
    # Without the link from the e-mail the cancelled registration stays as it is.
    unchanged, created = sign_up(activity, "b@example.org", now=later)
    assert not created and unchanged.status == "cancelled"
    again, created = sign_up(activity, "b@example.org", now=later, reactivate=True)
    assert created
    assert again.pk == b.pk
    assert (again.status, again.registered_at) == ("waitlisted", later)
    assert [r.pk for r in selectors.list_waiting_list(activity=activity)] == [c.pk, b.pk]
    assert AuditEntry.objects.filter(
        action="activities.registration.reactivated", object_id=str(b.pk)
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields, now",
    [
        ({"registration_closes_at": NOW}, NOW),
        ({"is_closed": True}, NOW),
        ({}, dt.datetime(2030, 3, 11, 9, 0, tzinfo=dt.UTC)),
        # 00:30 in Amsterdam the day after the start, still the start date in UTC.
        ({}, dt.datetime(2030, 3, 10, 23, 30, tzinfo=dt.UTC)),
    ],
    ids=["closing-moment-passed", "closed-meeting", "after-start-date", "after-local-midnight"],
)
def test_signing_up_when_registration_is_closed_is_refused_and_stores_nothing(fields, now):
    activity = upcoming(**fields)
    with pytest.raises(services.RegistrationClosed):
        sign_up(activity, "a@example.org", now=now)
    assert not Person.objects.exists()
    assert not Registration.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields, now",
    [
        ({"registration_closes_at": NOW}, NOW - dt.timedelta(seconds=1)),
        # 23:30 in Amsterdam on the start date.
        ({}, dt.datetime(2030, 3, 10, 22, 30, tzinfo=dt.UTC)),
    ],
    ids=["just-before-the-closing-moment", "late-on-the-start-date"],
)
def test_signing_up_at_the_last_moment_is_taken(fields, now):
    registration, created = sign_up(upcoming(**fields), "a@example.org", now=now)
    assert created and registration.status == "registered"


ADDRESSES = (f"rule{n}@example.org" for n in itertools.count())


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(
    starts_on=st.dates(dt.date(2030, 2, 27), dt.date(2030, 3, 3)),
    closes_at=st.none()
    | st.datetimes(dt.datetime(2030, 2, 28), dt.datetime(2030, 3, 2), timezones=st.just(dt.UTC)),
    is_closed=st.booleans(),
    now=st.datetimes(dt.datetime(2030, 2, 28), dt.datetime(2030, 3, 2), timezones=st.just(dt.UTC)),
)
def test_sign_up_takes_exactly_what_is_registration_open_allows(
    starts_on, closes_at, is_closed, now
):
    """On PostgreSQL the database function judges this itself (decision 0012): it must agree
    with the model's rule at every moment, the boundaries and midnight in Amsterdam included."""
    activity = ActivityFactory(
        starts_on=starts_on, registration_closes_at=closes_at, is_closed=is_closed
    )
    if activity.is_registration_open(now):
        _, created = sign_up(activity, next(ADDRESSES), now=now)
        assert created
    else:
        with pytest.raises(services.RegistrationClosed):
            sign_up(activity, next(ADDRESSES), now=now)


@pytest.mark.django_db
def test_a_person_made_while_others_wait_for_a_free_seat_is_logged_once():
    activity = upcoming(capacity=None)
    waiting = RegistrationFactory(activity=activity, status="waitlisted", registered_at=NOW)
    newcomer, created = sign_up(activity, "new@example.org", now=NOW + dt.timedelta(minutes=1))
    assert created and newcomer.status == "registered"
    assert Registration.objects.get(pk=waiting.pk).status == "registered"
    person = Person.objects.get(email="new@example.org")
    assert (
        AuditEntry.objects.filter(action="people.person.created", object_id=str(person.pk)).count()
        == 1
    )


@pytest.mark.django_db
def test_an_invalid_address_is_refused_and_stores_nothing():
    with pytest.raises(ValidationError) as refused:
        sign_up(upcoming(), "not-an-address")
    assert "email" in refused.value.message_dict
    assert not Person.objects.exists()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_registration_queues_its_notification_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        registration, _ = sign_up(upcoming(), "a@example.org")
    assert [(c.func, c.keywords) for c in callbacks] == [
        (notifications.notify_registered, {"registration_id": registration.pk})
    ]


# cancel_registration


@pytest.mark.django_db
def test_cancelling_a_seat_promotes_the_first_on_the_waiting_list(
    staff_user, django_capture_on_commit_callbacks
):
    activity = upcoming(capacity=1)
    seat = RegistrationFactory(activity=activity, status="registered")
    # Equal times: the lower id came first.
    first = RegistrationFactory(activity=activity, status="waitlisted", registered_at=NOW)
    second = RegistrationFactory(activity=activity, status="waitlisted", registered_at=NOW)
    with django_capture_on_commit_callbacks() as callbacks:
        promoted = services.cancel_registration(registration=seat, actor=staff_user)
    assert [(r.pk, r.status) for r in promoted] == [(first.pk, "registered")]
    assert seat.status == "cancelled"
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {seat.pk: "cancelled", first.pk: "registered", second.pk: "waitlisted"}
    cancelled = AuditEntry.objects.get(action="activities.registration.cancelled")
    assert (cancelled.object_id, cancelled.actor) == (str(seat.pk), staff_user)
    assert cancelled.data == {
        "activity": activity.pk,
        "changes": {"status": ["registered", "cancelled"]},
    }
    assert AuditEntry.objects.get(action="activities.registration.promoted").object_id == str(
        first.pk
    )
    assert [(c.func, c.keywords["registration_id"]) for c in callbacks] == [
        (notifications.notify_cancelled, seat.pk),
        (notifications.notify_promoted, first.pk),
    ]


@pytest.mark.django_db
def test_cancelling_from_the_waiting_list_promotes_nobody():
    activity = upcoming(capacity=1)
    RegistrationFactory(activity=activity, status="registered")
    first = RegistrationFactory(activity=activity, status="waitlisted")
    second = RegistrationFactory(activity=activity, status="waitlisted")
    assert services.cancel_registration(registration=first) == []
    assert list(selectors.list_waiting_list(activity=activity)) == [second]


@pytest.mark.django_db
def test_cancelling_twice_changes_nothing():
    registration = RegistrationFactory(activity=upcoming(capacity=1), status="registered")
    services.cancel_registration(registration=registration)
    assert services.cancel_registration(registration=registration) == []
    assert AuditEntry.objects.filter(action="activities.registration.cancelled").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["attended", "no_show"])
def test_recorded_attendance_cannot_be_cancelled(status):
    registration = RegistrationFactory(activity=upcoming(capacity=1), status=status)
    with pytest.raises(services.RegistrationError):
        services.cancel_registration(registration=registration)
    registration.refresh_from_db()
    assert registration.status == status


@pytest.mark.django_db
def test_after_a_capacity_rise_the_waiting_list_goes_before_newcomers():
    activity = upcoming(capacity=1)
    RegistrationFactory(activity=activity, status="registered")
    waiting = [
        RegistrationFactory(
            activity=activity, status="waitlisted", registered_at=NOW + dt.timedelta(minutes=i)
        )
        for i in range(3)
    ]
    services.update_activity(activity=activity, capacity=2)
    newcomer, _ = sign_up(activity, "new@example.org", now=NOW + dt.timedelta(minutes=10))
    assert newcomer.status == "waitlisted"
    assert Registration.objects.get(pk=waiting[0].pk).status == "registered"
    services.update_activity(activity=activity, capacity=4)
    assert [Registration.objects.get(pk=r.pk).status for r in waiting] == ["registered"] * 3
    assert services.fill_free_seats(activity=activity) == []
    assert [r.pk for r in selectors.list_waiting_list(activity=activity)] == [newcomer.pk]


@pytest.mark.django_db
def test_fill_free_seats_promotes_in_order_into_the_free_seats_only():
    activity = upcoming(capacity=1)
    waiting = [
        RegistrationFactory(
            activity=activity, status="waitlisted", registered_at=NOW + dt.timedelta(minutes=i)
        )
        for i in range(3)
    ]
    RegistrationFactory(activity=activity, status="registered")
    # A capacity written without the service (as an import does) leaves the seats free.
    Activity.objects.filter(pk=activity.pk).update(capacity=3)
    promoted = services.fill_free_seats(activity=activity)
    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    assert [r.pk for r in selectors.list_waiting_list(activity=activity)] == [waiting[2].pk]


@pytest.mark.django_db
def test_without_a_capacity_the_waiting_list_gets_seats_before_the_newcomer():
    activity = upcoming(capacity=1)
    RegistrationFactory(activity=activity, status="registered")
    waiting = [
        RegistrationFactory(
            activity=activity, status="waitlisted", registered_at=NOW + dt.timedelta(minutes=i)
        )
        for i in range(2)
    ]
    # A capacity removed without the service (as an import does) leaves them waiting.
    Activity.objects.filter(pk=activity.pk).update(capacity=None)
    newcomer, created = sign_up(activity, "new@example.org", now=NOW + dt.timedelta(minutes=10))
    assert created and newcomer.status == "registered"
    assert {r.status for r in Registration.objects.filter(pk__in=[w.pk for w in waiting])} == {
        "registered"
    }
    promoted = AuditEntry.objects.filter(action="activities.registration.promoted")
    assert sorted(e.object_id for e in promoted) == sorted(str(w.pk) for w in waiting)
    # The newcomer's own entry is written once, with the seat it got after them.
    created = AuditEntry.objects.get(
        action="activities.registration.created", object_id=str(newcomer.pk)
    )
    assert created.data["status"] == "registered"


@pytest.mark.django_db
def test_a_full_activity_puts_the_newcomer_behind_those_already_waiting():
    activity = upcoming(capacity=1)
    RegistrationFactory(activity=activity, status="registered")
    first = RegistrationFactory(activity=activity, status="waitlisted", registered_at=NOW)
    newcomer, _ = sign_up(activity, "new@example.org", now=NOW + dt.timedelta(minutes=1))
    assert newcomer.status == "waitlisted"
    assert [r.pk for r in selectors.list_waiting_list(activity=activity)] == [first.pk, newcomer.pk]
    stored = Registration.objects.get(pk=newcomer.pk)
    assert (stored.status, stored.registered_at, stored.price_amount, stored.source) == (
        "waitlisted",
        newcomer.registered_at,
        newcomer.price_amount,
        "form",
    )


@pytest.mark.django_db
def test_a_sign_up_reads_a_public_activity_by_code_or_id_and_never_a_closed_one():
    public = upcoming(code="masterclass")
    closed = upcoming(code="besloten", is_closed=True)
    assert selectors.get_public_activity_to_sign_up(code="masterclass") == public
    assert selectors.get_public_activity_to_sign_up(activity_id=public.pk) == public
    for lookup in ({"code": "besloten"}, {"activity_id": closed.pk}, {"code": "bestaat-niet"}):
        with pytest.raises(Activity.DoesNotExist):
            selectors.get_public_activity_to_sign_up(**lookup)


# selectors


@pytest.mark.django_db
def test_confirmed_seats_are_registered_attended_and_no_show():
    activity = upcoming(capacity=4)
    for status in ["registered", "attended", "waitlisted", "cancelled", "no_show"]:
        RegistrationFactory(activity=activity, status=status)
    RegistrationFactory(status="registered")
    assert selectors.count_confirmed_seats(activity=activity) == 3
    assert selectors.seats_left(activity=activity) == 1


@pytest.mark.django_db
def test_seats_left_is_never_negative_when_the_capacity_was_lowered():
    activity = upcoming(capacity=1)
    RegistrationFactory.create_batch(3, activity=activity, status="registered")
    assert selectors.seats_left(activity=activity) == 0


@pytest.mark.django_db
def test_the_waiting_list_is_in_order_in_one_query(django_assert_num_queries):
    activity = upcoming(capacity=0)
    late = RegistrationFactory(activity=activity, status="waitlisted", registered_at=NOW)
    early = RegistrationFactory(
        activity=activity, status="waitlisted", registered_at=NOW - dt.timedelta(days=1)
    )
    RegistrationFactory(
        activity=activity, status="cancelled", registered_at=NOW - dt.timedelta(days=2)
    )
    with django_assert_num_queries(1):
        names = [(r.pk, r.person.email) for r in selectors.list_waiting_list(activity=activity)]
    assert [pk for pk, _ in names] == [early.pk, late.pk]
    assert timezone.is_aware(early.registered_at)


@pytest.mark.django_db
@pytest.mark.parametrize("bulk", [False, True])
def test_a_no_show_keeps_its_seat_so_a_correction_never_seats_more_than_the_capacity(bulk):
    activity = upcoming(capacity=1)
    seated, _ = sign_up(activity, "a@example.org")
    waiting, _ = sign_up(activity, "b@example.org")
    if bulk:
        services.mark_attendance(activity=activity, registration_ids=[seated.pk], status="no_show")
    else:
        services.set_registration_status(registration=seated, status="no_show")
    assert Registration.objects.get(pk=waiting.pk).status == "waitlisted"
    services.set_registration_status(registration=seated, status="attended")
    assert selectors.count_seats(activity=activity).taken == 1
    assert selectors.seats_left(activity=activity) == 0

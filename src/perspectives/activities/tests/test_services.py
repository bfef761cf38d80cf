import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from perspectives.activities import services
from perspectives.activities.models import Activity, Registration
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.core.models import AuditEntry
from perspectives.people.tests.factories import PersonFactory


def activity_fields(**overrides):
    fields = dict(
        code="cmc-2020-01",
        title="Cross Media Café",
        type="knowledge_event",
        pillar="both",
        category="knowledge_events",
        starts_on=dt.date(2020, 1, 15),
    )
    fields.update(overrides)
    return fields


@pytest.mark.django_db
def test_create_activity_logs_its_fields(staff_user):
    activity = services.create_activity(actor=staff_user, **activity_fields())
    entry = AuditEntry.objects.get(action="activities.activity.created")
    assert entry.actor == staff_user
    assert entry.data["changes"]["code"] == [None, "cmc-2020-01"]
    assert activity.pk


@pytest.mark.django_db
def test_create_activity_rejects_end_before_start():
    with pytest.raises(ValidationError):
        services.create_activity(**activity_fields(ends_on=dt.date(2020, 1, 1)))
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_create_activity_rejects_duplicate_code():
    services.create_activity(**activity_fields())
    with pytest.raises(ValidationError):
        services.create_activity(**activity_fields(title="Other"))


@pytest.mark.django_db
def test_update_activity_records_before_and_after(staff_user):
    activity = services.create_activity(**activity_fields())
    services.update_activity(activity=activity, actor=staff_user, title="CMC", is_closed=True)
    entry = AuditEntry.objects.get(action="activities.activity.changed")
    assert entry.data["changes"] == {
        "title": ["Cross Media Café", "CMC"],
        "is_closed": [False, True],
    }


@pytest.mark.django_db
def test_update_without_change_logs_nothing():
    activity = services.create_activity(**activity_fields())
    services.update_activity(activity=activity, title=activity.title)
    assert not AuditEntry.objects.filter(action="activities.activity.changed").exists()


def register(activity, person, actor=None):
    return services.register_participant(activity=activity, person=person, actor=actor).registration


@pytest.mark.django_db
def test_freelancers_pay_the_freelancer_price():
    activity = ActivityFactory(price_amount=Decimal("95"), freelancer_price_amount=Decimal("45"))
    freelancer = PersonFactory(participant_type="freelancer")
    employee = PersonFactory(participant_type="employee")
    assert register(activity, freelancer).price_amount == Decimal("45")
    assert register(activity, employee).price_amount == Decimal("95")


@pytest.mark.django_db
def test_registering_twice_returns_the_existing_registration():
    activity = ActivityFactory()
    person = PersonFactory()
    first = register(activity, person)
    second = services.register_participant(activity=activity, person=person, actor=None)
    assert first.pk == second.registration.pk and not second.created
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_mark_attendance_skips_cancelled_and_waitlisted(staff_user):
    activity = ActivityFactory()
    present = RegistrationFactory(activity=activity, status="registered")
    cancelled = RegistrationFactory(activity=activity, status="cancelled")
    waiting = RegistrationFactory(activity=activity, status="waitlisted")
    other_activity = RegistrationFactory(status="registered")
    changed = services.mark_attendance(
        activity=activity,
        registration_ids=[present.pk, cancelled.pk, waiting.pk, other_activity.pk],
        status="attended",
        actor=staff_user,
    )
    assert changed == 1
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {
        present.pk: "attended",
        cancelled.pk: "cancelled",
        waiting.pk: "waitlisted",
        other_activity.pk: "registered",
    }
    assert AuditEntry.objects.filter(action="activities.registration.status_changed").count() == 1


@pytest.mark.django_db
def test_mark_attendance_refuses_other_statuses():
    activity = ActivityFactory()
    with pytest.raises(services.RegistrationError):
        services.mark_attendance(activity=activity, registration_ids=[], status="cancelled")


@pytest.mark.django_db
def test_set_registration_status_logs_old_and_new():
    registration = RegistrationFactory(status="registered")
    services.set_registration_status(registration=registration, status="cancelled")
    entry = AuditEntry.objects.get(action="activities.registration.status_changed")
    assert entry.data == {"changes": {"status": ["registered", "cancelled"]}}


@pytest.mark.django_db
def test_staff_adding_a_person_to_a_full_activity_puts_them_on_the_waiting_list(staff_user):
    activity = ActivityFactory(capacity=1)
    first = register(activity, PersonFactory())
    second = register(activity, PersonFactory(), actor=staff_user)
    assert (first.status, second.status) == ("registered", "waitlisted")


@pytest.mark.django_db
def test_staff_cancelling_a_seat_promotes_the_first_on_the_waiting_list(staff_user):
    activity = ActivityFactory(capacity=1)
    seated = register(activity, PersonFactory())
    waiting = [register(activity, PersonFactory()) for _ in range(2)]
    services.set_registration_status(registration=seated, status="cancelled", actor=staff_user)
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == ["registered", "waitlisted"]

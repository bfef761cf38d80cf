import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from perspectives.activities.tests.factories import RegistrationFactory
from perspectives.people.models import Person
from perspectives.people.tests.factories import PersonFactory
from perspectives.privacy.services import purge_expired_data
from perspectives.reach.models import DailyVisitors, Subscription, VisitorHit
from perspectives.reach.newsletters.services import request_subscription
from perspectives.reach.tests.factories import NewsletterListFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
DAY = dt.date(2024, 3, 4)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=AMS)


def purge_on(day: dt.date) -> dict:
    with time_machine.travel(at(day), tick=False):
        return purge_expired_data(today=day)


@pytest.fixture
def pending_subscription(db):
    with time_machine.travel(at(DAY), tick=False):
        request_subscription(
            newsletter_list=NewsletterListFactory(),
            email="wacht@example.org",
            consent_text="Ja",
            consent_text_version="1",
        )
    return Subscription.objects.get(email="wacht@example.org")


@override_settings(RETENTION_UNCONFIRMED_SUBSCRIPTION_DAYS=7)
def test_an_unconfirmed_subscription_is_kept_until_its_retention_and_then_deleted(
    pending_subscription,
):
    purge_on(DAY + dt.timedelta(days=6))
    assert Subscription.objects.filter(pk=pending_subscription.pk).exists()
    result = purge_on(DAY + dt.timedelta(days=8))
    assert result["unconfirmed_subscriptions"] == 1
    assert not Subscription.objects.filter(pk=pending_subscription.pk).exists()


@override_settings(RETENTION_VISITOR_HITS_DAYS=2)
def test_raw_visitor_hits_are_compacted_after_their_retention(db):
    VisitorHit.objects.create(day=DAY, section="academy", visitor_hash="a" * 64)
    purge_on(DAY + dt.timedelta(days=1))
    assert VisitorHit.objects.count() == 1
    purge_on(DAY + dt.timedelta(days=3))
    assert VisitorHit.objects.count() == 0
    assert DailyVisitors.objects.get(day=DAY, section="academy").unique_visitors == 1


@override_settings(RETENTION_PERSON_INACTIVE_DAYS=100)
def test_an_inactive_person_is_erased_after_the_retention_and_an_active_one_is_not(db):
    with time_machine.travel(at(DAY), tick=False):
        inactive = PersonFactory(email="stil@example.org")
        active = PersonFactory(email="actief@example.org")
        registration = RegistrationFactory(person=inactive, activity__starts_on=DAY)
    with time_machine.travel(at(DAY + dt.timedelta(days=90)), tick=False):
        RegistrationFactory(person=active, activity__starts_on=DAY + dt.timedelta(days=90))

    purge_on(DAY + dt.timedelta(days=99))
    assert Person.objects.get(pk=inactive.pk).erased_at is None

    result = purge_on(DAY + dt.timedelta(days=101))
    assert result["inactive_people_erased"] == 1
    inactive.refresh_from_db()
    assert inactive.erased_at is not None and inactive.email != "stil@example.org"
    assert Person.objects.get(pk=active.pk).erased_at is None
    registration.refresh_from_db()  # the registration stays, for the figures


@override_settings(
    RETENTION_PERSON_INACTIVE_DAYS=100,
    RETENTION_UNCONFIRMED_SUBSCRIPTION_DAYS=7,
    RETENTION_VISITOR_HITS_DAYS=1,
)
def test_the_purge_is_idempotent(pending_subscription):
    with time_machine.travel(at(DAY), tick=False):
        PersonFactory()
    VisitorHit.objects.create(day=DAY, section="academy", visitor_hash="b" * 64)
    first = purge_on(DAY + dt.timedelta(days=200))
    assert first["inactive_people_erased"] == 1 and first["unconfirmed_subscriptions"] == 1
    again = purge_on(DAY + dt.timedelta(days=200))
    assert all(value == 0 for value in again.values()), again


def test_the_command_reports_what_it_purged(db):
    out = io.StringIO()
    call_command("purge_expired", "--today", DAY.isoformat(), stdout=out)
    assert "inactive_people_erased: 0" in out.getvalue()


def test_the_task_runs_the_purge(db):
    from perspectives.privacy.tasks import purge_expired_data_task

    result = purge_expired_data_task.enqueue()
    assert "inactive_people_erased" in result.return_value

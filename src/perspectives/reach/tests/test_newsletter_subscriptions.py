import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from perspectives.core.models import AuditEntry
from perspectives.reach.models import Subscription, SubscriptionEvent
from perspectives.reach.newsletters import services
from perspectives.reach.newsletters.selectors import count_active_subscribers
from perspectives.reach.tests.factories import (
    NewsletterListFactory,
    confirmation_token_of,
    subscribe_confirmed,
)

pytestmark = pytest.mark.django_db(transaction=False)

BASE = "https://perspectives.example.org/"


@pytest.fixture(autouse=True)
def site_url(settings):
    """Links in mail are built from SITE_URL, whatever host a request came in on."""
    settings.SITE_URL = BASE.rstrip("/")


def request(newsletter_list, email, now=None):
    return services.request_subscription(
        newsletter_list=newsletter_list,
        email=email,
        consent_text="Ik wil de nieuwsbrief ontvangen.",
        consent_text_version="v1",
        now=now,
    )


def test_a_request_stores_a_pending_subscription_with_a_hashed_token_and_mails_the_link(
    django_capture_on_commit_callbacks,
):
    newsletter = NewsletterListFactory()
    with django_capture_on_commit_callbacks(execute=True):
        subscription = request(newsletter, "  Anna@Example.ORG ")
    assert subscription.email == "anna@example.org"
    assert subscription.status == "pending"
    assert len(mail.outbox) == 1
    token = confirmation_token_of(subscription)
    assert token not in subscription.token_hash and len(subscription.token_hash) == 64
    assert f"{BASE}nieuwsbrief/bevestigen/{token}/" in mail.outbox[0].body
    assert subscription.token_expires_at - timezone.now() > dt.timedelta(hours=47, minutes=59)
    assert list(subscription.events.values_list("event", flat=True)) == ["requested"]


def test_the_confirmation_link_works_once_and_stores_the_consent_proof(
    django_capture_on_commit_callbacks,
):
    newsletter = NewsletterListFactory()
    with django_capture_on_commit_callbacks(execute=True):
        subscription = request(newsletter, "anna@example.org")
    token = confirmation_token_of(subscription)
    confirmed = services.confirm_subscription(token=token)
    assert confirmed.status == "active"
    assert confirmed.consented_at is not None and confirmed.confirmed_at is not None
    assert confirmed.consent_text == "Ik wil de nieuwsbrief ontvangen."
    assert confirmed.consent_text_version == "v1"
    with pytest.raises(services.ConfirmationError) as error:
        services.confirm_subscription(token=token)
    assert error.value.code == "used"
    assert AuditEntry.objects.filter(action="reach.subscription.confirmed").count() == 1


def test_the_confirmation_link_expires_after_48_hours(django_capture_on_commit_callbacks):
    newsletter = NewsletterListFactory()
    asked = timezone.now() - dt.timedelta(hours=48, seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        subscription = request(newsletter, "anna@example.org", now=asked)
    token = confirmation_token_of(subscription)
    with pytest.raises(services.ConfirmationError) as error:
        services.confirm_subscription(token=token)
    assert error.value.code == "expired"
    subscription.refresh_from_db()
    assert subscription.status == "pending"


def test_a_link_still_inside_48_hours_confirms(django_capture_on_commit_callbacks):
    newsletter = NewsletterListFactory()
    asked = timezone.now() - dt.timedelta(hours=47)
    with django_capture_on_commit_callbacks(execute=True):
        subscription = request(newsletter, "anna@example.org", now=asked)
    assert services.confirm_subscription(token=confirmation_token_of(subscription)).status == (
        "active"
    )


def test_a_new_request_replaces_the_old_link(django_capture_on_commit_callbacks):
    newsletter = NewsletterListFactory()
    with django_capture_on_commit_callbacks(execute=True):
        subscription = request(newsletter, "anna@example.org")
    old = confirmation_token_of(subscription)
    with django_capture_on_commit_callbacks(execute=True):
        request(newsletter, "anna@example.org")
    new = confirmation_token_of(subscription)
    assert old != new
    with pytest.raises(services.ConfirmationError) as error:
        services.confirm_subscription(token=old)
    assert error.value.code == "unknown"
    assert services.confirm_subscription(token=new).status == "active"


def test_an_active_subscriber_is_told_nothing_changed_and_a_suppressed_one_gets_no_mail(
    django_capture_on_commit_callbacks,
):
    newsletter = NewsletterListFactory()
    subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request(newsletter, "anna@example.org")
    assert len(mail.outbox) == 1 and "bevestigen" not in mail.outbox[0].body
    assert Subscription.objects.get(email="anna@example.org").status == "active"
    services.suppress_address(email="anna@example.org", reason="bounced")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request(newsletter, "anna@example.org")
    assert mail.outbox == []
    assert Subscription.objects.get(email="anna@example.org").status == "suppressed"


def test_unsubscribing_ends_the_subscription_once():
    newsletter = NewsletterListFactory()
    subscription = subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    assert services.unsubscribe(subscription=subscription) is True
    assert services.unsubscribe(subscription=subscription) is False
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed" and subscription.ended_at is not None
    assert list(subscription.events.values_list("event", flat=True)) == [
        "requested",
        "confirmed",
        "unsubscribed",
    ]


def test_a_bounce_suppresses_the_address_on_every_list():
    first, second = NewsletterListFactory(), NewsletterListFactory()
    subscribe_confirmed(newsletter_list=first, email="anna@example.org")
    subscribe_confirmed(newsletter_list=second, email="anna@example.org")
    subscribe_confirmed(newsletter_list=first, email="bert@example.org")
    assert services.suppress_address(email="ANNA@example.org", reason="complained") == 2
    assert services.suppress_address(email="anna@example.org", reason="complained") == 0
    assert set(Subscription.objects.values_list("email", "status")) == {
        ("anna@example.org", "suppressed"),
        ("bert@example.org", "active"),
    }
    assert SubscriptionEvent.objects.filter(event="complained").count() == 2


def test_active_subscribers_on_past_dates_come_from_the_history(django_assert_num_queries):
    newsletter, other, closed = (
        NewsletterListFactory(),
        NewsletterListFactory(),
        NewsletterListFactory(),
    )
    tz = timezone.get_current_timezone()

    def at(day, hour=12):
        return dt.datetime(2025, 1, day, hour, tzinfo=tz)

    anna = subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org", at=at(1))
    subscribe_confirmed(newsletter_list=newsletter, email="bert@example.org", at=at(3))
    subscribe_confirmed(newsletter_list=other, email="anna@example.org", at=at(3))
    subscribe_confirmed(newsletter_list=closed, email="cees@example.org", at=at(2))
    type(closed).objects.filter(pk=closed.pk).update(is_active=False)  # the list was closed later
    request(newsletter, "dirk@example.org", now=at(2))  # never confirmed: never counts
    services.unsubscribe(subscription=anna, now=at(5))
    services.suppress_address(email="bert@example.org", reason="bounced", now=at(7))
    # Late in the evening local time is still the same day.
    subscribe_confirmed(newsletter_list=newsletter, email="eva@example.org", at=at(9, hour=23))

    with django_assert_num_queries(1):
        assert count_active_subscribers(list=newsletter, on=dt.date(2025, 1, 2)) == 1
    expected = {
        dt.date(2024, 12, 31): (0, 0),
        dt.date(2025, 1, 1): (1, 1),
        dt.date(2025, 1, 3): (2, 3),
        dt.date(2025, 1, 5): (1, 2),
        dt.date(2025, 1, 7): (0, 1),
        dt.date(2025, 1, 9): (1, 2),
    }
    for day, (on_list, on_active_lists) in expected.items():
        assert count_active_subscribers(list=newsletter, on=day) == on_list, day
        assert count_active_subscribers(on=day) == on_active_lists, day
    assert count_active_subscribers(list=closed, on=dt.date(2025, 1, 9)) == 1

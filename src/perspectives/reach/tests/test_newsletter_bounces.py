import pytest
from anymail.signals import AnymailTrackingEvent, tracking

from perspectives.reach.models import Subscription, SubscriptionEvent
from perspectives.reach.tests.factories import NewsletterListFactory, subscribe_confirmed

pytestmark = pytest.mark.django_db


def send_event(event_type, recipient):
    # What anymail's webhook view does after it has parsed and verified a provider's request.
    event = AnymailTrackingEvent(event_type=event_type, recipient=recipient, esp_event={})
    tracking.send(sender=object, event=event, esp_name="Test")


@pytest.mark.parametrize("event_type", ["bounced", "complained"])
def test_a_bounce_or_complaint_from_the_provider_suppresses_the_address(event_type):
    newsletter = NewsletterListFactory()
    subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    subscribe_confirmed(newsletter_list=newsletter, email="bert@example.org")
    send_event(event_type, "Anna@Example.org")
    assert dict(Subscription.objects.values_list("email", "status")) == {
        "anna@example.org": "suppressed",
        "bert@example.org": "active",
    }
    assert SubscriptionEvent.objects.filter(event=event_type).count() == 1


@pytest.mark.parametrize("event_type", ["delivered", "opened", "deferred"])
def test_other_tracking_events_change_nothing(event_type):
    newsletter = NewsletterListFactory()
    subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    send_event(event_type, "anna@example.org")
    assert Subscription.objects.get().status == "active"

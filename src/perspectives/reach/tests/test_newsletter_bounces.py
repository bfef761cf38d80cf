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


WEBHOOK = "/nieuwsbrief/webhook/postmark/tracking/"
BOUNCE = {
    "RecordType": "Bounce",
    "Type": "HardBounce",
    "TypeCode": 1,
    "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "Email": "anna@example.org",
    "BouncedAt": "2026-11-27T10:00:00Z",
}


def test_the_providers_bounce_webhook_suppresses_the_address(client, settings):
    import base64

    settings.ANYMAIL = {"WEBHOOK_SECRET": "provider:s3cret-value"}
    newsletter = NewsletterListFactory()
    subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    credentials = base64.b64encode(b"provider:s3cret-value").decode()
    response = client.post(
        WEBHOOK, BOUNCE, content_type="application/json", HTTP_AUTHORIZATION=f"Basic {credentials}"
    )
    assert response.status_code == 200
    assert Subscription.objects.get().status == "suppressed"


def test_the_webhook_refuses_wrong_credentials_and_changes_nothing(client, settings):
    import base64

    settings.ANYMAIL = {"WEBHOOK_SECRET": "provider:s3cret-value"}
    subscribe_confirmed(newsletter_list=NewsletterListFactory(), email="anna@example.org")
    credentials = base64.b64encode(b"provider:wrong").decode()
    response = client.post(
        WEBHOOK, BOUNCE, content_type="application/json", HTTP_AUTHORIZATION=f"Basic {credentials}"
    )
    assert response.status_code in (400, 401, 403)
    assert Subscription.objects.get().status == "active"


def test_without_a_secret_the_webhook_does_not_exist(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    subscribe_confirmed(newsletter_list=NewsletterListFactory(), email="anna@example.org")
    response = client.post(WEBHOOK, BOUNCE, content_type="application/json")
    assert response.status_code == 404
    assert Subscription.objects.get().status == "active"

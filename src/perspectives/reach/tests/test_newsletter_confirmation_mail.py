"""The newsletter confirmation mail goes out through a background task: a mail server that is
down delays it (the task is retried), and under the task's key it is sent once."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from perspectives.core.models import SentMail
from perspectives.reach.newsletters import services
from perspectives.reach.newsletters.models import Subscription
from perspectives.reach.newsletters.tokens import new_confirmation_token

from .factories import NewsletterListFactory

pytestmark = pytest.mark.django_db


class MailServerDown(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture
def pending():
    newsletter = NewsletterListFactory(name="Mediabrief")
    token, token_hash = new_confirmation_token()
    subscription = Subscription.objects.create(
        newsletter_list=newsletter,
        email="lezer@example.org",
        token_hash=token_hash,
        language="en",
        created_at="2026-01-01T10:00:00Z",
    )
    return subscription, token


def test_a_refused_send_records_nothing_and_the_retry_sends_it_once(settings, pending):
    subscription, token = pending
    arguments = {"key": "task-1", "subscription_id": subscription.pk, "token": token}
    settings.EMAIL_BACKEND = f"{__name__}.MailServerDown"
    with pytest.raises(ConnectionRefusedError):
        services.send_subscription_confirmation(**arguments, language="en")
    assert not SentMail.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_subscription_confirmation(**arguments, language="en") is True
    assert services.send_subscription_confirmation(**arguments, language="en") is False
    assert len(mail.outbox) == 1
    assert f"/nieuwsbrief/bevestigen/{token}/" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Confirm your subscription to Mediabrief")


def test_a_link_replaced_by_a_newer_one_or_an_erased_subscription_is_not_mailed(pending):
    subscription, token = pending
    _newer, newer_hash = new_confirmation_token()
    Subscription.objects.filter(pk=subscription.pk).update(token_hash=newer_hash)
    assert not services.send_subscription_confirmation(
        key="task-2", subscription_id=subscription.pk, token=token, language="nl"
    )
    subscription.delete()
    assert not services.send_subscription_confirmation(
        key="task-3", subscription_id=subscription.pk, token="", language="nl"
    )
    assert mail.outbox == []

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from perspectives.reach.models import Subscription
from perspectives.reach.newsletters.tokens import make_unsubscribe_token
from perspectives.reach.tests.factories import (
    NewsletterListFactory,
    confirmation_token_of,
    subscribe_confirmed,
)

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def subscribe(client, newsletter, email, consent="on"):
    data = {"email": email}
    if consent:
        data["consent"] = consent
    return client.post(reverse("reach:subscribe", args=[newsletter.code]), data)


def test_the_subscribe_form_is_public_and_shows_the_consent_text(client):
    newsletter = NewsletterListFactory(name="Mediawerk")
    response = client.get(reverse("reach:subscribe", args=[newsletter.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mediawerk" in html and 'name="consent"' in html and 'name="email"' in html


def test_an_inactive_or_unknown_list_is_not_found(client):
    closed = NewsletterListFactory(is_active=False)
    assert client.get(reverse("reach:subscribe", args=[closed.code])).status_code == 404
    assert client.get(reverse("reach:subscribe", args=["geen-lijst"])).status_code == 404


def test_consent_is_required(client):
    newsletter = NewsletterListFactory()
    response = subscribe(client, newsletter, "anna@example.org", consent="")
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_new_pending_and_active_addresses_get_the_same_answer(
    client, django_capture_on_commit_callbacks
):
    newsletter = NewsletterListFactory()
    subscribe_confirmed(newsletter_list=newsletter, email="actief@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, newsletter, "wachtend@example.org")
    answers = []
    for email in ["nieuw@example.org", "wachtend@example.org", "actief@example.org"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = subscribe(client, newsletter, email)
        answers.append((response.status_code, response.url, dict(response.cookies)))
        page = client.get(response.url)
        # The masked CSRF token differs on every render; the rest of the page must not.
        answers[-1] += (CSRF.sub("", page.content.decode()),)
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 302
    assert "e-mail" in answers[0][3].lower()


def test_the_link_from_the_mail_confirms_once_then_says_it_was_used(
    client, django_capture_on_commit_callbacks
):
    newsletter = NewsletterListFactory()
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, newsletter, "anna@example.org")
    subscription = Subscription.objects.get()
    url = reverse("reach:confirm", args=[confirmation_token_of(subscription)])
    page = client.get(url)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == "pending"  # opening the link alone confirms nothing
    assert client.post(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "active"
    again = client.post(url)
    assert again.status_code == 410
    assert "gebruikt" in again.content.decode()


def test_an_expired_link_says_so_and_offers_to_subscribe_again(
    client, django_capture_on_commit_callbacks
):
    newsletter = NewsletterListFactory()
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, newsletter, "anna@example.org")
    subscription = Subscription.objects.get()
    Subscription.objects.filter(pk=subscription.pk).update(
        token_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    url = reverse("reach:confirm", args=[confirmation_token_of(subscription)])
    html = client.get(url).content.decode()
    assert "verlopen" in html
    assert reverse("reach:subscribe", args=[newsletter.code]) in html
    assert client.post(url).status_code == 410
    subscription.refresh_from_db()
    assert subscription.status == "pending"


def test_an_unknown_confirmation_link_is_refused(client):
    response = client.post(reverse("reach:confirm", args=["onzin"]))
    assert response.status_code == 410
    assert not Subscription.objects.exists()


def test_one_post_without_log_in_or_csrf_token_unsubscribes():
    newsletter = NewsletterListFactory()
    subscription = subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    url = reverse(
        "reach:unsubscribe", args=[make_unsubscribe_token(subscription_id=subscription.pk)]
    )
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed"


def test_opening_the_unsubscribe_link_only_asks_to_confirm(client):
    newsletter = NewsletterListFactory()
    subscription = subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    url = reverse(
        "reach:unsubscribe", args=[make_unsubscribe_token(subscription_id=subscription.pk)]
    )
    response = client.get(url)
    assert response.status_code == 200 and 'method="post"' in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == "active"


def test_a_forged_unsubscribe_token_changes_nothing(client):
    newsletter = NewsletterListFactory()
    subscription = subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    forged = f"{subscription.pk}:forged-signature"
    assert client.post(reverse("reach:unsubscribe", args=[forged])).status_code == 404
    subscription.refresh_from_db()
    assert subscription.status == "active"
    mail.outbox.clear()

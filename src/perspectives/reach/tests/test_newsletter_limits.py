"""The subscription form cannot flood a third party's mailbox (issue 13, item 4; bar 25).

Per client address the form answers 429 past RATELIMIT_NEWSLETTER; per e-mail address at most
RATELIMIT_NEWSLETTER_PER_EMAIL confirmation mails go out, whoever asks, and past that the page
answers exactly as before while no mail is sent.
"""

import datetime as dt
import json

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from perspectives.core.models import RateLimitCount
from perspectives.reach.models import Subscription
from perspectives.reach.tests.factories import NewsletterListFactory, subscribe_confirmed

pytestmark = pytest.mark.django_db

VICTIM = "slachtoffer@example.org"


@pytest.fixture
def newsletter():
    return NewsletterListFactory()


@pytest.fixture
def events(caplog):
    caplog.set_level("INFO", logger="perspectives.security")

    def read() -> list[dict]:
        return [
            json.loads(r.getMessage()) for r in caplog.records if r.name == "perspectives.security"
        ]

    return read


def subscribe(client, newsletter, email, *, address="203.0.113.10"):
    return client.post(
        reverse("reach:subscribe", args=[newsletter.code]),
        {"email": email, "consent": "on"},
        REMOTE_ADDR=address,
    )


def mails_to(email: str) -> int:
    return sum(1 for message in mail.outbox if message.to == [email])


def test_the_limit_th_confirmation_mail_to_an_address_goes_out_and_the_next_does_not(
    client, settings, newsletter, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_NEWSLETTER_PER_EMAIL = "3/d"
    answers = []
    # Each request from another client address: only the e-mail address's own limit applies.
    for n in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            response = subscribe(client, newsletter, VICTIM, address=f"198.51.100.{n + 1}")
        answers.append((response.status_code, response["Location"]))
        assert mails_to(VICTIM) == min(n + 1, 3)
    # Over the limit the answer is the same as for a mail that went out: no enumeration.
    assert len(set(answers)) == 1
    assert answers[0] == (302, reverse("reach:requested", args=[newsletter.code]))


def test_over_the_limit_nothing_changes_and_the_last_link_still_works(
    client, settings, newsletter, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_NEWSLETTER_PER_EMAIL = "1/d"
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, newsletter, VICTIM)
    token_hash = Subscription.objects.get(email=VICTIM).token_hash
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, newsletter, VICTIM)
    assert mails_to(VICTIM) == 1
    assert Subscription.objects.get(email=VICTIM).token_hash == token_hash


def test_the_address_is_counted_whatever_its_case_and_other_addresses_are_not_affected(
    client, settings, newsletter, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_NEWSLETTER_PER_EMAIL = "2/d"
    for email in [
        VICTIM,
        "Slachtoffer@Example.ORG",
        " SLACHTOFFER@example.org",
        "ander@example.org",
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            subscribe(client, newsletter, email)
    assert mails_to(VICTIM) == 2
    assert mails_to("ander@example.org") == 1


def test_the_note_to_an_active_subscriber_counts_too(
    client, settings, newsletter, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_NEWSLETTER_PER_EMAIL = "2/d"
    subscribe_confirmed(newsletter_list=newsletter, email=VICTIM)
    mail.outbox.clear()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            subscribe(client, newsletter, VICTIM)
    # subscribe_confirmed's own request counted as the first mail.
    assert mails_to(VICTIM) == 1


def test_the_address_may_be_mailed_again_the_next_day(
    client, settings, newsletter, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_NEWSLETTER_PER_EMAIL = "1/d"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                subscribe(client, newsletter, VICTIM)
        assert mails_to(VICTIM) == 1
        clock.shift(dt.timedelta(days=1))
        with django_capture_on_commit_callbacks(execute=True):
            subscribe(client, newsletter, VICTIM)
    assert mails_to(VICTIM) == 2


def test_the_first_refusal_for_an_address_is_one_security_event_without_the_address(
    client, settings, newsletter, events, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_NEWSLETTER_PER_EMAIL = "1/d"
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            subscribe(client, newsletter, VICTIM)
    refusals = [e for e in events() if e["action"] == "ratelimit.exceeded"]
    assert len(refusals) == 1
    assert refusals[0]["object"] == "reach.newsletter.per_email"
    assert refusals[0]["ip"] == "203.0.113.0/24"
    assert "slachtoffer" not in json.dumps(refusals)
    assert not RateLimitCount.objects.filter(client_key__contains="slachtoffer").exists()


def test_one_client_address_gets_429_past_its_limit(client, settings, newsletter):
    settings.RATELIMIT_NEWSLETTER = "5/m"
    answers = [subscribe(client, newsletter, f"lezer{n}@example.org").status_code for n in range(6)]
    assert answers == [302] * 5 + [429]
    assert Subscription.objects.count() == 5
    # Another client address is not affected.
    assert (
        subscribe(client, newsletter, "lezer9@example.org", address="198.51.100.9").status_code
        == 302
    )


def test_invalid_posts_count_against_the_client_limit_and_the_form_itself_is_not_limited(
    client, settings, newsletter
):
    settings.RATELIMIT_NEWSLETTER = "2/m"
    url = reverse("reach:subscribe", args=[newsletter.code])
    assert client.post(url, {"email": "geen-adres"}, REMOTE_ADDR="203.0.113.10").status_code == 200
    assert subscribe(client, newsletter, "lezer@example.org").status_code == 302
    assert subscribe(client, newsletter, "lezer2@example.org").status_code == 429
    assert client.get(url, REMOTE_ADDR="203.0.113.10").status_code == 200


def test_ratelimit_enabled_false_switches_both_newsletter_limits_off(
    client, settings, newsletter, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_ENABLED = False
    settings.RATELIMIT_NEWSLETTER = "1/m"
    settings.RATELIMIT_NEWSLETTER_PER_EMAIL = "1/d"
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert subscribe(client, newsletter, VICTIM).status_code == 302
    assert mails_to(VICTIM) == 3

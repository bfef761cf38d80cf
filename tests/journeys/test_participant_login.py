"""A person known from a registration, a subscription or an import logs in with an e-mailed
code; their page shows their registrations, newsletters and data. Unknown addresses get the
same answer and no account."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from perspectives.accounts.models import Role, User
from perspectives.activities.models import RegistrationStatus
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.people.tests.factories import PersonFactory
from perspectives.reach.tests.factories import NewsletterListFactory, subscribe_confirmed

pytestmark = pytest.mark.django_db


def request_code(client, email: str):
    return client.post(reverse("account_request_login_code"), {"email": email})


def log_in_with_mailed_code(client, email: str):
    response = request_code(client, email)
    assert response.status_code == 302
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE)[1]
    return client.post(reverse("account_confirm_login_code"), {"code": code})


def test_a_person_known_from_a_registration_logs_in_with_a_code_and_sees_it(client):
    today = timezone.localdate()
    person = PersonFactory(email="anna@example.org")
    coming = ActivityFactory(title="Workshop straks", starts_on=today + dt.timedelta(days=7))
    past = ActivityFactory(title="Workshop vorig jaar", starts_on=today - dt.timedelta(days=300))
    RegistrationFactory(person=person, activity=coming, status=RegistrationStatus.REGISTERED)
    RegistrationFactory(person=person, activity=past, status=RegistrationStatus.ATTENDED)

    done = log_in_with_mailed_code(client, "Anna@Example.org")

    user = User.objects.get(email="anna@example.org")
    assert user.role == Role.PARTICIPANT and not user.has_usable_password()
    assert done["Location"] == reverse("accounts:participant-home")
    page = client.get(done["Location"]).content.decode()
    assert "Workshop straks" in page and "Workshop vorig jaar" in page
    cancel_links = re.findall(r'href="(/[^"]*)">[^<]*(?:Afmelden|Cancel this registration)', page)
    assert len(cancel_links) == 1  # only the coming one
    assert client.get(cancel_links[0]).status_code == 200
    assert reverse("privacy:my-data") in page


def test_an_unknown_address_gets_the_same_answer_and_no_account_or_mail(client):
    PersonFactory(email="known@example.org")
    known = request_code(client, "known@example.org")
    mail.outbox.clear()
    client.logout()
    unknown = request_code(client, "nobody@example.org")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert mail.outbox == []
    assert not User.objects.filter(email="nobody@example.org").exists()


def test_a_confirmed_subscriber_is_known_and_sees_the_newsletter(client):
    newsletter = NewsletterListFactory(name="Mediabrief")
    subscribe_confirmed(newsletter_list=newsletter, email="lezer@example.org")
    done = log_in_with_mailed_code(client, "lezer@example.org")
    page = client.get(done["Location"]).content.decode()
    assert "Mediabrief" in page
    assert "/nieuwsbrief/afmelden/" in page


def test_an_unconfirmed_subscription_does_not_make_an_address_known(client):
    from perspectives.reach.newsletters import services

    services.request_subscription(
        newsletter_list=NewsletterListFactory(),
        email="onbevestigd@example.org",
        consent_text="Ik wil de nieuwsbrief ontvangen.",
        consent_text_version="test",
    )
    mail.outbox.clear()
    request_code(client, "onbevestigd@example.org")
    assert mail.outbox == []
    assert not User.objects.filter(email="onbevestigd@example.org").exists()


def test_an_erased_person_is_not_known(client):
    PersonFactory(email="weg@example.org", erased_at=timezone.now())
    request_code(client, "weg@example.org")
    assert mail.outbox == []
    assert not User.objects.filter(email="weg@example.org").exists()


def test_a_privileged_address_gets_no_code_even_when_a_person_has_it(client, make_user):
    make_user(role=Role.STAFF, email="medewerker@example.org")
    PersonFactory(email="medewerker@example.org")
    request_code(client, "medewerker@example.org")
    assert mail.outbox == []


def test_one_participant_sees_nobody_elses_registrations(client):
    mine, theirs = PersonFactory(email="p@example.org"), PersonFactory(email="q@example.org")
    later = timezone.localdate() + dt.timedelta(days=3)
    RegistrationFactory(
        person=mine, activity=ActivityFactory(title="Mijn workshop", starts_on=later)
    )
    RegistrationFactory(
        person=theirs, activity=ActivityFactory(title="Andermans workshop", starts_on=later)
    )
    done = log_in_with_mailed_code(client, "p@example.org")
    page = client.get(done["Location"]).content.decode()
    assert "Mijn workshop" in page and "Andermans workshop" not in page

"""Texts on the screens and in the mails that once said the wrong thing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from perspectives.activities.mail import send_registration_email

from .factories import ActivityFactory, RegistrationFactory
from .public_support import upcoming

pytestmark = pytest.mark.django_db


def _confirmation(registration):
    send_registration_email(key="a-task-id", registration_id=registration.pk, kind="confirmation")
    [message] = mail.outbox
    [(html, _mimetype)] = message.alternatives
    return message.body, html


def test_the_mail_of_a_free_activity_says_free():
    activity = upcoming(price_amount=Decimal("0"))
    registration = RegistrationFactory(
        activity=activity, status="registered", price_amount=Decimal("0")
    )
    body, html = _confirmation(registration)
    assert "Prijs: Gratis" in body and "Gratis" in html
    assert "€" not in body and "€" not in html


def test_the_mail_of_a_paid_activity_gives_the_price_in_dutch_form():
    activity = upcoming(price_amount=Decimal("1250.50"))
    registration = RegistrationFactory(
        activity=activity, status="registered", price_amount=Decimal("1250.50")
    )
    body, html = _confirmation(registration)
    assert "Prijs: € 1.250,50" in body and "€ 1.250,50" in html


def test_the_page_of_an_open_activity_offers_places():
    activity = upcoming(capacity=None)
    html = _public_page(activity)
    assert "Plaatsen beschikbaar" in html


def test_the_page_of_a_past_activity_offers_no_places():
    activity = ActivityFactory(
        capacity=None, starts_on=timezone.localdate() - dt.timedelta(days=30)
    )
    html = _public_page(activity)
    assert "Plaatsen beschikbaar" not in html and "plaatsen over" not in html
    assert "Inschrijven voor deze activiteit is gesloten." in html


def _public_page(activity) -> str:
    response = _client().get(reverse("activities:public-activity-detail", args=[activity.code]))
    assert response.status_code == 200
    return response.content.decode()


def _client():
    from django.test import Client

    return Client(HTTP_X_FORWARDED_PROTO="https")

"""Sign-up links from e-mail: confirming a sign-up, taking a cancelled one up again."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from perspectives.activities import services
from perspectives.activities.models import Registration
from perspectives.activities.tokens import (
    make_again_token,
    make_sign_up_token,
    read_again_token,
    read_sign_up_token,
)
from perspectives.people.models import Person

from .factories import RegistrationFactory
from .public_support import FORM, upcoming

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.UTC)
SIGN_UP = dict(
    email="anna@example.org",
    first_name="Anna",
    last_name="de Vries",
    participant_type="employee",
    organisation="",
    source="form",
    language="en",
)


def test_a_confirmation_link_works_for_48_hours_and_not_a_second_longer():
    with time_machine.travel(T0, tick=False):
        token = make_sign_up_token(activity_id=7, **SIGN_UP)
    with time_machine.travel(T0 + dt.timedelta(hours=48), tick=False):
        assert read_sign_up_token(token) == {"activity": 7, **SIGN_UP}
    with time_machine.travel(T0 + dt.timedelta(hours=48, seconds=1), tick=False):
        assert read_sign_up_token(token) is None


def test_a_forged_or_other_purpose_token_confirms_nothing():
    assert read_sign_up_token("nonsense") is None
    assert read_sign_up_token(make_again_token(registration_id=3)) is None
    assert read_again_token(make_sign_up_token(activity_id=7, **SIGN_UP)) is None


def test_a_take_up_again_link_works_for_a_week_and_not_a_second_longer():
    with time_machine.travel(T0, tick=False):
        token = make_again_token(registration_id=3)
    with time_machine.travel(T0 + dt.timedelta(days=7), tick=False):
        assert read_again_token(token) == 3
    with time_machine.travel(T0 + dt.timedelta(days=7, seconds=1), tick=False):
        assert read_again_token(token) is None


def test_the_form_of_an_activity_requiring_confirmation_stores_nothing_and_mails_the_link(
    client, mailoutbox
):
    activity = upcoming(capacity=3, requires_email_confirmation=True)
    response = client.post(reverse("activities:public-activity-detail", args=[activity.code]), FORM)
    assert response["Location"] == reverse("activities:registration-mailed", args=[activity.code])
    assert not Registration.objects.exists() and not Person.objects.exists()
    (mail,) = mailoutbox
    assert re.search(r"/aanmelden/bevestigen/[^/\s]+/", mail.body)


def test_confirming_after_sign_up_closed_holds_nothing(client):
    closes_at = timezone.now() + dt.timedelta(hours=1)
    activity = upcoming(
        capacity=3, requires_email_confirmation=True, registration_closes_at=closes_at
    )
    token = make_sign_up_token(activity_id=activity.pk, **SIGN_UP)
    later = closes_at + dt.timedelta(hours=1)
    with time_machine.travel(later):
        response = client.post(reverse("activities:registration-confirm", args=[token]))
    assert response.status_code == 409
    assert not Registration.objects.exists()


def test_taking_up_again_seats_or_queues_behind_those_waiting(client):
    activity = upcoming(capacity=1)
    cancelled = RegistrationFactory(activity=activity, status="cancelled")
    RegistrationFactory(activity=activity, status="registered")
    waiting = RegistrationFactory(activity=activity, status="waitlisted")
    token = make_again_token(registration_id=cancelled.pk)
    response = client.post(reverse("activities:registration-again", args=[token]))
    assert response.status_code == 302
    cancelled.refresh_from_db()
    assert cancelled.status == "waitlisted"
    assert [
        r.pk
        for r in Registration.objects.filter(status="waitlisted").order_by("registered_at", "id")
    ] == [waiting.pk, cancelled.pk]


def test_a_registration_that_is_not_cancelled_is_not_changed_by_the_link(client):
    activity = upcoming(capacity=1)
    seated = RegistrationFactory(activity=activity, status="registered")
    result = services.take_up_again(registration=seated)
    assert not result.created
    assert Registration.objects.get(pk=seated.pk).status == "registered"

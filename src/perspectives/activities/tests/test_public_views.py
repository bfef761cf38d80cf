"""The public site: catalogue, activity page, sign-up form, result page and iCalendar file."""

import datetime as dt
import json
import re
from decimal import Decimal

import icalendar
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from perspectives.activities.models import Registration
from perspectives.activities.tokens import make_result_token
from perspectives.people.models import Person
from perspectives.people.tests.factories import PersonFactory

from .factories import ActivityFactory, RegistrationFactory
from .public_support import FORM, upcoming

pytestmark = pytest.mark.django_db


def json_ld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match
    return json.loads(match.group(1))


# Catalogue


def test_the_catalogue_lists_upcoming_public_activities_soonest_first(client):
    later = upcoming(days=30, title="Later")
    sooner = upcoming(days=3, title="Sooner")
    upcoming(days=5, title="Besloten overleg", is_closed=True)
    ActivityFactory(starts_on=timezone.localdate() - dt.timedelta(days=1), title="Gisteren")
    response = client.get("/")
    assert response.status_code == 200
    assert [a.pk for a in response.context["page"]] == [sooner.pk, later.pk]
    body = response.content.decode()
    assert "Besloten overleg" not in body and "Gisteren" not in body


def test_the_catalogue_filters_by_type_pillar_place_month_and_text(client):
    today = timezone.localdate()
    # Two months ahead: never the month of an activity 14 days from today.
    next_month = (today.replace(day=1) + dt.timedelta(days=70)).replace(day=3)
    webinar = upcoming(type="webinar", is_online=True, title="Podcast maken")
    hackathon = upcoming(
        type="hackathon", pillar="innovation", description="Met datavisualisatie-tools"
    )
    later = ActivityFactory(starts_on=next_month, title="Later")

    def listed(**query):
        return [a.pk for a in client.get("/", query).context["page"]]

    assert listed(type="webinar") == [webinar.pk]
    assert listed(pillar="innovation") == [hackathon.pk]
    assert listed(where="online") == [webinar.pk]
    assert webinar.pk not in listed(where="offline")
    assert listed(q="podcast") == [webinar.pk]
    assert listed(q="visualisatie-tools") == [hackathon.pk]
    assert listed(month=f"{next_month:%Y-%m}") == [later.pk]
    # An unknown month is not a choice: the filter is ignored, not an error.
    assert len(listed(month="1999-01")) == 3


def test_the_catalogue_is_paginated(client):
    for days in range(1, 15):
        upcoming(days=days)
    first = client.get("/")
    second = client.get("/", {"page": 2})
    assert len(first.context["page"]) == 12 and len(second.context["page"]) == 2
    assert 'rel="next"' in first.content.decode()


def test_the_catalogue_shows_seats_left_and_the_waiting_list(client):
    open_one = upcoming(capacity=3, title="Ruimte genoeg")
    full = upcoming(capacity=1, title="Vol")
    RegistrationFactory(activity=open_one, status="registered")
    RegistrationFactory(activity=full, status="registered")
    body = client.get("/").content.decode()
    assert "Nog 2 plaatsen" in body
    assert "Vol: wachtlijst" in body


def test_the_catalogue_makes_the_same_number_of_queries_for_any_number_of_activities(
    client, django_assert_num_queries
):
    for days in range(1, 13):
        activity = upcoming(days=days, capacity=5)
        RegistrationFactory(activity=activity, status="registered")
    # The months of the filter, the count for the pages, one page of activities with seats.
    with django_assert_num_queries(3):
        response = client.get("/")
    assert len(response.context["page"]) == 12


def test_the_catalogue_can_be_read_in_english(client):
    upcoming()
    client.cookies["django_language"] = "en"
    body = client.get("/").content.decode()
    assert "Activities" in body and '<html lang="en">' in body


# Activity page


def test_the_activity_page_shows_date_place_prices_seats_and_closing_moment(client):
    closes = timezone.now() + dt.timedelta(days=2)
    activity = upcoming(
        title="Masterclass montage",
        location="Mediapark, Hilversum",
        capacity=10,
        price_amount=Decimal("95.00"),
        freelancer_price_amount=Decimal("45.00"),
        registration_closes_at=closes,
    )
    RegistrationFactory(activity=activity, status="registered")
    response = client.get(
        reverse("activities:public-activity-detail", kwargs={"code": activity.code})
    )
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Masterclass montage", "Mediapark, Hilversum", "€ 95,00", "€ 45,00", "Nog 9"):
        assert text in body
    assert "Inschrijven sluit op" in body
    assert 'name="consent"' in body and reverse("privacy:statement") in body


def test_the_activity_page_says_waiting_list_when_full_and_online_when_online(client):
    activity = upcoming(capacity=1, is_online=True)
    RegistrationFactory(activity=activity, status="registered")
    body = client.get(
        reverse("activities:public-activity-detail", args=[activity.code])
    ).content.decode()
    assert "wachtlijst" in body and "Online" in body
    assert "Op de wachtlijst" in body  # the button


def test_the_activity_page_carries_schema_org_event_data(client):
    activity = upcoming(
        title="Data & <journalistiek>",
        location="Hilversum",
        price_amount=Decimal("20"),
        freelancer_price_amount=Decimal("10"),
        capacity=5,
        ends_on=timezone.localdate() + dt.timedelta(days=15),
    )
    response = client.get(reverse("activities:public-activity-detail", args=[activity.code]))
    data = json_ld(response)
    assert data["@type"] == "Event"
    assert data["name"] == "Data & <journalistiek>"
    assert data["startDate"] == activity.starts_on.isoformat()
    assert data["endDate"] == activity.ends_on.isoformat()
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": "Hilversum", "address": "Hilversum"}
    assert data["offers"][0]["price"] == "20.00"
    assert data["offers"][0]["priceCurrency"] == "EUR"
    assert data["offers"][0]["availability"] == "https://schema.org/InStock"
    assert data["offers"][1]["price"] == "10.00"
    assert data["organizer"]["@type"] == "Organization"
    # The title's markup cannot end the script element.
    assert (
        "<journalistiek>" not in response.content.decode().split("ld+json")[1].split("</script>")[0]
    )


def test_an_online_full_activity_is_a_virtual_sold_out_event(client):
    activity = upcoming(is_online=True, capacity=1)
    RegistrationFactory(activity=activity, status="registered")
    data = json_ld(client.get(reverse("activities:public-activity-detail", args=[activity.code])))
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"


def test_a_closed_meeting_has_no_public_page_nor_calendar_file(client):
    activity = upcoming(is_closed=True)
    assert (
        client.get(reverse("activities:public-activity-detail", args=[activity.code])).status_code
        == 404
    )
    assert client.get(reverse("activities:activity-ics", args=[activity.code])).status_code == 404
    assert (
        client.post(
            reverse("activities:public-activity-detail", args=[activity.code]), FORM
        ).status_code
        == 404
    )
    assert not Registration.objects.exists()


def test_the_calendar_file_holds_the_activity_as_an_all_day_event(client):
    activity = upcoming(title="Workshop licht", location="Studio 5")
    response = client.get(reverse("activities:activity-ics", args=[activity.code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert f'filename="{activity.code}.ics"' in response["Content-Disposition"]
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Workshop licht"
    assert str(event["LOCATION"]) == "Studio 5"
    assert event.decoded("DTSTART") == activity.starts_on
    assert event.decoded("DTEND") == activity.starts_on + dt.timedelta(days=1)
    assert str(event["URL"]).endswith(f"/activiteiten/{activity.code}/")


# Registration form


def test_signing_up_gives_a_seat_and_shows_it_on_the_result_page(client, settings):
    activity = upcoming(capacity=2)
    response = client.post(reverse("activities:public-activity-detail", args=[activity.code]), FORM)
    registration = Registration.objects.get()
    assert (registration.status, registration.source) == ("registered", "form")
    assert registration.person.email == "anna@example.org"
    assert response.status_code == 302
    result = client.get(response["Location"])
    body = result.content.decode()
    assert "Je plaats is bevestigd" in body
    # The result page names no person and no address.
    assert "anna@example.org" not in body and "Anna" not in body


def test_the_freelancer_price_applies_to_freelancers(client):
    activity = upcoming(price_amount=Decimal("100"), freelancer_price_amount=Decimal("40"))
    client.post(
        reverse("activities:public-activity-detail", args=[activity.code]),
        {**FORM, "participant_type": "freelancer"},
    )
    assert Registration.objects.get().price_amount == Decimal("40")


def test_signing_up_when_full_puts_you_on_the_waiting_list_with_your_position(client):
    activity = upcoming(capacity=1)
    RegistrationFactory(activity=activity, status="registered")
    RegistrationFactory(activity=activity, status="waitlisted")
    response = client.post(reverse("activities:public-activity-detail", args=[activity.code]), FORM)
    body = client.get(response["Location"]).content.decode()
    assert "Je staat op de wachtlijst" in body
    assert "Je plek op de wachtlijst: 2." in body


def test_signing_up_again_with_the_same_address_shows_nothing_stored_and_mails(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    activity = upcoming(capacity=1)
    person = PersonFactory(email="anna@example.org", first_name="Annemarie")
    RegistrationFactory(activity=activity, person=person, status="registered")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("activities:public-activity-detail", args=[activity.code]),
            {**FORM, "email": "Anna@Example.org ", "first_name": "Iemand"},
        )
    assert Registration.objects.count() == 1
    assert response["Location"] == reverse("activities:registration-mailed", args=[activity.code])
    body = client.get(response["Location"]).content.decode()
    assert "Kijk in je e-mail" in body
    assert "Annemarie" not in body and "bevestigd" not in body
    (mail,) = mailoutbox
    assert mail.to == ["anna@example.org"] and "Annemarie" in mail.body
    person.refresh_from_db()
    assert person.first_name == "Annemarie"


def test_the_form_shows_its_errors_and_requires_consent(client):
    activity = upcoming()
    response = client.post(
        reverse("activities:public-activity-detail", args=[activity.code]),
        {**FORM, "email": "geen-adres", "consent": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"email", "consent"}
    assert "Zonder je toestemming" in response.content.decode()
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_the_organisation_is_stored_as_an_affiliation(client):
    activity = upcoming()
    client.post(
        reverse("activities:public-activity-detail", args=[activity.code]),
        {**FORM, "organisation": "Omroep Zuid"},
    )
    person = Person.objects.get()
    assert [a.organisation.name for a in person.affiliations.all()] == ["Omroep Zuid"]


def test_after_closing_the_page_says_so_and_shows_no_form(client):
    activity = upcoming(registration_closes_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(reverse("activities:public-activity-detail", args=[activity.code]))
    body = response.content.decode()
    assert "Inschrijven voor deze activiteit is gesloten" in body
    assert 'name="email"' not in body


def test_a_sign_up_posted_after_closing_is_refused_with_409(client):
    activity = upcoming(registration_closes_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.post(reverse("activities:public-activity-detail", args=[activity.code]), FORM)
    assert response.status_code == 409
    assert "je inschrijving is niet aangenomen" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_form_is_protected_against_cross_site_requests():
    from django.test import Client

    activity = upcoming()
    response = Client(enforce_csrf_checks=True).post(
        reverse("activities:public-activity-detail", args=[activity.code]), FORM
    )
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_sign_ups_through_the_form_are_limited_per_address_together_with_the_api(client, settings):
    settings.RATELIMIT_REGISTRATION = "2/m"
    activity = upcoming()
    url = reverse("activities:public-activity-detail", args=[activity.code])
    api_url = f"/api/v1/activities/{activity.code}/registrations"
    # Windows are whole minutes: all three requests must fall in one, however slow the machine.
    start_of_minute = timezone.now().replace(second=1, microsecond=0) + dt.timedelta(minutes=1)
    with time_machine.travel(start_of_minute, tick=False):
        assert client.post(url, {**FORM, "email": "een@example.org"}).status_code == 302
        assert client.get(url).status_code == 200  # reading the page is not limited
        api = client.post(
            api_url,
            {k: v for k, v in FORM.items() if k != "consent"} | {"email": "twee@example.org"},
            content_type="application/json",
        )
        assert api.status_code == 201
        refused = client.post(url, {**FORM, "email": "drie@example.org"})
        assert refused.status_code == 429
    assert Registration.objects.count() == 2


def test_a_forged_or_foreign_result_token_is_not_found(client):
    activity = upcoming()
    other = upcoming()
    registration = RegistrationFactory(activity=activity, status="registered")
    token = make_result_token(registration_id=registration.pk, created=True)
    ok = reverse("activities:registration-result", args=[activity.code, token])
    assert client.get(ok).status_code == 200
    for code, bad in ((activity.code, token[:-2] + "xx"), (other.code, token)):
        url = reverse("activities:registration-result", args=[code, bad])
        assert client.get(url).status_code == 404

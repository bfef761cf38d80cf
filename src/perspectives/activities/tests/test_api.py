"""The public activity API: catalogue, sign-up status codes and idempotent retries."""

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from perspectives.activities import services
from perspectives.activities.models import Registration
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.core.models import IdempotentResponse
from perspectives.people.models import Person

from .concurrency import run_at_once

pytestmark = pytest.mark.django_db


def upcoming(**fields):
    return ActivityFactory(**{"starts_on": timezone.localdate() + dt.timedelta(days=14), **fields})


def person(n: int = 1, **overrides) -> dict:
    return {
        "email": f"deelnemer{n}@example.org",
        "first_name": "Deel",
        "last_name": f"Nemer {n}",
        "participant_type": "employee",
        **overrides,
    }


def post(client, code: str, data, **headers):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(
        f"/api/v1/activities/{code}/registrations",
        body,
        content_type="application/json",
        headers=headers,
    )


@pytest.fixture
def api():
    """An anonymous client that enforces CSRF, as a browser without a session would meet it."""
    return Client(enforce_csrf_checks=True)


def test_the_catalogue_lists_upcoming_public_activities_with_seats_and_prices(
    api, django_assert_num_queries
):
    full = upcoming(code="vol", capacity=1, price_amount="25.00", freelancer_price_amount="10.00")
    RegistrationFactory(activity=full, status="registered")
    upcoming(code="open", capacity=None, starts_on=timezone.localdate())
    ActivityFactory(code="voorbij", starts_on=timezone.localdate() - dt.timedelta(days=1))
    upcoming(code="besloten", is_closed=True)

    # the rate-limit count, the page, the total
    with django_assert_num_queries(3):
        response = api.get("/api/v1/activities")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    items = {item["code"]: item for item in body["items"]}
    assert list(items) == ["open", "vol"]
    assert items["vol"]["seats_left"] == 0
    assert items["vol"]["waiting_list"] is True
    assert items["vol"]["price"] == "25.00"
    assert items["vol"]["freelancer_price"] == "10.00"
    assert items["vol"]["registration_open"] is True
    assert items["open"]["seats_left"] is None
    assert items["open"]["waiting_list"] is False
    assert set(items["open"]) >= {"title", "type", "pillar", "category", "starts_on", "ends_on"}
    assert set(items["open"]) >= {"is_online", "location"}


def test_the_catalogue_is_paginated(api):
    for n in range(3):
        upcoming(code=f"act-p{n}")
    body = api.get("/api/v1/activities?limit=2&offset=2").json()
    assert body["count"] == 3
    assert [item["code"] for item in body["items"]] == ["act-p2"]


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=101", "offset=-1", "offset=1000001", f"offset={10**30}", f"limit={10**30}"],
)
def test_paging_out_of_bounds_answers_400_with_the_field(api, query):
    # Unbounded, a huge number reached the database as an integer it cannot hold: a 500.
    response = api.get(f"/api/v1/activities?{query}")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {query.split("=")[0]}


def test_a_new_registration_answers_201_without_a_cookie_or_csrf_token(api):
    activity = upcoming(capacity=5, price_amount="30.00", freelancer_price_amount="15.00")

    response = post(api, activity.code, person(participant_type="freelancer"))

    assert response.status_code == 201
    body = response.json()
    registration = Registration.objects.get()
    assert body == {
        "id": registration.pk,
        "activity": activity.code,
        "status": "registered",
        "price": "15.00",
        "registered_at": body["registered_at"],
    }
    assert registration.source == "api"
    assert "Set-Cookie" not in response.headers


def test_a_full_activity_waitlists_the_newcomer(api):
    activity = upcoming(capacity=1)
    RegistrationFactory(activity=activity, status="registered")

    response = post(api, activity.code, person())

    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"


def test_the_same_person_again_gets_200_revealing_nothing_and_is_mailed(
    api, mailoutbox, django_capture_on_commit_callbacks
):
    activity = upcoming(capacity=5)
    first = post(api, activity.code, person())

    with django_capture_on_commit_callbacks(execute=True):
        again = post(api, activity.code, person(email="DEELNEMER1@example.org", first_name="X"))

    assert again.status_code == 200
    body = again.json()
    assert set(body) == {"activity", "detail"} and body["activity"] == activity.code
    for stored in ("id", "price", "registered_at", "status"):
        assert stored not in body
    assert first.json()["registered_at"] not in again.content.decode()
    assert Registration.objects.count() == 1
    assert [m.to for m in mailoutbox] == [["deelnemer1@example.org"]]
    assert "/afmelden/" in mailoutbox[0].body


def test_a_cancelled_registration_comes_back_only_through_the_mailed_link(
    api, client, mailoutbox, django_capture_on_commit_callbacks
):
    activity = upcoming(capacity=5)
    post(api, activity.code, person())
    registration = Registration.objects.get()
    services.cancel_registration(registration=registration)

    with django_capture_on_commit_callbacks(execute=True):
        again = post(api, activity.code, person())

    assert again.status_code == 200
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    (mail,) = mailoutbox
    link = re.search(r"https?://\S+/aanmelden/opnieuw/\S+/", mail.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    registration.refresh_from_db()
    assert registration.status == "cancelled"  # GET only asks
    done = client.post("/" + path)
    assert done.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_an_activity_requiring_confirmation_stores_nothing_until_the_link_is_followed(
    api, client, mailoutbox
):
    activity = upcoming(capacity=5, requires_email_confirmation=True)

    response = post(api, activity.code, person())

    assert response.status_code == 202
    assert set(response.json()) == {"activity", "detail"}
    assert not Registration.objects.exists() and not Person.objects.exists()
    (mail,) = mailoutbox
    link = re.search(r"https?://\S+/aanmelden/bevestigen/\S+/", mail.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert client.get(path).status_code == 200
    assert not Registration.objects.exists()
    assert client.post(path).status_code == 302
    registration = Registration.objects.get()
    assert (registration.status, registration.person.email) == (
        "registered",
        "deelnemer1@example.org",
    )
    # A second click changes nothing.
    assert client.post(path).status_code == 302
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"first_name": "A", "last_name": "B", "participant_type": "employee"}, "email"),
        (person(email="geen-adres"), "email"),
        (person(participant_type="astronaut"), "participant_type"),
        (person(first_name=""), "first_name"),
    ],
)
def test_bad_input_answers_400_with_the_errors_per_field(api, data, field):
    activity = upcoming()

    response = post(api, activity.code, data)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors
    assert all(isinstance(message, str) for message in errors[field])
    assert not Registration.objects.exists()


def test_a_body_that_is_not_json_answers_400(api):
    activity = upcoming()
    response = post(api, activity.code, "{not json")
    assert response.status_code == 400
    assert "errors" in response.json()


@pytest.mark.parametrize("kind", ["unknown", "closed meeting"])
def test_an_unknown_or_closed_activity_answers_404(api, kind):
    code = upcoming(is_closed=True).code if kind == "closed meeting" else "bestaat-niet"
    response = post(api, code, person())
    assert response.status_code == 404
    assert not Registration.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize("kind", ["unknown", "closed meeting"])
@pytest.mark.parametrize("key", [None, "sleutel-1"])
def test_an_unknown_or_closed_activity_answers_404_before_bad_data_400(api, kind, key):
    code = upcoming(is_closed=True).code if kind == "closed meeting" else "bestaat-niet"
    headers = {"Idempotency-Key": key} if key else {}
    response = post(api, code, person(email="geen-adres"), **headers)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}
    assert not Person.objects.exists()


def test_registration_after_closing_answers_409(api):
    activity = upcoming(registration_closes_at=timezone.now() - dt.timedelta(hours=1))
    response = post(api, activity.code, person())
    assert response.status_code == 409
    assert not Registration.objects.exists()


def test_a_retry_with_the_same_key_returns_the_first_answer(api):
    activity = upcoming(capacity=1)

    first = post(api, activity.code, person(), **{"Idempotency-Key": "k-1"})
    # Someone else takes... nothing: the seat is ours; the retry must still say 201.
    retry = post(api, activity.code, person(), **{"Idempotency-Key": "k-1"})

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Registration.objects.count() == 1
    stored = IdempotentResponse.objects.get()
    assert "deelnemer1@example.org" not in json.dumps(stored.body)


def test_without_a_key_a_second_request_gets_200_but_with_the_key_201_again(api):
    activity = upcoming(capacity=5)
    post(api, activity.code, person(), **{"Idempotency-Key": "k-2"})

    assert post(api, activity.code, person()).status_code == 200
    assert post(api, activity.code, person(), **{"Idempotency-Key": "k-2"}).status_code == 201


def test_the_same_key_with_a_different_body_answers_422(api):
    activity = upcoming(capacity=5)
    post(api, activity.code, person(1), **{"Idempotency-Key": "k-3"})

    response = post(api, activity.code, person(2), **{"Idempotency-Key": "k-3"})

    assert response.status_code == 422
    assert Registration.objects.count() == 1


def test_an_answer_of_409_is_replayed_as_409(api):
    activity = upcoming(registration_closes_at=timezone.now() - dt.timedelta(hours=1))
    first = post(api, activity.code, person(), **{"Idempotency-Key": "k-4"})
    retry = post(api, activity.code, person(), **{"Idempotency-Key": "k-4"})
    assert first.status_code == retry.status_code == 409
    assert retry.json() == first.json()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_retries_with_one_key_make_one_registration_and_equal_answers(
    shared_database,  # noqa: F811
):
    activity = upcoming(capacity=5)

    def send(_i: int):
        response = post(Client(), activity.code, person(), **{"Idempotency-Key": "k-race"})
        return response.status_code, response.content

    results, errors = run_at_once(shared_database, send, 8)

    assert errors == []
    assert {status for status, _ in results} == {201}
    assert len({content for _, content in results}) == 1
    assert Registration.objects.count() == 1
    assert IdempotentResponse.objects.count() == 1


def test_the_openapi_schema_describes_both_operations_to_logged_in_users(api, staff_client):
    assert api.get("/api/v1/openapi.json").status_code == 401
    paths = staff_client.get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/activities"]
    operation = paths["/api/v1/activities/{code}/registrations"]["post"]
    assert {"200", "201", "400", "404", "409", "422", "429"} <= set(operation["responses"])

"""POST /api/v1/hits: the beacon other sites of the foundation use to count page views."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from perspectives.reach.models import VisitorHit, VisitorSalt

from .conftest import BROWSER

pytestmark = pytest.mark.django_db

URL = "/api/v1/hits"
PAGE = "https://localhost/vacatures/video-editor/?utm_source=mail#apply"


def post(client, body, *, user_agent=BROWSER, ip="203.0.113.7", **extra):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(
        URL,
        data=data,
        content_type="text/plain;charset=UTF-8",
        HTTP_USER_AGENT=user_agent,
        REMOTE_ADDR=ip,
        **extra,
    )


def test_an_anonymous_hit_is_answered_202_without_body_or_cookie_and_counted(client):
    response = post(client, {"url": PAGE, "referrer": "https://www.example.org/"})
    assert response.status_code == 202
    assert response.content == b""
    assert not response.cookies and "Set-Cookie" not in response.headers
    hit = VisitorHit.objects.get()
    assert (hit.day, hit.section) == (timezone.localdate(), "vacancy_portal")
    assert len(hit.visitor_hash) == 64 and int(hit.visitor_hash, 16) >= 0


def test_a_hit_needs_no_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert post(client, {"url": PAGE}).status_code == 202
    assert VisitorHit.objects.count() == 1


def test_the_same_visitor_twice_in_a_day_is_one_row(client):
    post(client, {"url": PAGE})
    post(client, {"url": "https://localhost/vacatures/other/"})
    assert VisitorHit.objects.count() == 1
    post(client, {"url": PAGE}, ip="203.0.113.8")
    post(client, {"url": PAGE}, user_agent=BROWSER.replace("126", "127"))
    post(client, {"url": "https://localhost/kennisbank/ai/"})
    assert VisitorHit.objects.count() == 4
    assert VisitorSalt.objects.count() == 1


def test_the_same_visitor_on_two_days_is_two_rows_with_unrelated_hashes(client, monkeypatch):
    first = timezone.now()
    post(client, {"url": PAGE})
    monkeypatch.setattr(timezone, "now", lambda: first + dt.timedelta(days=1))
    post(client, {"url": PAGE})
    hits = list(VisitorHit.objects.order_by("day"))
    assert [h.day for h in hits] == [
        timezone.localtime(first).date(),
        timezone.localtime(first).date() + dt.timedelta(days=1),
    ]
    assert hits[0].visitor_hash != hits[1].visitor_hash
    assert VisitorSalt.objects.count() == 2


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "python-requests/2.32.3",
        "curl/8.5.0",
    ],
)
def test_bots_and_clients_without_user_agent_are_not_counted(client, user_agent):
    assert post(client, {"url": PAGE}, user_agent=user_agent).status_code == 202
    assert not VisitorHit.objects.exists()


def test_hits_for_other_sites_are_accepted_but_not_counted(client, settings):
    response = post(client, {"url": "https://elsewhere.example.com/vacatures/x/"})
    assert response.status_code == 202 and response.content == b""
    assert not VisitorHit.objects.exists()
    settings.REACH_ALLOWED_SITES = [".example.com"]
    post(client, {"url": "https://elsewhere.example.com/vacatures/x/"})
    post(client, {"url": PAGE})
    assert list(VisitorHit.objects.values_list("section", flat=True)) == ["vacancy_portal"]


def test_hits_for_pages_that_are_never_counted_are_not_stored(client):
    post(client, {"url": "https://localhost/beheer/bereik/"})
    post(client, {"url": "https://localhost/static/reach/count.js"})
    assert not VisitorHit.objects.exists()
    post(client, {"url": "https://localhost/"})
    assert VisitorHit.objects.get().section == "other"


def test_a_body_over_two_kilobytes_is_refused_with_413(client):
    padding = "x" * 2048
    response = post(client, {"url": PAGE, "referrer": padding})
    assert response.status_code == 413
    assert not VisitorHit.objects.exists()
    exactly = json.dumps({"url": PAGE, "referrer": ""})
    exactly = exactly[:-1] + " " * (2048 - len(exactly)) + "}"
    assert len(exactly.encode()) == 2048
    assert post(client, exactly).status_code == 202


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        b"",
        b"[]",
        b'{"referrer": "https://localhost/"}',
        b'{"url": 42}',
        b'{"url": "vacatures/x"}',
        b'{"url": "ftp://localhost/vacatures/x"}',
        b'{"url": "https://localhost/", "referrer": 3}',
        b'{"url": "https://localhost/", "referrer": null}',
        # Within the body's 2 KB but longer than the schema's maxLength for a referrer.
        b'{"url": "https://localhost/", "referrer": "' + b"r" * 2001 + b'"}',
    ],
)
def test_malformed_hits_are_refused_with_400(client, body):
    response = post(client, body)
    assert response.status_code == 400
    assert not response.cookies
    assert not VisitorHit.objects.exists()


def test_only_post_is_allowed(client):
    assert client.get(URL).status_code == 405


def test_the_openapi_schema_is_for_logged_in_users_and_describes_the_hit_endpoint(staff_client):
    assert Client().get("/api/v1/openapi.json").status_code == 401
    response = staff_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Perspectives API"
    operation = schema["paths"]["/api/v1/hits"]["post"]
    assert "202" in operation["responses"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["required"] == ["url"]


def test_the_hit_table_has_no_column_for_address_agent_url_or_time():
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, VisitorHit._meta.db_table
            )
        }
    # address_hash is a keyed hash of the address (for the per-address cap), not the address.
    assert columns == {"id", "day", "section", "visitor_hash", "address_hash"}


def test_the_stored_hashes_do_not_contain_the_address_or_agent(client):
    post(client, {"url": PAGE}, ip="198.51.100.23")
    for stored in VisitorHit.objects.values_list("visitor_hash", "address_hash").get():
        assert len(stored) == 64 and int(stored, 16) >= 0
        assert "198.51.100.23" not in stored and "Chrome" not in stored

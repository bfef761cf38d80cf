"""Rate limits of the public endpoints (bar 25) and their security events (bar 27).

The sign-up API is the main case; the beacon and the catalogue are checked here too, so that
one file shows every public limit and the switch that turns them all off.
"""

import datetime as dt
import json

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View

from perspectives.activities.tests.concurrency import run_at_once
from perspectives.activities.tests.factories import ActivityFactory
from perspectives.config.settings.environment import env_rate
from perspectives.core.models import RateLimitCount
from perspectives.core.ratelimit import (
    count_request,
    parse_rate,
    purge_rate_limit_counts,
    rate_limited,
    truncated_address,
)

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"


@pytest.fixture
def events(caplog):
    caplog.set_level("INFO", logger="perspectives.security")

    def read() -> list[dict]:
        return [
            json.loads(r.getMessage()) for r in caplog.records if r.name == "perspectives.security"
        ]

    return read


def sign_up(client, code: str, n: int, address: str = ADDRESS):
    data = {
        "email": f"snel{n}@example.org",
        "first_name": "Snel",
        "last_name": str(n),
        "participant_type": "student",
    }
    return client.post(
        f"/api/v1/activities/{code}/registrations",
        json.dumps(data),
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def hit(client, address: str = ADDRESS):
    return client.post(
        "/api/v1/hits",
        json.dumps({"url": "https://testserver/vacatures/"}),
        content_type="text/plain",
        REMOTE_ADDR=address,
    )


@pytest.fixture
def activity():
    return ActivityFactory(starts_on=timezone.localdate() + dt.timedelta(days=7))


def test_the_eleventh_sign_up_in_a_minute_from_one_address_gets_429(settings, activity, events):
    settings.RATELIMIT_REGISTRATION = "10/m"
    client = Client()
    answers = [sign_up(client, activity.code, n).status_code for n in range(10)]
    assert answers == [201] * 10

    refused = sign_up(client, activity.code, 10)

    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json() == {"detail": "Too many requests"}
    # Another address still gets in.
    assert sign_up(client, activity.code, 11, address="198.51.100.9").status_code == 201


def test_a_refusal_writes_one_security_event_without_the_full_address(
    settings, activity, events, caplog
):
    settings.RATELIMIT_REGISTRATION = "2/m"
    client = Client()
    for n in range(5):
        sign_up(client, activity.code, n)

    lines = [e for e in events() if e["action"] == "ratelimit.exceeded"]
    assert len(lines) == 1
    assert lines[0]["object"] == "activities.registration"
    assert lines[0]["result"] == "refused"
    assert lines[0]["ip"] == "203.0.113.0/24"
    assert ADDRESS not in caplog.text
    assert "snel" not in caplog.text


def test_invalid_sign_ups_count_against_the_limit_too(settings, activity):
    settings.RATELIMIT_REGISTRATION = "1/m"
    client = Client()
    bad = client.post(
        f"/api/v1/activities/{activity.code}/registrations",
        "{}",
        content_type="application/json",
        REMOTE_ADDR=ADDRESS,
    )
    assert bad.status_code == 400
    assert sign_up(client, activity.code, 1).status_code == 429


def test_the_catalogue_is_limited_per_address(settings):
    settings.RATELIMIT_API = "3/m"
    client = Client()
    answers = [client.get("/api/v1/activities", REMOTE_ADDR=ADDRESS).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_the_hit_beacon_is_limited_per_address(settings):
    settings.RATELIMIT_HITS = "5/m"
    client = Client()
    answers = [hit(client).status_code for _ in range(6)]
    assert answers == [202] * 5 + [429]


def test_ratelimit_enabled_false_switches_every_limit_off(settings, activity):
    settings.RATELIMIT_ENABLED = False
    settings.RATELIMIT_REGISTRATION = "1/m"
    settings.RATELIMIT_HITS = "1/m"
    settings.RATELIMIT_API = "1/m"
    client = Client()
    assert {sign_up(client, activity.code, n).status_code for n in range(3)} == {201}
    assert {hit(client).status_code for _ in range(3)} == {202}
    assert {client.get("/api/v1/activities").status_code for _ in range(3)} == {200}


def test_behind_a_proxy_the_configured_header_names_the_client(settings, activity):
    settings.RATELIMIT_REGISTRATION = "1/m"
    settings.RATELIMIT_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    client = Client()
    first = sign_up(client, activity.code, 1)
    # Same proxy address, another client behind it: its own budget.
    other = client.post(
        f"/api/v1/activities/{activity.code}/registrations",
        json.dumps(
            {
                "email": "ander@example.org",
                "first_name": "A",
                "last_name": "B",
                "participant_type": "student",
            }
        ),
        content_type="application/json",
        REMOTE_ADDR=ADDRESS,
        HTTP_X_REAL_IP="192.0.2.5",
    )
    assert first.status_code == 201
    assert other.status_code == 201


@pytest.mark.parametrize(
    ("address", "network"),
    [("203.0.113.77", "203.0.113.0/24"), ("2001:db8:1:2::5", "2001:db8:1::/48"), ("x", "")],
)
def test_addresses_are_cut_to_their_network(address, network):
    assert truncated_address(address) == network


def test_a_class_based_view_takes_the_limit_in_one_line(rf, settings):

    @method_decorator(
        rate_limited(group="activities.registration", rate_setting="RATELIMIT_REGISTRATION"),
        name="dispatch",
    )
    class FormView(View):
        def get(self, request):
            return HttpResponse("form")

        def post(self, request):
            return HttpResponse("thanks")

    settings.RATELIMIT_REGISTRATION = "1/m"
    view = FormView.as_view()
    assert view(rf.post("/", REMOTE_ADDR=ADDRESS)).status_code == 200
    assert view(rf.get("/", REMOTE_ADDR=ADDRESS)).status_code == 200
    refused = view(rf.post("/", REMOTE_ADDR=ADDRESS))
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/plain")


def test_a_rate_that_is_not_a_rate_stops_the_start(monkeypatch):

    monkeypatch.setenv("RATELIMIT_TEST", "tien per minuut")
    with pytest.raises(ImproperlyConfigured):
        env_rate("RATELIMIT_TEST", "10/m")
    monkeypatch.setenv("RATELIMIT_TEST", "5/10m")
    assert env_rate("RATELIMIT_TEST", "10/m") == "5/10m"


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("10/m", (10, 60)), ("5/10m", (5, 600)), ("3/h", (3, 3600)), ("1/d", (1, 86400))],
)
def test_rates_read_as_count_and_seconds(rate, parsed):
    assert parse_rate(rate) == parsed


def test_a_new_window_starts_the_count_again():
    minute = 1_800_000_000  # a whole minute (divisible by 60)
    counts = [
        count_request(group="t", address=ADDRESS, rate="2/m", now=minute + second).count
        for second in (0, 30, 59, 60, 61)
    ]
    assert counts == [1, 2, 3, 1, 2]
    last = count_request(group="t", address=ADDRESS, rate="2/m", now=minute + 75)
    assert (last.count, last.over, last.seconds_left) == (3, True, 45)


def test_the_table_holds_no_address_and_ended_windows_are_purged():
    count_request(group="t", address=ADDRESS, rate="2/m", now=1_000)
    count_request(group="t", address="198.51.100.9", rate="2/m", now=4_000_000_000)
    assert not RateLimitCount.objects.filter(client_key__contains="203.0.113").exists()
    assert purge_rate_limit_counts(today=dt.date.today()) == {"rate_limit_counts": 1}
    assert RateLimitCount.objects.get().window_ends == 4_000_000_020


# Serialized rollback: see test_seats_concurrency.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_of_one_client_are_counted_exactly(shared_database):
    """Bar 25: no two requests read the same count, however they interleave."""

    def count(_thread: int) -> list[int]:
        return [
            count_request(group="t", address=ADDRESS, rate="100/m", now=1_800_000_000).count
            for _ in range(25)
        ]

    results, errors = run_at_once(shared_database, count, 4)
    assert not errors
    assert sorted(n for counts in results for n in counts) == list(range(1, 101))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clients_of_one_address_at_once_get_exactly_the_limit(shared_database, settings):
    settings.RATELIMIT_REGISTRATION = "10/m"
    # Five seconds into a minute, so that no new window starts during the test.
    with time_machine.travel(dt.datetime(2030, 3, 1, 11, 0, 5, tzinfo=dt.UTC)):
        activity = ActivityFactory(starts_on=dt.date(2030, 3, 20))

        def send(thread: int) -> list[int]:
            client = Client()
            return [sign_up(client, activity.code, thread * 100 + n).status_code for n in range(10)]

        results, errors = run_at_once(shared_database, send, 2)
    assert not errors
    answers = sorted(status for statuses in results for status in statuses)
    assert answers == [201] * 10 + [429] * 10

"""The activities' boundaries, on both sides: deadlines, capacity, closed meetings, tallies.

Each boundary has a case just inside and just outside it, through the pages and services the
public uses. Times are in Amsterdam (UTC+1 in March 2030): 22:59 UTC is 23:59 on the start day,
23:00 UTC is midnight, the first minute of the day after.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from perspectives.activities import selectors, services
from perspectives.activities.models import Category, Registration
from perspectives.activities.sources import registrations_source
from perspectives.activities.tallies import services as tally_services
from perspectives.activities.tokens import make_again_token, make_cancel_token, make_result_token
from perspectives.core.periods import year_period
from perspectives.people.tests.factories import PersonFactory

from .factories import ActivityFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

START = dt.date(2030, 3, 10)
LAST_MINUTE_OF_START_DAY = dt.datetime(2030, 3, 10, 22, 59, 59, tzinfo=dt.UTC)
FIRST_MINUTE_OF_DAY_AFTER = dt.datetime(2030, 3, 10, 23, 0, tzinfo=dt.UTC)
BEFORE = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.UTC)


def sign_up(activity, email: str, now=BEFORE):
    return services.sign_up(
        activity=activity,
        email=email,
        first_name="Anna",
        last_name="de Vries",
        participant_type="employee",
        source="form",
        now=now,
    ).registration


# The cancellation deadline: through the start day, in the foundation's time zone


@pytest.mark.parametrize(
    "now, allowed",
    [(LAST_MINUTE_OF_START_DAY, True), (FIRST_MINUTE_OF_DAY_AFTER, False)],
)
def test_a_participant_may_cancel_on_the_start_day_and_not_the_day_after(now, allowed):
    activity = ActivityFactory(starts_on=START, capacity=5)
    registration = RegistrationFactory(activity=activity, status="registered")
    assert activity.is_cancellation_open(now) is allowed
    if allowed:
        services.cancel_registration(registration=registration, by_participant=True, now=now)
    else:
        with pytest.raises(services.CancellationClosed):
            services.cancel_registration(registration=registration, by_participant=True, now=now)
    expected = "cancelled" if allowed else "registered"
    assert Registration.objects.get(pk=registration.pk).status == expected


@pytest.mark.parametrize(
    "now, allowed",
    [(LAST_MINUTE_OF_START_DAY, True), (FIRST_MINUTE_OF_DAY_AFTER, False)],
)
def test_the_cancel_link_offers_and_does_the_cancelling_on_the_start_day_only(client, now, allowed):
    activity = ActivityFactory(starts_on=START, capacity=5)
    registration = RegistrationFactory(activity=activity, status="registered")
    url = reverse(
        "activities:public-registration-cancel",
        args=[make_cancel_token(registration_id=registration.pk)],
    )
    with time_machine.travel(now, tick=False):
        page = client.get(url)
        assert page.status_code == 200
        assert page.context["can_cancel"] is allowed
        assert ('<form method="post">' in page.content.decode()) is allowed
        assert client.post(url).status_code == 302
    expected = "cancelled" if allowed else "registered"
    assert Registration.objects.get(pk=registration.pk).status == expected


def test_staff_may_still_cancel_on_the_day_after():
    activity = ActivityFactory(starts_on=START)
    registration = RegistrationFactory(activity=activity, status="registered")
    services.cancel_registration(registration=registration, now=FIRST_MINUTE_OF_DAY_AFTER)
    assert Registration.objects.get(pk=registration.pk).status == "cancelled"


# Sign-up closes: at the closing moment, or after the start day


def test_sign_up_is_open_until_the_closing_moment_and_not_at_it():
    closes = dt.datetime(2030, 3, 5, 12, 0, tzinfo=dt.UTC)
    activity = ActivityFactory(starts_on=START, registration_closes_at=closes)
    sign_up(activity, "a@example.org", now=closes - dt.timedelta(microseconds=1))
    with pytest.raises(services.RegistrationClosed):
        sign_up(activity, "b@example.org", now=closes)
    assert activity.registrations.count() == 1


def test_without_a_closing_moment_sign_up_is_open_through_the_start_day():
    activity = ActivityFactory(starts_on=START)
    sign_up(activity, "a@example.org", now=LAST_MINUTE_OF_START_DAY)
    with pytest.raises(services.RegistrationClosed):
        sign_up(activity, "b@example.org", now=FIRST_MINUTE_OF_DAY_AFTER)
    assert activity.registrations.count() == 1


# Capacity: exactly the capacity seated, the next one waits


@pytest.mark.parametrize("capacity", [1, 3])
def test_exactly_the_capacity_is_seated_and_one_more_waits(capacity):
    activity = ActivityFactory(starts_on=START, capacity=capacity)
    seated = [sign_up(activity, f"p{i}@example.org") for i in range(capacity)]
    assert [r.status for r in seated] == ["registered"] * capacity
    assert selectors.seats_left(activity=activity) == 0
    extra = sign_up(activity, "extra@example.org")
    assert extra.status == "waitlisted"
    assert selectors.get_waiting_list_position(registration=extra) == 1
    # One seat given up: the one waiting takes it, and the activity is full again.
    services.cancel_registration(registration=seated[0], now=BEFORE)
    assert Registration.objects.get(pk=extra.pk).status == "registered"
    assert selectors.seats_left(activity=activity) == 0


def test_the_catalogue_shows_one_seat_left_below_capacity_and_the_waiting_list_at_it(client):
    with time_machine.travel(BEFORE, tick=False):
        activity = ActivityFactory(starts_on=START, capacity=2)
        sign_up(activity, "a@example.org")

        def listed():
            (item,) = client.get("/api/v1/activities").json()["items"]
            return item["seats_left"], item["waiting_list"]

        assert listed() == (1, False)
        sign_up(activity, "b@example.org")
        assert listed() == (0, True)


# A closed meeting's registration is not reachable by its tokens


def token_urls(registration) -> list[str]:
    code = registration.activity.code
    return [
        reverse(
            "activities:public-registration-cancel",
            args=[make_cancel_token(registration_id=registration.pk)],
        ),
        reverse(
            "activities:registration-again",
            args=[make_again_token(registration_id=registration.pk)],
        ),
        reverse(
            "activities:registration-result",
            args=[code, make_result_token(registration_id=registration.pk, created=True)],
        ),
    ]


@pytest.mark.parametrize("is_closed", [False, True])
def test_the_links_of_a_registration_open_only_for_an_activity_that_is_not_closed(
    client, is_closed
):
    with time_machine.travel(BEFORE, tick=False):
        activity = ActivityFactory(starts_on=START, is_closed=is_closed)
        registration = RegistrationFactory(activity=activity, status="registered")
        for url in token_urls(registration):
            assert client.get(url).status_code == (404 if is_closed else 200), url
        cancel_url, again_url, _ = token_urls(registration)
        assert client.post(cancel_url).status_code == (404 if is_closed else 302)
    expected = "registered" if is_closed else "cancelled"
    assert Registration.objects.get(pk=registration.pk).status == expected


def test_a_closed_meetings_cancel_link_answers_like_a_forged_one(client):
    def comparable(response, path: str) -> bytes:
        # The CSRF token is masked afresh on every page, and the page echoes its own path.
        content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content)
        return content.replace(path.encode(), b"/the/path/")

    with time_machine.travel(BEFORE, tick=False):
        registration = RegistrationFactory(
            activity=ActivityFactory(starts_on=START, is_closed=True), status="registered"
        )
        closed_url = token_urls(registration)[0]
        forged_url = reverse("activities:public-registration-cancel", args=["1:forged"])
        closed, forged = client.get(closed_url), client.get(forged_url)
    assert closed.status_code == forged.status_code == 404
    assert comparable(closed, closed_url) == comparable(forged, forged_url)


def test_a_meeting_closed_after_the_mail_went_out_closes_its_links(client):
    with time_machine.travel(BEFORE, tick=False):
        activity = ActivityFactory(starts_on=START)
        registration = RegistrationFactory(activity=activity, status="registered")
        cancel_url = token_urls(registration)[0]
        assert client.get(cancel_url).status_code == 200
        services.update_activity(activity=activity, actor=None, is_closed=True)
        assert client.get(cancel_url).status_code == 404
        assert client.post(cancel_url).status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == "registered"


def test_the_result_page_opens_for_24_hours_and_not_a_second_longer(client):
    with time_machine.travel(BEFORE, tick=False):
        registration = RegistrationFactory(
            activity=ActivityFactory(starts_on=START), status="registered"
        )
        url = token_urls(registration)[2]
    with time_machine.travel(BEFORE + dt.timedelta(hours=24), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(BEFORE + dt.timedelta(hours=24, seconds=1), tick=False):
        assert client.get(url).status_code == 404


# The tallies: a person once per category set, the cut-off day in, the day after out

ALL_CATEGORIES = {"categories": list(Category.values)}
EVERY_ACTIVITY = {}


def distinct(params_list, periods):
    registrations_source.refresh()
    return registrations_source.distinct_persons(
        periods=periods, params_list=params_list, others=[]
    )


def attend(category, on, person):
    return RegistrationFactory(
        activity=ActivityFactory(category=category, starts_on=on), person=person, status="attended"
    )


@pytest.mark.parametrize("full_recount", [False, True])
def test_a_person_in_every_category_counts_once_in_each_category_set(full_recount):
    person = PersonFactory()
    for index, category in enumerate(Category.values):
        attend(category, dt.date(2019, 2 + index, 1), person)
    attend("", dt.date(2019, 8, 1), person)  # no category
    attend("", dt.date(2019, 9, 1), PersonFactory())  # no category, someone else
    if full_recount:
        tally_services.recount_tallies()
    periods = [year_period(2019)]
    assert distinct([ALL_CATEGORIES], periods) == {"2019": 1}
    assert distinct([EVERY_ACTIVITY], periods) == {"2019": 2}
    for category in Category.values:
        assert distinct([{"categories": [category]}], periods) == {"2019": 1}
    assert distinct([{"categories": [c]} for c in Category.values], periods) == {"2019": 1}


@pytest.mark.parametrize("full_recount", [False, True])
def test_the_tallies_count_the_cut_off_day_and_not_the_day_after(full_recount):
    through = dt.date(2019, 10, 31)
    on_the_day, day_after = PersonFactory(), PersonFactory()
    attend("starters", through, on_the_day)
    attend("professionals", through + dt.timedelta(days=1), on_the_day)
    attend("professionals", through + dt.timedelta(days=1), day_after)
    if full_recount:
        tally_services.recount_tallies()
    cut_off = [year_period(2019, through=through)]
    whole_year = [year_period(2019)]
    for params in (ALL_CATEGORIES, EVERY_ACTIVITY):
        assert distinct([params], cut_off) == {"2019": 1}
        assert distinct([params], whole_year) == {"2019": 2}
    assert distinct([{"categories": ["professionals"]}], cut_off) == {"2019": 0}
    assert (
        registrations_source.count(
            periods=cut_off, params={"categories": ["professionals"]}, unit="participations"
        )["2019"].value
        == 0
    )
    assert (
        registrations_source.count(
            periods=cut_off, params={"categories": ["starters"]}, unit="participations"
        )["2019"].value
        == 1
    )

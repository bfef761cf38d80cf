"""The reach.online source counts subscribers from the history where it has one."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from perspectives.core.periods import year_period
from perspectives.reach.newsletters import services
from perspectives.reach.sources import online_reach
from perspectives.reach.tests.factories import (
    NewsletterListFactory,
    ReachFigureFactory,
    subscribe_confirmed,
)

pytestmark = pytest.mark.django_db


def count(periods, params=None):
    with translation.override("en"):
        return online_reach.count(periods=periods, params=params or {}, unit="participations")


def at(year, month, day):
    return dt.datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


def imported_subscribers(year, value):
    return ReachFigureFactory(
        channel="newsletter_subscribers",
        period_start=dt.date(year, 12, 1),
        period_end=dt.date(year, 12, 31),
        value=value,
        method="subscribers at year end",
        source="Mailchimp",
    )


@pytest.fixture
def history():
    """Newsletters in use from 2024: three subscribers, one of them gone again in 2025."""
    newsletter, other = NewsletterListFactory(), NewsletterListFactory()
    anna = subscribe_confirmed(
        newsletter_list=newsletter, email="anna@example.org", at=at(2024, 3, 1)
    )
    subscribe_confirmed(newsletter_list=newsletter, email="bert@example.org", at=at(2024, 6, 1))
    subscribe_confirmed(newsletter_list=other, email="anna@example.org", at=at(2024, 12, 31))
    services.unsubscribe(subscription=anna, now=at(2025, 2, 1))
    closed = NewsletterListFactory()
    subscribe_confirmed(newsletter_list=closed, email="cees@example.org", at=at(2024, 5, 1))
    type(closed).objects.filter(pk=closed.pk).update(is_active=False)


def test_the_history_replaces_imported_subscribers_where_it_reaches(history):
    imported_subscribers(2023, 700)
    imported_subscribers(2024, 900)
    periods = [year_period(2023), year_period(2024), year_period(2025)]
    result = count(periods, {"visitor_channels": []})
    assert result["2023"].value == 700
    assert result["2023"].details["subscribers_from"] == "imported"
    assert "Mailchimp" in result["2023"].method
    assert result["2024"].value == 3  # anna twice (two open lists) and bert; the closed list not
    assert result["2024"].details["subscribers_from"] == "subscription_history"
    assert result["2024"].details["replaced_figures"] == [
        ["newsletter_subscribers", "2024-12-01", "2024-12-31", 900]
    ]
    assert "subscription history" in result["2024"].method
    assert "Mailchimp" not in result["2024"].method
    assert result["2025"].value == 2


def test_a_cut_off_counts_the_subscribers_on_its_last_day(history):
    result = count([year_period(2024, through=dt.date(2024, 6, 30))], {"visitor_channels": []})
    assert result["2024"].value == 2


def test_subscribers_are_added_to_visitors_and_change_the_fingerprint(history):
    ReachFigureFactory(
        channel="academy",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 1, 31),
        value=50,
    )
    assert count([year_period(2024)])["2024"].value == 53
    before = online_reach.fingerprint(periods=[year_period(2025)], params={})
    services.suppress_address(email="bert@example.org", reason="bounced", now=at(2025, 3, 1))
    after = online_reach.fingerprint(periods=[year_period(2025)], params={})
    assert before != after


def test_without_newsletters_imported_figures_count_as_before():
    imported_subscribers(2024, 900)
    result = count([year_period(2024)], {"visitor_channels": []})
    assert result["2024"].value == 900
    assert "subscribers_from" not in result["2024"].details

"""The reach.online source prefers measured visitors and says which figures it used."""

import datetime as dt

import pytest
from django.utils import translation

from perspectives.core.periods import year_period
from perspectives.reach.models import VisitorHit
from perspectives.reach.sources import online_reach
from perspectives.reach.tests.factories import DailyVisitorsFactory, ReachFigureFactory

pytestmark = pytest.mark.django_db


def count(periods, params=None):
    with translation.override("nl"):
        return online_reach.count(periods=periods, params=params or {}, unit="participations")


def measured(day, section, visitors):
    return DailyVisitorsFactory(day=day, section=section, unique_visitors=visitors)


def test_measured_days_replace_the_imported_figure_of_the_same_channel_and_period():
    ReachFigureFactory(
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 12, 31),
        channel="academy",
        value=5000,
        method="unieke bezoekers per jaar",
        source="Matomo",
    )
    measured(dt.date(2021, 3, 1), "academy", 30)
    measured(dt.date(2021, 3, 2), "academy", 12)
    result = count([year_period(2021)])["2021"]
    assert result.value == 42
    assert result.method == "gemeten: unieke bezoekers per dag, opgeteld"
    assert "Matomo" not in result.method
    assert result.details["measured_by_channel"] == {"academy": 42}
    assert result.details["measured_days"] == {"academy": 2}
    assert result.details["replaced_figures"] == [["academy", "2021-01-01", "2021-12-31", 5000]]


def test_imported_figures_count_for_channels_and_months_without_measurements():
    ReachFigureFactory(
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 1, 31),
        channel="academy",
        value=700,
        method="unieke bezoekers per maand",
        source="GA",
    )
    ReachFigureFactory(
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 12, 31),
        channel="vacancy_portal",
        value=9000,
        method="unieke bezoekers per jaar",
        source="GA",
    )
    measured(dt.date(2021, 2, 10), "academy", 5)
    measured(dt.date(2021, 2, 10), "other", 1000)
    result = count([year_period(2021)])["2021"]
    assert result.value == 700 + 9000 + 5
    assert result.details["by_channel"] == {"academy": 705, "vacancy_portal": 9000}
    assert result.details["imported_by_channel"] == {"academy": 700, "vacancy_portal": 9000}
    assert result.details["replaced_figures"] == []
    assert result.method.startswith("gemeten: unieke bezoekers per dag, opgeteld; ")
    assert "GA" in result.method


def test_only_imported_figures_keep_their_method_and_details_as_before():
    ReachFigureFactory(channel="academy", value=10, method="visitors", source="GA")
    result = count([year_period(2019)])["2019"]
    assert result.method == "visitors (herkomst: GA)"
    assert set(result.details) == {"by_channel", "figures"}
    fingerprint = online_reach.fingerprint(periods=[year_period(2019)], params={})
    assert "measured" not in fingerprint["2019"]


def test_other_pages_count_toward_the_website_total_only():
    measured(dt.date(2021, 5, 1), "other", 100)
    measured(dt.date(2021, 5, 1), "knowledge_base", 20)
    assert count([year_period(2021)])["2021"].value == 20
    params = {"visitor_channels": ["website_total"], "subscriber_channels": []}
    assert count([year_period(2021)], params)["2021"].value == 120


def test_a_visitor_on_two_days_counts_twice_and_a_cut_off_ends_the_sum():
    measured(dt.date(2020, 10, 31), "vacancy_portal", 1)
    measured(dt.date(2020, 11, 1), "vacancy_portal", 1)
    assert count([year_period(2020)])["2020"].value == 2
    through = year_period(2020, through=dt.date(2020, 10, 31))
    assert count([through])["2020"].value == 1


def test_hits_not_yet_compacted_count_as_measured():
    VisitorHit.objects.create(day=dt.date(2021, 6, 1), section="academy", visitor_hash="a" * 64)
    VisitorHit.objects.create(day=dt.date(2021, 6, 1), section="academy", visitor_hash="b" * 64)
    measured(dt.date(2021, 6, 1), "academy", 3)
    result = count([year_period(2021)])["2021"]
    assert result.value == 5 and result.details["measured_days"] == {"academy": 1}


def test_the_fingerprint_follows_the_measured_counts():
    day = measured(dt.date(2021, 5, 1), "academy", 10)
    before = online_reach.fingerprint(periods=[year_period(2021)], params={})
    assert before["2021"]["measured"] == [["academy", 1, 10]]
    day.unique_visitors = 11
    day.save()
    assert online_reach.fingerprint(periods=[year_period(2021)], params={}) != before


def test_describe_mentions_that_measured_counts_replace_imported_figures():
    english = online_reach.describe({}, language="en")
    assert "unique per day, summed over the days" in english
    assert "one client address counts as at most 5 visitors a day" in english
    assert "known bots are left out" in english
    assert "replace the entered or imported figures" in english

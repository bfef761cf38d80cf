import datetime as dt

import pytest

from perspectives.core.periods import year_period
from perspectives.core.registry import indicator_sources
from perspectives.reach.sources import online_reach
from perspectives.reach.tests.factories import ReachFigureFactory

pytestmark = pytest.mark.django_db


def month(year, number, channel, value, **extra):
    start = dt.date(year, number, 1)
    end = (dt.date(year + number // 12, number % 12 + 1, 1)) - dt.timedelta(days=1)
    return ReachFigureFactory(
        period_start=start, period_end=end, channel=channel, value=value, **extra
    )


def count(periods, params=None):
    return online_reach.count(periods=periods, params=params or {}, unit="participations")


def test_source_is_registered_and_counts_no_people():
    assert indicator_sources.get("reach.online") is online_reach
    assert online_reach.counts_people is False
    assert online_reach.person_ids(period=year_period(2019), params={}) is None


@pytest.mark.parametrize(
    ("params", "dutch", "english"),
    [
        ({}, "Bezoekers en abonnees", "Visitors and subscribers"),
        ({"subscriber_channels": []}, "Bezoekers", "Visitors"),
        ({"visitor_channels": []}, "Abonnees", "Subscribers"),
    ],
)
def test_the_measure_names_the_channels_counted_whatever_the_unit(params, dutch, english):
    for unit in ("participations", "persons"):
        assert online_reach.measure(params, unit=unit) == dutch
        assert online_reach.measure(params, unit=unit, language="en") == english


def test_visitor_figures_inside_the_period_are_summed():
    month(2019, 1, "vacancy_portal", 100)
    month(2019, 12, "academy", 20)
    month(2019, 6, "knowledge_base", 3)
    month(2018, 12, "vacancy_portal", 1000)
    month(2020, 1, "vacancy_portal", 10000)
    result = count([year_period(2018), year_period(2019), year_period(2020)])
    assert {label: c.value for label, c in result.items()} == {
        "2018": 1000,
        "2019": 123,
        "2020": 10000,
    }
    assert result["2019"].details["by_channel"] == {
        "academy": 20,
        "knowledge_base": 3,
        "vacancy_portal": 100,
    }


def test_a_figure_straddling_the_year_boundary_counts_in_neither_year():
    ReachFigureFactory(period_start=dt.date(2018, 12, 1), period_end=dt.date(2019, 1, 31), value=50)
    result = count([year_period(2018), year_period(2019)])
    assert (result["2018"].value, result["2019"].value) == (0, 0)


def test_cut_off_excludes_figures_ending_after_it():
    month(2020, 10, "vacancy_portal", 100)
    month(2020, 11, "vacancy_portal", 1000)
    ReachFigureFactory(
        period_start=dt.date(2020, 10, 1),
        period_end=dt.date(2020, 10, 31),
        channel="academy",
        value=7,
    )
    through_oct = year_period(2020, through=dt.date(2020, 10, 31))
    through_30 = year_period(2020, through=dt.date(2020, 10, 30))
    assert count([through_oct])["2020"].value == 107
    assert count([through_30])["2020"].value == 0


def test_subscribers_are_the_latest_figure_at_the_periods_end_not_a_sum():
    month(2019, 6, "newsletter_subscribers", 900)
    month(2019, 11, "newsletter_subscribers", 1000)
    month(2020, 3, "newsletter_subscribers", 1100)
    month(2019, 5, "vacancy_portal", 5)
    assert count([year_period(2019)])["2019"].value == 1005
    cut = year_period(2019, through=dt.date(2019, 10, 31))
    assert count([cut])["2019"].value == 905


def test_website_total_is_not_summed_by_default():
    month(2019, 3, "website_total", 99999)
    month(2019, 3, "academy", 10)
    assert count([year_period(2019)])["2019"].value == 10
    params = {"visitor_channels": ["website_total"], "subscriber_channels": []}
    assert count([year_period(2019)], params)["2019"].value == 99999


def test_method_lists_the_distinct_methods_and_sources():
    month(2019, 1, "academy", 1, method="unique visitors per month", source="Matomo")
    month(2019, 2, "academy", 1, method="unique visitors per month", source="Matomo")
    month(2019, 3, "knowledge_base", 1, method="sessions, cookieless", source="")
    method = count([year_period(2019)])["2019"].method
    assert "unique visitors per month" in method and "Matomo" in method
    assert "sessions, cookieless" in method
    assert method.count("Matomo") == 1


def test_describe_says_what_is_summed_and_that_imports_carry_their_source():
    english = online_reach.describe({}, language="en")
    assert "vacancy portal, academy and knowledge base" in english
    assert "newsletter subscribers at the end of the period" in english
    assert "imported figures carry their source" in english
    assert "website total is not added" in english
    dutch = online_reach.describe({}, language="nl")
    assert dutch != english


@pytest.mark.parametrize(
    "params",
    [{"channels": ["academy"]}, {"visitor_channels": ["tiktok"]}, {"visitor_channels": "academy"}],
)
def test_unknown_parameters_are_rejected(params):
    with pytest.raises(ValueError):
        online_reach.validate_params(params)


def test_fingerprint_follows_the_counted_figures():
    figure = month(2019, 1, "academy", 10)
    before = online_reach.fingerprint(periods=[year_period(2019)], params={})
    assert before["2019"]["rows"] == 1 and before["2019"]["sum"] == 10
    figure.value = 11
    figure.save()
    after = online_reach.fingerprint(periods=[year_period(2019)], params={})
    assert after != before

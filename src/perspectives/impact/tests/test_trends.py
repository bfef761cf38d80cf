"""The year-to-date comparison: the previous year through the same day and month."""

import datetime as dt
from decimal import Decimal

import pytest

from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.impact.selectors.trends import (
    build_year_to_date_comparison,
    compute_change_percent,
    compute_comparison_cut_off,
)
from perspectives.impact.tests.reports import build_fresh_report
from perspectives.people.tests.factories import PersonFactory


def attend(starts_on, *, category="knowledge_events", person=None, status="attended"):
    activity = ActivityFactory(category=category, starts_on=starts_on)
    return RegistrationFactory(activity=activity, person=person or PersonFactory(), status=status)


@pytest.mark.parametrize(
    ("through", "expected"),
    [
        (dt.date(2020, 10, 31), dt.date(2019, 10, 31)),
        (dt.date(2020, 2, 29), dt.date(2019, 2, 28)),
        (dt.date(2021, 2, 28), dt.date(2020, 2, 28)),
        (dt.date(2020, 3, 1), dt.date(2019, 3, 1)),
        (dt.date(2020, 1, 1), dt.date(2019, 1, 1)),
    ],
)
def test_the_comparison_cut_off_is_the_same_day_and_month_a_year_earlier(through, expected):
    assert compute_comparison_cut_off(through=through) == expected


@pytest.mark.django_db
def test_the_comparison_counts_the_previous_year_through_the_same_date_inclusive():
    attend(dt.date(2019, 1, 1))
    attend(dt.date(2019, 10, 31))
    attend(dt.date(2019, 11, 1))  # after the comparison cut-off
    attend(dt.date(2019, 10, 15), status="cancelled")  # same counting rules as the report
    attend(dt.date(2018, 10, 1))  # a year too early
    attend(dt.date(2020, 10, 31))
    report = build_fresh_report(years=[2018, 2019, 2020], through=dt.date(2020, 10, 31))

    comparison = build_year_to_date_comparison(report=report)

    assert comparison is not None
    assert (comparison.year, comparison.through) == (2020, dt.date(2020, 10, 31))
    assert (comparison.previous_year, comparison.previous_through) == (2019, dt.date(2019, 10, 31))
    assert comparison.values["knowledge_events"] == 2
    assert comparison.values["starters"] == 0
    # The report's own 2019 column keeps the whole year.
    assert next(r for r in report.rows if r.code == "knowledge_events").values[2019] == 3
    assert comparison.label() == "2019 t/m 31-10"
    assert comparison.current_label() == "2020 t/m 31-10"
    assert comparison.label(language="en") == "2019 through 31-10"


@pytest.mark.django_db
def test_a_cut_off_on_29_february_compares_with_28_february_of_the_year_before():
    attend(dt.date(2019, 2, 28))
    attend(dt.date(2019, 3, 1))
    attend(dt.date(2020, 2, 29))
    report = build_fresh_report(years=[2019, 2020], through=dt.date(2020, 2, 29))

    comparison = build_year_to_date_comparison(report=report)

    assert comparison.previous_through == dt.date(2019, 2, 28)
    assert comparison.values["knowledge_events"] == 1
    assert comparison.label() == "2019 t/m 28-02"


@pytest.mark.django_db
def test_the_comparison_keeps_the_report_unit_and_counts_unique_persons():
    returning = PersonFactory()
    attend(dt.date(2019, 3, 1), person=returning)
    attend(dt.date(2019, 4, 1), person=returning)
    attend(dt.date(2019, 5, 1), category="starters", person=returning)
    attend(dt.date(2019, 5, 1), category="starters")
    report = build_fresh_report(years=[2020], through=dt.date(2020, 6, 30), unit="persons")

    comparison = build_year_to_date_comparison(report=report)

    assert comparison.report.unit == "persons"
    assert comparison.values["knowledge_events"] == 1
    assert comparison.persons["knowledge_events"] == 1
    assert comparison.values["starters"] == 2
    assert comparison.unique_persons == 2


@pytest.mark.django_db
@pytest.mark.parametrize("through", [None, dt.date(2020, 12, 31), dt.date(2021, 3, 1)])
def test_a_report_without_a_cut_off_year_has_no_comparison(through):
    report = build_fresh_report(years=[2019, 2020], through=through)
    assert build_year_to_date_comparison(report=report) is None


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (3, 1, Decimal("200.0")),
        (1, 3, Decimal("-66.7")),
        (2047, 1100, Decimal("86.1")),
        (5, 5, Decimal("0.0")),
        (5, 0, None),
        (None, 3, None),
        (3, None, None),
    ],
)
def test_the_change_is_a_percentage_of_the_previous_period(current, previous, expected):
    assert compute_change_percent(current=current, previous=previous) == expected

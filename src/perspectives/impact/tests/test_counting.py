"""Every counting rule of the participants report, on small hand-made data."""

import datetime as dt

import pytest

from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.impact.selectors import build_participants_report
from perspectives.impact.services import refresh_report_figures
from perspectives.impact.tests.reports import build_fresh_report
from perspectives.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registrations_only")]


def values(report, code):
    return next(row for row in report.all_rows if row.code == code).values


def persons(report, code):
    return next(row for row in report.all_rows if row.code == code).persons


def attend(category="knowledge_events", starts_on=dt.date(2019, 5, 1), person=None, **activity):
    activity = ActivityFactory(category=category, starts_on=starts_on, **activity)
    return RegistrationFactory(
        activity=activity, person=person or PersonFactory(), status="attended"
    )


def test_only_attended_registrations_of_open_activities_count():
    event = ActivityFactory(category="knowledge_events", starts_on=dt.date(2019, 3, 1))
    for status in ["attended", "attended", "cancelled", "no_show", "registered", "waitlisted"]:
        RegistrationFactory(activity=event, status=status)
    closed = ActivityFactory(
        category="knowledge_events", starts_on=dt.date(2019, 3, 2), is_closed=True
    )
    RegistrationFactory(activity=closed, status="attended")
    report = build_fresh_report(years=[2019])
    assert values(report, "knowledge_events") == {2019: 2}


def test_the_activity_start_date_decides_the_year_at_its_edges():
    attend(starts_on=dt.date(2018, 12, 31))
    attend(starts_on=dt.date(2019, 1, 1))
    attend(starts_on=dt.date(2019, 12, 31))
    attend(starts_on=dt.date(2020, 1, 1))
    report = build_fresh_report(years=[2018, 2019, 2020])
    assert values(report, "knowledge_events") == {2018: 1, 2019: 2, 2020: 1}


def test_the_cut_off_date_is_inclusive():
    attend(starts_on=dt.date(2020, 10, 31))
    attend(starts_on=dt.date(2020, 11, 1))
    attend(starts_on=dt.date(2019, 11, 15))
    report = build_fresh_report(years=[2019, 2020], through=dt.date(2020, 10, 31))
    assert values(report, "knowledge_events") == {2019: 1, 2020: 1}
    assert report.year_label(2020) == "2020 (t/m 31-10-2020)"
    assert report.year_label(2019) == "2019"
    assert report.year_label(2020, language="en") == "2020 (through 31-10-2020)"


def test_a_year_after_the_cut_off_is_refused():
    with pytest.raises(ValueError, match="after the cut-off"):
        build_fresh_report(years=[2020, 2021], through=dt.date(2020, 10, 31))


def test_a_person_at_two_events_of_one_category_counts_twice_but_is_one_person():
    person = PersonFactory()
    attend(person=person)
    attend(person=person)
    report = build_fresh_report(years=[2019])
    assert values(report, "knowledge_events") == {2019: 2}
    assert persons(report, "knowledge_events") == {2019: 1}
    assert report.unique_persons == {2019: 1}


def test_a_person_in_two_categories_counts_in_both_rows_and_once_in_the_total():
    person = PersonFactory()
    attend(category="starters", person=person)
    attend(category="business_coaching", person=person)
    attend(category="business_coaching")
    report = build_fresh_report(years=[2019])
    assert values(report, "starters") == {2019: 1}
    assert values(report, "business_coaching") == {2019: 2}
    assert values(report, "participants_training_and_events") == {2019: 3}
    assert report.unique_persons == {2019: 2}


def test_unique_persons_are_counted_per_year():
    person = PersonFactory()
    attend(person=person, starts_on=dt.date(2018, 6, 1))
    attend(person=person, starts_on=dt.date(2019, 6, 1))
    report = build_fresh_report(years=[2018, 2019])
    assert report.unique_persons == {2018: 1, 2019: 1}


def test_the_persons_count_replaces_participations_by_people():
    person = PersonFactory()
    attend(category="starters", person=person)
    attend(category="starters", person=person)
    attend(category="starters")
    attend(category="professionals", person=person)
    report = build_fresh_report(years=[2019], unit="persons")
    assert values(report, "starters") == {2019: 2}
    assert values(report, "professionals") == {2019: 1}
    # The summary row adds its rows; the de-duplicated total is the separate line.
    assert values(report, "participants_training_and_events") == {2019: 3}
    assert report.unique_persons == {2019: 2}


def test_summary_rows_add_the_four_rows_other_than_online():
    for category, n in [
        ("starters", 1),
        ("professionals", 2),
        ("knowledge_events", 3),
        ("business_coaching", 4),
    ]:
        for _ in range(n):
            attend(category=category)
    attend(category="", starts_on=dt.date(2019, 2, 2))  # no category: counts nowhere
    report = build_fresh_report(years=[2019])
    assert values(report, "participants_training_and_events") == {2019: 10}
    assert [row.code for row in report.rows] == [
        "starters",
        "professionals",
        "knowledge_events",
        "online_sharing",
        "business_coaching",
    ]
    assert [row.code for row in report.summary_rows] == [
        "participants_training_and_events",
        "online_visitors",
    ]


def _report_queries(django_assert_max_num_queries, *, per_cell: int, expected: int) -> int:
    for year in (2018, 2019, 2020):
        for category in ("starters", "professionals", "knowledge_events", "business_coaching"):
            for _ in range(per_cell):
                attend(category=category, starts_on=dt.date(year, 4, 1))
    refresh_report_figures()
    with django_assert_max_num_queries(26) as queries:
        report = build_participants_report(years=[2018, 2019, 2020])
    assert values(report, "participants_training_and_events") == dict.fromkeys(
        (2018, 2019, 2020), expected
    )
    return len(queries)


def test_the_report_needs_few_queries_whatever_the_data(django_assert_max_num_queries):
    small = _report_queries(django_assert_max_num_queries, per_cell=1, expected=4)
    # Three more per cell: four categories of 1 + 3 registrations each, per year.
    larger = _report_queries(django_assert_max_num_queries, per_cell=3, expected=16)
    assert small == larger

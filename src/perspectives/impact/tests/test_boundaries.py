"""The participants report's boundaries, on both sides, through the path the real report takes.

These tests use the seeded indicator definitions as they are (no `registrations_only`): then
the registrations are counted from the activities' pre-counted tallies, per row and for the
de-duplicated total, as in production. Each boundary has a case just inside and just outside:
the suppression threshold k-1 hidden and k shown, the cut-off day counted and the day after
not, a person in several categories once, halfway values rounded up.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from perspectives.activities.tallies.services import recount_tallies
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.coaching.tests.factories import TrajectoryFactory
from perspectives.core.periods import year_period
from perspectives.impact.selectors import build_periods, round_like
from perspectives.impact.selectors.trends import compute_change_percent
from perspectives.impact.suppression import (
    UNIQUE_PERSONS,
    Cell,
    suppress_cells,
    suppress_participants_report,
)
from perspectives.impact.tests.reports import build_fresh_report
from perspectives.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TOTAL = "participants_training_and_events"


def attend(*, category: str, on: dt.date, person=None):
    activity = ActivityFactory(category=category, starts_on=on)
    return RegistrationFactory(
        activity=activity, person=person or PersonFactory(), status="attended"
    )


def row(report, code):
    return next(r for r in report.all_rows if r.code == code)


def both_paths(build):
    """The report after the queued changes were folded in, and again after a full recount."""
    folded = build()
    recount_tallies()
    return folded, build()


# Suppression: k-1 hidden, k shown


@pytest.mark.parametrize("k", [10, 5, 2])
def test_a_cell_without_a_persons_figure_is_hidden_below_k_and_shown_at_k(k):
    cells = {
        "below": Cell(value=k - 1, persons=None, describes_persons=True),
        "at": Cell(value=k, persons=None, describes_persons=True),
        "one": Cell(value=1, persons=None, describes_persons=True),
        "zero": Cell(value=0, persons=None, describes_persons=True),
    }
    assert suppress_cells(cells=cells, relations=[], threshold=k) == {"below", "one"}


@pytest.mark.parametrize("k", [10, 5, 2])
def test_a_cell_is_hidden_when_its_persons_are_below_k_and_shown_at_k(k):
    cells = {
        "below": Cell(value=50, persons=k - 1, describes_persons=True),
        "at": Cell(value=50, persons=k, describes_persons=True),
        "value_below": Cell(value=k - 1, persons=k - 1, describes_persons=True),
        "value_at": Cell(value=k, persons=k, describes_persons=True),
    }
    assert suppress_cells(cells=cells, relations=[], threshold=k) == {"below", "value_below"}


def test_a_figure_of_no_persons_is_shown_below_k():
    cells = {"visits": Cell(value=1), "more": Cell(value=9, persons=None)}
    assert suppress_cells(cells=cells, relations=[], threshold=10) == set()


@pytest.mark.parametrize("attendees, hidden", [(9, True), (10, False)])
def test_the_report_hides_a_category_of_k_minus_1_persons_and_shows_k(attendees, hidden):
    for _ in range(attendees):
        attend(category="starters", on=dt.date(2019, 5, 1))
    report = build_fresh_report(years=[2019])
    shown = suppress_participants_report(report=report, threshold=10)
    for code in ("starters", TOTAL):
        assert shown.is_suppressed(code, 2019) is hidden, code
        assert row(shown, code).values[2019] == (None if hidden else attendees)
    assert shown.is_suppressed(UNIQUE_PERSONS, 2019) is hidden
    assert shown.unique_persons[2019] == (None if hidden else attendees)
    # A category nobody attended stays a shown 0.
    assert row(shown, "business_coaching").values[2019] == 0


@pytest.mark.parametrize("persons, hidden", [(4, True), (5, False)])
def test_the_report_hides_k_minus_1_persons_at_many_events_and_shows_k(persons, hidden):
    # Three events each: 12 or 15 participations, well above k; the persons decide.
    people = [PersonFactory() for _ in range(persons)]
    for day in (1, 2, 3):
        for person in people:
            attend(category="knowledge_events", on=dt.date(2019, 5, day), person=person)
    report = build_fresh_report(years=[2019])
    assert row(report, "knowledge_events").values[2019] == 3 * persons
    shown = suppress_participants_report(report=report, threshold=5)
    assert shown.is_suppressed("knowledge_events", 2019) is hidden


@pytest.mark.parametrize("attendees, hidden", [(4, True), (5, False)])
def test_the_threshold_setting_decides_on_both_sides(attendees, hidden):
    for _ in range(attendees):
        attend(category="professionals", on=dt.date(2019, 5, 1))
    with override_settings(FUNDER_SUPPRESSION_THRESHOLD=5):
        shown = suppress_participants_report(report=build_fresh_report(years=[2019]))
    assert shown.threshold == 5
    assert shown.is_suppressed("professionals", 2019) is hidden


# De-duplication on the pre-counted path


def test_a_person_in_every_category_is_one_unique_person_on_both_tally_paths():
    person = PersonFactory()
    for index, category in enumerate(
        ["starters", "professionals", "knowledge_events", "business_coaching"]
    ):
        attend(category=category, on=dt.date(2019, 2 + index, 1), person=person)
    attend(category="starters", on=dt.date(2019, 6, 1))
    for report in both_paths(lambda: build_fresh_report(years=[2019])):
        assert row(report, TOTAL).values[2019] == 5
        assert row(report, "starters").persons[2019] == 2
        assert row(report, "professionals").persons[2019] == 1
        assert report.unique_persons == {2019: 2}


def test_a_person_in_two_categories_on_one_day_is_one_unique_person():
    person = PersonFactory()
    attend(category="starters", on=dt.date(2019, 4, 1), person=person)
    attend(category="business_coaching", on=dt.date(2019, 4, 1), person=person)
    for report in both_paths(lambda: build_fresh_report(years=[2019])):
        assert report.unique_persons == {2019: 1}


def test_unique_persons_in_the_persons_unit_count_each_person_once():
    person = PersonFactory()
    attend(category="starters", on=dt.date(2019, 3, 1), person=person)
    attend(category="knowledge_events", on=dt.date(2019, 9, 1), person=person)
    attend(category="knowledge_events", on=dt.date(2019, 9, 2))
    for report in both_paths(lambda: build_fresh_report(years=[2019], unit="persons")):
        assert row(report, "starters").values[2019] == 1
        assert row(report, "knowledge_events").values[2019] == 2
        assert row(report, TOTAL).values[2019] == 3  # the sum of the rows
        assert report.unique_persons == {2019: 2}  # the de-duplicated line


def test_a_returning_person_is_one_unique_person_in_each_year():
    person = PersonFactory()
    attend(category="starters", on=dt.date(2018, 12, 31), person=person)
    attend(category="professionals", on=dt.date(2019, 1, 1), person=person)
    attend(category="knowledge_events", on=dt.date(2019, 7, 1), person=person)
    for report in both_paths(lambda: build_fresh_report(years=[2018, 2019])):
        assert report.unique_persons == {2018: 1, 2019: 1}


def test_a_person_both_coached_and_attending_is_one_unique_person():
    person = PersonFactory()
    TrajectoryFactory(person=person, kind="career", started_on=dt.date(2019, 3, 1))
    attend(category="professionals", on=dt.date(2019, 5, 1), person=person)
    attend(category="starters", on=dt.date(2019, 6, 1), person=person)
    TrajectoryFactory(kind="career", started_on=dt.date(2019, 4, 1))  # someone coached only
    for report in both_paths(lambda: build_fresh_report(years=[2019])):
        assert row(report, "professionals").persons[2019] == 2
        assert report.unique_persons == {2019: 2}


# The cut-off day and the day after


def test_the_cut_off_day_counts_and_the_day_after_does_not_on_the_pre_counted_path():
    through = dt.date(2020, 10, 31)
    on_the_day = PersonFactory()
    attend(category="starters", on=through, person=on_the_day)
    attend(category="knowledge_events", on=through + dt.timedelta(days=1), person=on_the_day)
    attend(category="knowledge_events", on=through + dt.timedelta(days=1))
    for unit in ("participations", "persons"):
        for report in both_paths(
            lambda unit=unit: build_fresh_report(years=[2020], through=through, unit=unit)
        ):
            assert row(report, "starters").values[2020] == 1
            assert row(report, "knowledge_events").values[2020] == 0
            assert row(report, "knowledge_events").persons[2020] == 0
            assert report.unique_persons == {2020: 1}


def test_a_first_attendance_on_the_day_after_the_cut_off_is_not_counted():
    # The person's first attendance of the year lies after the cut-off: not counted at all.
    person = PersonFactory()
    attend(category="starters", on=dt.date(2020, 11, 1), person=person)
    attend(category="professionals", on=dt.date(2020, 12, 1), person=person)
    report = build_fresh_report(years=[2020], through=dt.date(2020, 10, 31))
    assert report.unique_persons == {2020: 0}
    full = build_fresh_report(years=[2020], through=dt.date(2020, 12, 31))
    assert full.unique_persons == {2020: 1}


@pytest.mark.parametrize(
    "through, cut_off, label",
    [
        (dt.date(2020, 12, 30), True, "2020 (t/m 30-12-2020)"),
        (dt.date(2020, 12, 31), False, "2020"),  # the last day: the whole year
        (dt.date(2020, 1, 1), True, "2020 (t/m 01-01-2020)"),
    ],
)
def test_a_cut_off_on_the_last_day_of_the_year_is_the_whole_year(through, cut_off, label):
    period = year_period(2020, through=through)
    assert period.is_cut_off is cut_off
    assert period.last_day == through
    report = build_fresh_report(years=[2020], through=through)
    assert report.year_label(2020) == label


def test_the_cut_off_may_lie_in_the_last_year_and_not_before_it():
    assert build_periods(years=[2020], through=dt.date(2020, 1, 1))
    with pytest.raises(ValueError, match="after the cut-off"):
        build_periods(years=[2020], through=dt.date(2019, 12, 31))


# Rounding: halfway rounds up


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        ("26.25", 1, "26.3"),  # half-even would give 26.2
        ("26.35", 1, "26.4"),
        ("26.249", 1, "26.2"),
        ("2.5", 0, "3"),  # half-even would give 2
        ("3.5", 0, "4"),
        ("2.49", 0, "2"),
    ],
)
def test_published_figures_are_compared_rounded_half_up(value, decimals, expected):
    assert round_like(Decimal(value), decimals) == Decimal(expected)


@pytest.mark.parametrize(
    "current, previous, expected",
    [
        (401, 400, "0.3"),  # +0.25 %
        (2049, 2000, "2.5"),  # +2.45 %
        (399, 400, "-0.3"),  # -0.25 %: half away from zero
        (1, 0, None),
    ],
)
def test_the_change_percent_is_rounded_half_up(current, previous, expected):
    result = compute_change_percent(current=current, previous=previous)
    assert result == (None if expected is None else Decimal(expected))

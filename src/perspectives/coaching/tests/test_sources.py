import datetime as dt

import pytest

from perspectives.core.indicators import PARTICIPATIONS, PERSONS
from perspectives.core.periods import year_period
from perspectives.core.registry import indicator_sources
from perspectives.people.tests.factories import PersonFactory

from .factories import TrajectoryFactory

pytestmark = pytest.mark.django_db

CAREER = {"kinds": ["career"]}


@pytest.fixture
def source():
    return indicator_sources.get("coaching.trajectories")


def test_the_source_is_registered_and_counts_people(source):
    assert source.key == "coaching.trajectories"
    assert source.counts_people is True


def test_trajectories_count_in_the_year_they_started(source):
    person = PersonFactory()
    TrajectoryFactory(person=person, started_on=dt.date(2018, 12, 31))
    TrajectoryFactory(person=person, started_on=dt.date(2019, 1, 1), status="completed")
    TrajectoryFactory(started_on=dt.date(2019, 12, 31))
    periods = [year_period(2018), year_period(2019)]
    counts = source.count(periods=periods, params=CAREER, unit=PARTICIPATIONS)
    assert {label: c.value for label, c in counts.items()} == {"2018": 1, "2019": 2}
    assert counts["2019"].method


def test_persons_are_counted_once_per_period(source):
    person = PersonFactory()
    TrajectoryFactory(person=person, started_on=dt.date(2019, 2, 1))
    TrajectoryFactory(person=person, started_on=dt.date(2019, 8, 1))
    TrajectoryFactory(started_on=dt.date(2019, 9, 1))
    periods = [year_period(2019)]
    assert source.count(periods=periods, params=CAREER, unit=PARTICIPATIONS)["2019"].value == 3
    assert source.count(periods=periods, params=CAREER, unit=PERSONS)["2019"].value == 2
    ids = source.person_ids(period=year_period(2019), params=CAREER)
    assert sorted(set(ids)) == sorted({person.pk, *ids})
    assert len(set(ids)) == 2


def test_cancelled_trajectories_and_other_kinds_do_not_count_by_default(source):
    TrajectoryFactory(started_on=dt.date(2019, 5, 1), status="cancelled")
    TrajectoryFactory(started_on=dt.date(2019, 5, 1), kind="business")
    TrajectoryFactory(started_on=dt.date(2019, 5, 1))
    periods = [year_period(2019)]
    assert source.count(periods=periods, params=CAREER, unit=PARTICIPATIONS)["2019"].value == 1
    everything = {"kinds": ["career", "business"], "statuses": ["active", "cancelled"]}
    assert source.count(periods=periods, params=everything, unit=PARTICIPATIONS)["2019"].value == 3


def test_the_cut_off_date_is_inclusive(source):
    TrajectoryFactory(started_on=dt.date(2020, 10, 31))
    TrajectoryFactory(started_on=dt.date(2020, 11, 1))
    period = year_period(2020, through=dt.date(2020, 10, 31))
    counts = source.count(periods=[period], params=CAREER, unit=PARTICIPATIONS)
    assert counts["2020"].value == 1
    assert list(source.person_ids(period=period, params=CAREER)) == [
        TrajectoryFactory._meta.model.objects.get(started_on=dt.date(2020, 10, 31)).person_id
    ]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kinds": []},
        {"kinds": ["therapy"]},
        {"kinds": ["career"], "statuses": ["lost"]},
        {"kinds": ["career"], "categories": ["starters"]},
    ],
)
def test_invalid_params_are_rejected(source, params):
    with pytest.raises(ValueError):
        source.validate_params(params)


def test_describe_speaks_dutch_by_default_and_english_when_asked(source):
    dutch = source.describe(CAREER)
    english = source.describe(CAREER, language="en")
    assert "career coaching" in english.lower()
    assert "started" in english
    assert dutch != english
    assert "loopbaancoaching" in dutch.lower()


def test_the_measure_is_trajectories_or_participants_by_unit_in_either_language(source):
    assert source.measure(CAREER, unit=PARTICIPATIONS) == "Trajecten"
    assert source.measure(CAREER, unit=PERSONS) == "Deelnemers"
    assert source.measure(CAREER, unit=PARTICIPATIONS, language="en") == "Trajectories"
    assert source.measure(CAREER, unit=PERSONS, language="en") == "Participants"


def test_fingerprint_changes_when_a_trajectory_is_added(source):
    periods = [year_period(2019)]
    TrajectoryFactory(started_on=dt.date(2019, 5, 1))
    before = source.fingerprint(periods=periods, params=CAREER)
    TrajectoryFactory(started_on=dt.date(2019, 6, 1))
    after = source.fingerprint(periods=periods, params=CAREER)
    assert before["2019"]["rows"] == 1
    assert after["2019"]["rows"] == 2
    assert before != after


def test_count_uses_one_query_for_all_periods(source, django_assert_num_queries):
    periods = [year_period(year) for year in (2018, 2019, 2020)]
    with django_assert_num_queries(1):
        source.count(periods=periods, params=CAREER, unit=PERSONS)

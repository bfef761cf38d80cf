"""The report tallies stay equal to a recount from the registrations, whoever writes."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import CharField, Value
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from perspectives.activities.models import (
    Activity,
    Category,
    DailyAttendance,
    Registration,
    TallyChange,
)
from perspectives.activities.sources import registrations_source
from perspectives.activities.tallies import services as tally_services
from perspectives.activities.tallies.selectors import list_tally_differences
from perspectives.core.periods import Period, year_period
from perspectives.people.models import Person
from perspectives.people.tests.factories import PersonFactory

from .factories import ActivityFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

STATUSES = ["registered", "waitlisted", "cancelled", "attended", "no_show"]
CATEGORIES = [*Category.values, ""]
DAYS = [dt.date(2019, 1, 1), dt.date(2019, 6, 30), dt.date(2019, 12, 31), dt.date(2020, 3, 1)]
PERIODS = [year_period(2019), year_period(2020, through=dt.date(2020, 6, 30))]
DEFINITIONS = [
    {},
    {"categories": ["starters"]},
    {"categories": ["knowledge_events"]},
    {"categories": list(Category.values)},
    {"categories": ["starters"], "statuses": ["attended"], "include_closed": False},
]


def recounted_persons(params_list: list[dict], periods: list[Period]) -> dict[str, int]:
    persons: dict[str, set[int]] = {period.label: set() for period in periods}
    for params in params_list:
        rows = registrations_source.person_periods(periods=periods, params=params)
        for label, person_id in rows:
            persons[label].add(person_id)
    return {label: len(ids) for label, ids in persons.items()}


def assert_tallies_match_the_registrations() -> None:
    registrations_source.refresh()
    assert TallyChange.objects.count() == 0
    assert list_tally_differences() == dict.fromkeys(
        [
            "activities_firstattendance",
            "activities_dailyattendance",
            "activities_dailyfirstattendance",
        ],
        0,
    )
    for params in DEFINITIONS:
        tallied = registrations_source.distinct_persons(
            periods=PERIODS, params_list=[params], others=[]
        )
        assert tallied == recounted_persons([params], PERIODS), params


class TallyMachine(RuleBasedStateMachine):
    """Random writes through services, the ORM and bulk updates; the tallies must follow."""

    def __init__(self):
        super().__init__()
        self.people = [PersonFactory() for _ in range(3)]
        self.activities = [
            ActivityFactory(category=category, starts_on=DAYS[index % len(DAYS)])
            for index, category in enumerate(CATEGORIES[:3])
        ]

    def pick_registration(self, pick: int) -> Registration | None:
        # Drawn by position among this example's own: the database outlives each example, and
        # what hypothesis draws must not depend on it.
        registrations = list(Registration.objects.filter(person__in=self.people).order_by("pk"))
        return registrations[pick % len(registrations)] if registrations else None

    @rule(
        person=st.integers(0, 2),
        activity=st.integers(0, 2),
        status=st.sampled_from(STATUSES),
    )
    def register(self, person, activity, status):
        if not Registration.objects.filter(
            person=self.people[person], activity=self.activities[activity]
        ).exists():
            RegistrationFactory(
                person=self.people[person], activity=self.activities[activity], status=status
            )

    @rule(pick=st.integers(0, 50), status=st.sampled_from(STATUSES))
    def change_status(self, pick, status):
        registration = self.pick_registration(pick)
        if registration is None:
            return
        registration.status = status
        registration.save()

    @rule(status=st.sampled_from(STATUSES))
    def change_every_status_at_once(self, status):
        Registration.objects.filter(status="registered").update(status=status)

    @rule(pick=st.integers(0, 50))
    def remove_a_registration(self, pick):
        registration = self.pick_registration(pick)
        if registration is not None:
            registration.delete()

    @rule(activity=st.integers(0, 2), day=st.sampled_from(DAYS))
    def move_an_activity(self, activity, day):
        Activity.objects.filter(pk=self.activities[activity].pk).update(starts_on=day)

    @rule(activity=st.integers(0, 2), category=st.sampled_from(CATEGORIES))
    def recategorise_an_activity(self, activity, category):
        Activity.objects.filter(pk=self.activities[activity].pk).update(category=category)

    @rule(activity=st.integers(0, 2), closed=st.booleans())
    def close_or_open_an_activity(self, activity, closed):
        Activity.objects.filter(pk=self.activities[activity].pk).update(is_closed=closed)

    @rule(person=st.integers(0, 2), other=st.integers(0, 2))
    def move_registrations_to_another_person(self, person, other):
        Registration.objects.filter(person=self.people[person]).exclude(
            activity__registrations__person=self.people[other]
        ).update(person=self.people[other])

    @invariant()
    def tallies_match(self):
        assert_tallies_match_the_registrations()


def test_random_writes_keep_the_tallies_equal_to_a_recount():
    run_state_machine_as_test(
        TallyMachine, settings=settings(max_examples=25, stateful_step_count=12, deadline=None)
    )


def test_a_person_counts_once_per_year_from_their_first_attendance():
    person = PersonFactory()
    for day in (dt.date(2019, 2, 1), dt.date(2019, 9, 1), dt.date(2020, 8, 1)):
        RegistrationFactory(
            person=person, activity=ActivityFactory(category="starters", starts_on=day)
        )
    registrations_source.refresh()
    figures = registrations_source.distinct_persons(
        periods=PERIODS, params_list=[{"categories": ["starters"]}], others=[]
    )
    # 2020 is cut off at 30 June, before the person's only attendance that year.
    assert figures == {"2019": 1, "2020": 0}
    assert (
        registrations_source.count(
            periods=PERIODS, params={"categories": ["starters"]}, unit="participations"
        )["2019"].value
        == 2
    )


def test_a_mix_of_categories_that_is_not_tallied_is_left_to_the_raw_count():
    for params_list in (
        [{"categories": ["starters", "professionals"]}],
        [{"categories": ["starters"]}, {"categories": ["professionals"]}],
        [{"types": ["workshop"]}],
        [{"statuses": ["attended", "no_show"]}],
        [{"include_closed": True}],
    ):
        assert (
            registrations_source.distinct_persons(
                periods=PERIODS, params_list=params_list, others=[]
            )
            is None
        )
    not_from_january = Period(label="h2", start=dt.date(2019, 7, 1), end=dt.date(2019, 12, 31))
    assert (
        registrations_source.distinct_persons(
            periods=[not_from_january], params_list=[{}], others=[]
        )
        is None
    )


def test_persons_of_another_source_are_added_only_when_not_already_counted():
    counted, other = PersonFactory(), PersonFactory()
    RegistrationFactory(
        person=counted, activity=ActivityFactory(category="starters", starts_on=DAYS[1])
    )
    registrations_source.refresh()
    # Another source's persons: the one already counted in 2019, and one who is not.
    others = [
        registrations_source.person_periods(periods=PERIODS, params={"categories": ["starters"]}),
        Person.objects.filter(pk=other.pk)
        .annotate(lbl=Value("2019", output_field=CharField()))
        .values_list("lbl", "pk"),
    ]
    figures = registrations_source.distinct_persons(
        periods=PERIODS, params_list=[{"categories": ["starters"]}], others=others
    )
    assert figures == {"2019": 2, "2020": 0}


def test_a_large_queue_is_recounted_at_once_and_a_damaged_tally_is_repaired(monkeypatch):
    for day in DAYS:
        RegistrationFactory(activity=ActivityFactory(category="professionals", starts_on=day))
    monkeypatch.setattr(tally_services, "FULL_RECOUNT_AT", 1)
    refresh = tally_services.refresh_tallies()
    assert refresh.recounted_all and refresh.changes == len(DAYS)
    assert set(list_tally_differences().values()) == {0}

    DailyAttendance.objects.filter(day=DAYS[0]).update(participations=99)
    # A wrong row is both missing (the right figure) and extra (the wrong one).
    assert list_tally_differences()["activities_dailyattendance"] == 2
    tally_services.recount_tallies()
    assert set(list_tally_differences().values()) == {0}


def test_changes_that_do_not_alter_counting_queue_nothing():
    activity = ActivityFactory()
    waiting = RegistrationFactory(activity=activity, status="waitlisted")
    waiting.status = "registered"
    waiting.save()
    waiting.status = "cancelled"
    waiting.save()
    waiting.delete()
    Activity.objects.filter(pk=activity.pk).update(starts_on=DAYS[3], is_closed=True)
    assert TallyChange.objects.count() == 0

    registration = RegistrationFactory()
    registrations_source.refresh()
    registration.price_amount = 12
    registration.save()
    Activity.objects.filter(pk=registration.activity_id).update(title="Renamed")
    assert TallyChange.objects.count() == 0


def test_the_tallies_command_checks_and_repairs():
    RegistrationFactory(activity=ActivityFactory(category="starters", starts_on=DAYS[0]))
    out = io.StringIO()
    call_command("tallies", "check", stdout=out)
    assert "equal a recount" in out.getvalue()

    DailyAttendance.objects.update(participations=5)
    with pytest.raises(CommandError, match="differ"):
        call_command("tallies", "check", stdout=io.StringIO())
    call_command("tallies", "recount", stdout=io.StringIO())
    call_command("tallies", "check", stdout=io.StringIO())

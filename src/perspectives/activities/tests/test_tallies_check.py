"""`perspectives tallies check` under concurrent writes: a difference it reports is real.

Threads sign people up and mark them attended or no-show, import attended registrations, and
fold the queue in (now and then with a full recount, which empties the tables at once) while
the check runs again and again. It must never report a difference; a tally row damaged by hand
must be reported, whichever way it is wrong.
"""

import datetime as dt
import io
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connections, transaction
from django.utils import timezone

from perspectives.activities import services
from perspectives.activities.models import (
    DailyAttendance,
    DailyFirstAttendance,
    FirstAttendance,
    Registration,
)
from perspectives.activities.services.imports import import_registrations
from perspectives.activities.tallies import services as tally_services
from perspectives.activities.tallies import sql
from perspectives.activities.tallies.selectors import list_tally_differences, read_snapshot

from .factories import ActivityFactory, RegistrationFactory

SECONDS = 6  # of writing while the check runs
TALLY_TABLES = (sql.CHANGES, sql.FIRSTS, sql.DAILY, sql.DAILY_FIRSTS)
NO_DIFFERENCE = {
    "activities_firstattendance": 0,
    "activities_dailyattendance": 0,
    "activities_dailyfirstattendance": 0,
}


class Load:
    """Writer threads that run until stopped; every error they meet is kept for the test."""

    def __init__(self, prepare_thread):
        self.prepare_thread = prepare_thread
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.rounds: dict[str, int] = {}
        self.threads: list[threading.Thread] = []

    def start(self, name: str, work) -> None:
        def target():
            try:
                self.prepare_thread()
                n = 0
                while not self.stop.is_set():
                    work(n)
                    n += 1
                    self.rounds[name] = n
            except Exception as error:  # noqa: BLE001 - every error fails the test
                self.errors.append(f"{name}: {error!r}")
            finally:
                connections.close_all()

        thread = threading.Thread(target=target, name=name)
        self.threads.append(thread)
        thread.start()

    def running(self, deadline: float) -> bool:
        """Until the deadline, and then until every thread has done a few rounds (the first
        one pays for warming up) or a minute more has passed."""
        now = time.monotonic()
        if now < deadline:
            return True
        few = min((self.rounds.get(thread.name, 0) for thread in self.threads), default=0) < 3
        return few and now < deadline + 60

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in self.threads), "a writer hung"


def start_load(prepare_thread, *, full_recounts: bool) -> Load:
    """Sign-ups with attendance, imports of attendances and fold-ins, in three threads."""
    today = timezone.localdate()
    upcoming = [
        ActivityFactory(category=category, starts_on=today + dt.timedelta(days=days), capacity=None)
        for category, days in (("starters", 20), ("professionals", 20), ("", 40))
    ]
    past = [
        ActivityFactory(category=category, starts_on=day)
        for category, day in (
            ("starters", dt.date(2019, 3, 1)),
            ("knowledge_events", dt.date(2019, 3, 1)),
            ("professionals", dt.date(2019, 9, 1)),
        )
    ]
    load = Load(prepare_thread)

    def sign_up_and_attend(n: int) -> None:
        activity = upcoming[n % len(upcoming)]
        result = services.sign_up(
            activity=activity,
            # Some people sign up for more than one activity: first attendances move.
            email=f"visitor{n % 40}@example.org",
            first_name="Visitor",
            last_name=str(n),
            participant_type="employee",
            source="api",
        )
        registration = result.registration
        status = "no_show" if registration.status == "attended" and n % 3 == 0 else "attended"
        if registration.status in ("registered", "attended", "no_show"):
            services.set_registration_status(registration=registration, status=status)

    def import_attendances(n: int) -> None:
        rows = [
            {
                "activity_code": past[(n + i) % len(past)].code,
                "email": f"imported{(n * 7 + i) % 60}@example.org",
                "first_name": "Imported",
                "status": "no_show" if (n + i) % 4 == 0 else "attended",
            }
            for i in range(12)
        ]
        with transaction.atomic():
            import_registrations(rows=rows)
        # SQLite's busy handler lets a writer that just committed take the lock again first.
        time.sleep(0.05)

    def fold_in(n: int) -> None:
        # Every third time a full recount: the path that empties the tally tables at once.
        if full_recounts and n % 3 == 2:
            tally_services.recount_tallies()
        else:
            tally_services.refresh_tallies()
        time.sleep(0.05)

    load.start("sign-ups", sign_up_and_attend)
    load.start("imports", import_attendances)
    load.start("refreshes", fold_in)
    return load


def assert_the_load_ran(load: Load) -> None:
    assert load.errors == []
    assert Registration.objects.filter(status="attended").count() > 20
    rounds = load.rounds
    assert all(rounds.get(name, 0) >= 3 for name in ("sign-ups", "imports", "refreshes")), rounds


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_check_reports_no_difference_while_registrations_are_written(shared_database):
    load = start_load(shared_database, full_recounts=True)
    reported, checks = [], 0
    try:
        deadline = time.monotonic() + SECONDS
        while load.running(deadline) or checks < 5:
            differences = list_tally_differences()
            checks += 1
            if differences != NO_DIFFERENCE:
                reported.append(differences)
    finally:
        load.finish()
    assert_the_load_ran(load)
    assert reported == [], f"{len(reported)} of {checks} checks reported a difference"
    tally_services.refresh_tallies()
    assert list_tally_differences() == NO_DIFFERENCE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_difference_planted_while_registrations_are_written_is_reported_every_time(
    shared_database,
):
    # A day and its people that no writer touches: nothing queues them, no refresh repairs them.
    quiet_day = dt.date(2018, 6, 1)
    RegistrationFactory.create_batch(
        3, activity=ActivityFactory(category="starters", starts_on=quiet_day)
    )
    tally_services.refresh_tallies()
    load = start_load(shared_database, full_recounts=False)
    before, after, checks = [], [], 0
    try:
        deadline = time.monotonic() + SECONDS
        planted = False
        while load.running(deadline) or checks < 10:
            if not planted and time.monotonic() > deadline - SECONDS / 2:
                DailyAttendance.objects.filter(day=quiet_day).update(participations=4)
                planted = True
            (after if planted else before).append(list_tally_differences())
            checks += 1
    finally:
        load.finish()
    assert_the_load_ran(load)
    assert before and after
    assert all(differences == NO_DIFFERENCE for differences in before), before
    # The wrong row once as extra (4) and once for the missing right one (3), every time.
    wrong = {**NO_DIFFERENCE, "activities_dailyattendance": 2}
    assert all(differences == wrong for differences in after), after
    tally_services.refresh_tallies()
    assert list_tally_differences() == wrong


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reads_in_a_snapshot_do_not_see_what_commits_meanwhile(shared_database):
    activity = ActivityFactory(category="starters", starts_on=dt.date(2019, 3, 1))
    RegistrationFactory(activity=activity)
    tally_services.refresh_tallies()

    def write_and_fold_in():
        shared_database()
        try:
            RegistrationFactory(activity=activity)
            tally_services.recount_tallies()
        finally:
            connections.close_all()

    with read_snapshot(tables=TALLY_TABLES):
        before = (Registration.objects.count(), DailyAttendance.objects.get().participations)
        writer = threading.Thread(target=write_and_fold_in)
        writer.start()
        # The registration commits at once; on PostgreSQL the recount waits for the snapshot.
        writer.join(timeout=2)
        assert (Registration.objects.count(), DailyAttendance.objects.get().participations) == (
            before
        )
    writer.join(timeout=60)
    assert not writer.is_alive()
    assert before == (1, 1)
    assert (Registration.objects.count(), DailyAttendance.objects.get().participations) == (2, 2)


def damage_checked(damage) -> dict[str, int]:
    tally_services.refresh_tallies()
    assert list_tally_differences() == NO_DIFFERENCE
    damage()
    return list_tally_differences()


@pytest.mark.django_db
def test_a_damaged_tally_is_reported_whichever_way_it_is_wrong():
    for category, day in (("starters", dt.date(2019, 3, 1)), ("", dt.date(2019, 4, 1))):
        RegistrationFactory.create_batch(
            2, activity=ActivityFactory(category=category, starts_on=day)
        )
    one_day = dt.date(2019, 3, 1)

    # Too many, too few, missing and extra rows, in each table.
    assert (
        damage_checked(
            lambda: DailyAttendance.objects.filter(day=one_day).update(participations=3)
        )["activities_dailyattendance"]
        == 2
    )
    tally_services.recount_tallies()
    assert (
        damage_checked(
            lambda: DailyAttendance.objects.filter(day=one_day).update(participations=1)
        )["activities_dailyattendance"]
        == 2
    )
    tally_services.recount_tallies()
    assert damage_checked(lambda: DailyAttendance.objects.filter(day=one_day).delete()) == {
        **NO_DIFFERENCE,
        "activities_dailyattendance": 1,
    }
    tally_services.recount_tallies()
    assert damage_checked(
        lambda: DailyAttendance.objects.create(category="", day=one_day, participations=1)
    ) == {**NO_DIFFERENCE, "activities_dailyattendance": 1}
    tally_services.recount_tallies()
    first = FirstAttendance.objects.filter(first_on=one_day).first()
    assert damage_checked(lambda: FirstAttendance.objects.filter(pk=first.pk).delete()) == {
        **NO_DIFFERENCE,
        # The per-day persons no longer match the first attendances either: the category's
        # row, *categorised and *all are each one too high (missing once, extra once).
        "activities_firstattendance": 1,
        "activities_dailyfirstattendance": 6,
    }
    tally_services.recount_tallies()
    assert damage_checked(
        lambda: DailyFirstAttendance.objects.filter(category_set="starters").update(persons=3)
    ) == {**NO_DIFFERENCE, "activities_dailyfirstattendance": 2}
    tally_services.recount_tallies()
    assert list_tally_differences() == NO_DIFFERENCE


@pytest.mark.django_db
def test_the_check_command_fails_on_a_difference_and_passes_without():
    RegistrationFactory(
        activity=ActivityFactory(category="starters", starts_on=dt.date(2019, 3, 1))
    )
    out = io.StringIO()
    call_command("tallies", "check", stdout=out)
    assert "equal a recount" in out.getvalue()
    DailyFirstAttendance.objects.filter(category_set="starters").update(persons=2)
    out = io.StringIO()
    with pytest.raises(CommandError, match="differ"):
        call_command("tallies", "check", stdout=out)
    assert "activities_dailyfirstattendance: 2 rows differ" in out.getvalue()

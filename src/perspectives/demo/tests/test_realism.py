"""The demo looks like real records: closed meetings, drop-outs, returning people, upcoming events."""

import datetime as dt
import random

import pytest
from django.db.models import Count

from perspectives.activities.models import Activity, Registration
from perspectives.coaching.models import Trajectory
from perspectives.demo.dataset import SEED, load_demo_data
from perspectives.demo.dataset.people import Population
from perspectives.demo.dataset.programme import plan_activities
from perspectives.people.models import Person
from perspectives.reach.models import ReachFigure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

COUNTED = {"starters", "professionals", "knowledge_events", "business_coaching"}


def test_closed_meetings_with_attendees_exist_for_every_kind():
    closed = Registration.objects.filter(activity__is_closed=True, status="attended")
    kinds = set(closed.values_list("activity__type", flat=True))
    assert kinds == {"hr_meeting", "field_lab"}
    # They carry a reporting category, so only the closed flag keeps them out of the figures.
    assert closed.exclude(activity__category="").count() == closed.count() > 100


def test_every_registration_status_occurs():
    statuses = set(Registration.objects.values_list("status", flat=True))
    assert statuses == {"attended", "no_show", "cancelled", "waitlisted", "registered"}
    past = Registration.objects.filter(activity__starts_on__lt=dt.date(2021, 1, 1))
    assert past.filter(status="no_show").count() > 200
    assert past.filter(status="cancelled").count() > 100
    assert not past.filter(status="registered").exists()


def test_people_come_back_and_cross_categories():
    attended = Registration.objects.filter(
        status="attended", activity__is_closed=False, activity__category__in=COUNTED
    )
    per_person = attended.values("person").annotate(
        activities=Count("activity", distinct=True),
        categories=Count("activity__category", distinct=True),
    )
    assert per_person.filter(activities__gte=3).count() > 100
    assert per_person.filter(categories__gte=2).count() > 50
    career = Trajectory.objects.filter(kind="career").values_list("person_id", flat=True)
    assert attended.filter(person_id__in=career).exists()


def test_upcoming_activities_have_registrations_but_no_attendance():
    upcoming = Activity.objects.filter(starts_on__gte=dt.date(2026, 12, 1))
    assert {a.starts_on.year for a in upcoming} == {2026, 2027}
    registrations = Registration.objects.filter(activity__in=upcoming)
    assert registrations.filter(status="registered").count() > 200
    assert registrations.filter(status="waitlisted").exists()
    assert not registrations.filter(status__in=["attended", "no_show"]).exists()


def test_records_after_the_cut_off_exist_for_the_cut_off_to_exclude():
    late = Registration.objects.filter(
        status="attended", activity__starts_on__range=(dt.date(2020, 11, 1), dt.date(2020, 12, 31))
    )
    assert set(late.values_list("activity__category", flat=True)) == COUNTED
    assert Trajectory.objects.filter(started_on__gt=dt.date(2020, 10, 31), kind="career").exists()
    late_months = ReachFigure.objects.filter(period_start__gte=dt.date(2020, 11, 1))
    assert {f.period_start.month for f in late_months} == {11, 12}


def test_coaching_trajectories_started_per_year():
    counted = Trajectory.objects.filter(kind="career", status__in=["active", "completed"])
    per_year = {
        year: counted.filter(
            started_on__gte=dt.date(year, 1, 1),
            started_on__lte=min(dt.date(year, 12, 31), dt.date(2020, 10, 31)),
        ).count()
        for year in (2018, 2019, 2020)
    }
    assert per_year == {2018: 38, 2019: 71, 2020: 7}
    assert Trajectory.objects.filter(status="cancelled").exists()
    assert Trajectory.objects.filter(kind="business").exists()
    assert not Trajectory.objects.filter(status="completed", ended_on__isnull=True).exists()


def test_people_are_fictional_and_dutch():
    emails = list(Person.objects.values_list("email", flat=True))
    assert len(emails) > 2000
    assert all(
        email.endswith((".example", "@example.org", "@example.com", "@example.net"))
        for email in emails
    )
    last_names = set(Person.objects.values_list("last_name", flat=True))
    assert {"van der Meer", "de Vries", "in 't Veld"} & last_names
    types = set(Person.objects.values_list("participant_type", flat=True))
    assert {"student", "employee", "freelancer", "entrepreneur", "teacher"} <= types


def test_freelancers_pay_the_reduced_price():
    paid = Registration.objects.filter(activity__freelancer_price_amount__isnull=False)
    freelancer = paid.filter(person__participant_type="freelancer").first()
    employee = paid.filter(person__participant_type="employee").first()
    assert freelancer.price_amount == freelancer.activity.freelancer_price_amount
    assert employee.price_amount == employee.activity.price_amount > freelancer.price_amount


def test_loading_again_changes_nothing():
    before = Registration.objects.count()
    assert load_demo_data() is False
    assert Registration.objects.count() == before


def test_the_plan_is_the_same_every_time():
    def plan():
        rng = random.Random(SEED)
        return [
            (a.code, r.person.email, r.status, r.registered_at)
            for a in plan_activities(rng=rng, population=Population(rng))
            for r in a.registrations
        ]

    assert plan() == plan()

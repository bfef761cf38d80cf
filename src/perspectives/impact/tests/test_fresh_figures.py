"""Selectors only read: the report's pre-counted figures are brought up to date by a service.

Reading a report (the selectors, and every indicator source they count through) writes
nothing: it takes the pre-counted figures as they stand. The report command and the staff and
funder pages run `refresh_report_figures()` first, so what they show is never behind a
committed registration.
"""

import csv
import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from perspectives.accounts.models import Role
from perspectives.activities.models import TallyChange
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.core.indicators import PeriodLabelledPersons, PreCountedPersons
from perspectives.core.periods import year_period
from perspectives.core.registry import indicator_sources
from perspectives.impact.selectors import build_participants_report, list_current_definitions
from perspectives.impact.selectors.trends import build_year_to_date_comparison
from perspectives.impact.services import refresh_report_figures

pytestmark = pytest.mark.django_db

YEAR = 2019
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|TRUNCATE|MERGE|REPLACE)\b", re.IGNORECASE)


class WriteRefused(AssertionError):
    pass


def refuse_writes(execute, sql, params, many, context):
    if WRITE.match(sql) or "pg_advisory" in sql or "FOR UPDATE" in sql.upper():
        raise WriteRefused(sql)
    return execute(sql, params, many, context)


def attend(n: int, *, category: str = "knowledge_events", on=dt.date(YEAR, 4, 1)) -> None:
    activity = ActivityFactory(category=category, starts_on=on)
    RegistrationFactory.create_batch(n, activity=activity, status="attended")


def knowledge_events(report) -> int:
    return next(row for row in report.rows if row.code == "knowledge_events").values[YEAR]


def test_the_refusal_catches_a_refresh_so_the_read_test_below_means_something():
    attend(2)
    with connection.execute_wrapper(refuse_writes), pytest.raises(WriteRefused):
        refresh_report_figures()


def test_reading_a_report_through_every_source_writes_nothing():
    refresh_report_figures()
    attend(2)
    queued = TallyChange.objects.count()
    assert queued > 0
    periods = [year_period(YEAR), year_period(YEAR + 1, through=dt.date(YEAR + 1, 6, 30))]
    # Every source with the parameters the seeded indicators give it.
    specs = [
        (indicator_sources.get(spec["source"]), spec.get("params", {}))
        for definition in list_current_definitions()
        for spec in definition.definition.get("sources", [])
    ]
    assert {source.key for source, _ in specs} == set(indicator_sources)
    with connection.execute_wrapper(refuse_writes):
        for unit in ("participations", "persons"):
            report = build_participants_report(
                years=[YEAR, YEAR + 1], through=dt.date(YEAR + 1, 6, 30), unit=unit
            )
            build_year_to_date_comparison(report=report)
        for source, params in specs:
            source.count(periods=periods, params=params, unit="participations")
            source.fingerprint(periods=periods, params=params)
            persons = source.person_ids(period=periods[0], params=params)
            list(persons if persons is not None else [])
            if isinstance(source, PeriodLabelledPersons):
                list(source.person_periods(periods=periods, params=params))
            if isinstance(source, PreCountedPersons):
                source.distinct_persons(periods=periods[:1], params_list=[params], others=[])
    # The selectors read the tallies as they stand: the queued changes are still queued.
    assert TallyChange.objects.count() == queued
    assert knowledge_events(report) == 0
    refresh_report_figures()
    assert TallyChange.objects.count() == 0
    assert knowledge_events(build_participants_report(years=[YEAR])) == 2


@pytest.mark.usefixtures("registrations_only")
def test_the_report_command_shows_registrations_attended_since_the_last_report():
    def starters_row() -> list[str]:
        out = io.StringIO()
        call_command("report", "participants", "--years", str(YEAR), "--format", "csv", stdout=out)
        return next(line for line in out.getvalue().splitlines() if line.startswith("starters"))

    attend(1, category="starters")
    assert starters_row() == "starters,1"
    attend(2, category="starters")
    assert TallyChange.objects.exists()
    assert starters_row() == "starters,3"


@pytest.mark.usefixtures("registrations_only")
def test_the_staff_dashboard_and_download_show_fresh_figures(staff_client):
    attend(1)
    years = {"years": f"{YEAR}-{YEAR}"}
    assert knowledge_events(staff_client.get("/beheer/impact/", years).context["report"]) == 1
    attend(2)
    assert knowledge_events(staff_client.get("/beheer/impact/", years).context["report"]) == 3
    attend(1)
    response = staff_client.get(
        reverse("impact:download", args=["participants"]), {**years, "format": "csv"}
    )
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(response.content.decode()))}
    assert rows["knowledge_events"] == ["4"]


@pytest.fixture
def funder_client(client, make_user):
    client.force_login(make_user(role=Role.FUNDER, email="financier@example.org"))
    return client


@pytest.mark.usefixtures("registrations_only")
def test_the_funder_dashboard_and_download_show_fresh_figures(funder_client):
    # Above the suppression threshold (10) from the start, so no cell is hidden.
    attend(12)
    years = {"years": str(YEAR)}
    dashboard = reverse("impact:funder-dashboard")
    assert knowledge_events(funder_client.get(dashboard, years).context["report"]) == 12
    attend(3)
    assert knowledge_events(funder_client.get(dashboard, years).context["report"]) == 15
    attend(1)
    response = funder_client.get(
        reverse("impact:funder-download", args=["participants"]), {**years, "format": "csv"}
    )
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(response.content.decode()))}
    assert rows["knowledge_events"] == ["16"]

"""What the report pages open on and how they answer a bad year range."""

import datetime as dt
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.impact.forms import ParticipantsReportForm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registrations_only")]

DASHBOARD = "/beheer/impact/"
PYTHON_ERRORS = ("invalid literal", "ValueError", "must lie between", "Traceback")


@pytest.fixture(autouse=True)
def _language_restored():
    """Requests in English leave English active in the thread (LocaleMiddleware activates a
    language and nothing resets it); later tests must start from the language they found."""
    from django.utils import translation

    language = translation.get_language()
    yield
    translation.activate(language)


def test_with_no_data_the_report_opens_on_the_last_three_calendar_years():
    this_year = timezone.localdate().year
    assert ParticipantsReportForm.initial_years() == f"{this_year - 2}-{this_year}"


def test_the_report_opens_on_the_last_three_years_that_have_activities():
    for year in (2016, 2018, 2019, 2020):
        ActivityFactory(starts_on=dt.date(year, 5, 1))
    assert ParticipantsReportForm.initial_years() == "2018-2020"


def test_one_year_of_data_opens_on_that_year_alone():
    ActivityFactory(starts_on=dt.date(2019, 5, 1))
    assert ParticipantsReportForm.initial_years() == "2019"


def test_planned_activities_of_later_years_do_not_move_the_opening_years():
    this_year = timezone.localdate().year
    ActivityFactory(starts_on=dt.date(this_year - 4, 5, 1))
    ActivityFactory(starts_on=dt.date(this_year - 3, 5, 1))
    ActivityFactory(starts_on=dt.date(this_year + 1, 5, 1))
    assert ParticipantsReportForm.initial_years() == f"{this_year - 4}-{this_year - 3}"


def test_the_dashboard_and_the_funder_page_open_on_the_years_with_data(staff_client, make_user):
    RegistrationFactory(
        activity=ActivityFactory(category="starters", starts_on=dt.date(2019, 3, 3))
    )
    response = staff_client.get(DASHBOARD)
    assert response.context["report"].years == [2019]
    funder = make_user(role="funder", email="financier@example.org")
    staff_client.force_login(funder)
    response = staff_client.get(reverse("impact:funder-dashboard"))
    assert response.status_code == 200
    assert "2019" in response.content.decode()


@pytest.mark.parametrize("years", ["twenty", "2019-twenty", "2020-2018", "20199", "٢٠١٩"])
@pytest.mark.parametrize(
    ("language", "words"),
    [("nl", "Geef de jaren op als 2018-2020"), ("en", "Give the years as 2018-2020")],
)
def test_a_bad_year_range_is_a_form_error_in_the_pages_language(
    staff_client, years, language, words
):
    response = staff_client.get(DASHBOARD, {"years": years}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert words in html
    assert not any(error in html for error in PYTHON_ERRORS)


def test_a_good_year_range_is_accepted_without_error(staff_client):
    response = staff_client.get(DASHBOARD, {"years": "2018-2020"})
    assert response.context["report"].years == [2018, 2019, 2020]
    assert not response.context["form"].errors


def test_the_definitions_on_the_dashboard_say_what_counts_and_what_does_not(staff_client):
    html = staff_client.get(DASHBOARD, {"years": "2019"}).content.decode()
    assert "<strong>Telt:</strong>" in html and "<strong>Telt niet:</strong>" in html
    html = staff_client.get(
        DASHBOARD, {"years": "2019"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<strong>Counts:</strong>" in html and "<strong>Not counted:</strong>" in html


def test_the_command_line_refuses_a_bad_year_range_with_a_clear_message():
    with pytest.raises(CommandError, match="--years: "):
        call_command("report", "participants", "--years", "twenty")


def test_the_command_line_prints_one_line_and_exits_non_zero_on_a_bad_year_range():
    result = subprocess.run(
        [sys.executable, "-m", "django", "report", "participants", "--years", "twenty"],
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "perspectives.config.settings.test",
            "DATABASE_URL": "sqlite:///:memory:",
        },
        check=False,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "invalid literal" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--years" in lines[0], result.stderr

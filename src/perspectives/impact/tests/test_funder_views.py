"""The funder pages: funders only, figures with small cells hidden, downloads in four formats."""

import csv
import datetime as dt
import io
import json

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from perspectives.accounts.models import Role
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.impact.selectors.funder import is_funder, landing_url_for

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


@pytest.fixture
def funder(make_user):
    return make_user(role=Role.FUNDER, email="financier@example.org")


@pytest.fixture
def funder_client(client, funder):
    client.force_login(funder)
    return client


@pytest.fixture
def cohorts():
    """Starters: 3 persons (hidden); professionals: 12; knowledge events: 15."""
    for category, size in [("starters", 3), ("professionals", 12), ("knowledge_events", 15)]:
        activity = ActivityFactory(category=category, starts_on=f"{YEAR}-04-01")
        for _ in range(size):
            RegistrationFactory(activity=activity)


def _download(client, kind: str, fmt: str):
    return client.get(
        reverse("impact:funder-download", args=[kind]), {"years": str(YEAR), "format": fmt}
    )


def test_the_anonymous_are_sent_to_log_in(client):
    response = client.get(reverse("impact:funder-dashboard"))
    assert response.status_code == 302
    assert "/financier/" in response["Location"]
    assert response["Location"] != "/financier/"


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMINISTRATOR, Role.COACH, Role.PARTICIPANT])
@pytest.mark.parametrize("name", ["impact:funder-dashboard", "impact:funder-download"])
def test_every_other_role_is_refused(client, make_user, role, name):
    client.force_login(make_user(role=role))
    url = reverse(name, args=["participants"] if name == "impact:funder-download" else [])
    assert client.get(url, {"format": "csv"}).status_code == 403


def test_an_inactive_funder_is_no_funder(funder):
    funder.is_active = False
    assert not is_funder(funder)


def test_the_dashboard_shows_figures_with_small_cells_hidden(funder_client, cohorts):
    response = funder_client.get(reverse("impact:funder-dashboard"), {"years": str(YEAR)})
    assert response.status_code == 200
    body = response.content.decode()
    report = response.context["report"]
    assert report.is_suppressed("starters", YEAR)
    # 3 starters alone would be the total minus the rest: a second part goes with them.
    assert report.is_suppressed("professionals", YEAR)
    assert report.summary_rows[0].values[YEAR] == 30
    assert report.unique_persons[YEAR] == 30
    assert ">15<" in body
    assert "Registration" not in body
    assert reverse("impact:funder-download", args=["participants"]) in body
    assert reverse("impact:funder-download", args=["funding"]) in body


def test_the_participants_csv_is_suppressed(funder_client, cohorts):
    response = _download(funder_client, "participants", "csv")
    assert response.status_code == 200
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(response.content.decode()))}
    assert rows["starters"] == ["x"]
    assert rows["professionals"] == ["x"]
    assert rows["knowledge_events"] == ["15"]
    assert rows["participants_training_and_events"] == ["30"]


def test_the_participants_json_nulls_hidden_cells_and_lists_them(funder_client, cohorts):
    data = json.loads(_download(funder_client, "participants", "json").content)
    starters = data["rows"][0]
    assert starters["values"] == {str(YEAR): None}
    assert starters["persons"] == {str(YEAR): None}
    assert {"indicator": "starters", "year": YEAR} in data["suppression"]["cells"]
    assert data["suppression"]["threshold"] == 10


def test_the_participants_xlsx_marks_hidden_cells(funder_client, cohorts):
    response = _download(funder_client, "participants", "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    by_code = {row[0]: row[2:] for row in sheet.iter_rows(values_only=True) if row}
    assert by_code["starters"] == ("x",)
    assert by_code["knowledge_events"] == (15,)


@pytest.mark.parametrize("kind", ["participants", "funding"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf", "json"])
def test_every_report_downloads_in_every_format(funder_client, kind, fmt):
    response = _download(funder_client, kind, fmt)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'{YEAR}-{YEAR}.{fmt}"')
    assert response.content


def test_an_unknown_report_or_format_is_not_found(funder_client):
    assert _download(funder_client, "people", "csv").status_code == 404
    assert _download(funder_client, "participants", "table").status_code == 404


def test_the_threshold_follows_the_setting(funder_client, cohorts, settings):
    settings.FUNDER_SUPPRESSION_THRESHOLD = 2
    rows = {
        row[0]: row[1:]
        for row in csv.reader(
            io.StringIO(_download(funder_client, "participants", "csv").content.decode())
        )
    }
    assert rows["starters"] == ["3"]


def test_funders_land_on_their_dashboard_and_staff_on_theirs(funder, make_user):
    assert landing_url_for(funder) == "/financier/"
    staff = make_user(role=Role.STAFF)
    assert landing_url_for(staff) != "/financier/"


def test_the_dashboard_speaks_dutch_by_default(funder_client):
    body = funder_client.get(reverse("impact:funder-dashboard")).content.decode()
    assert "Cijfers voor financiers" in body
    assert "Deze pagina's tonen alleen cijfers." in body


def test_the_log_in_flow_lands_funders_on_their_dashboard(rf, funder, staff_user):
    from allauth.account.adapter import get_adapter

    request = rf.get("/")
    request.user = funder
    assert get_adapter(request).get_login_redirect_url(request) == reverse(
        "impact:funder-dashboard"
    )
    request.user = staff_user
    assert get_adapter(request).get_login_redirect_url(request) == reverse("core:home")


# --- fixed release periods (issue 13, item 1) ---------------------------------------------


def _on(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(f"{day}T12:00:00+02:00"), tick=False)


def _json(client, **query):
    return client.get(
        reverse("impact:funder-download", args=["participants"]), {**query, "format": "json"}
    )


def test_a_quarter_is_released_the_day_after_it_ends_and_not_on_its_last_day(funder_client):
    with _on("2025-07-01"):
        data = json.loads(_json(funder_client, years="2025", by="quarters").content)
    assert [column["year"] for column in data["columns"]] == ["2025-Q1", "2025-Q2"]
    with _on("2025-06-30"):
        data = json.loads(_json(funder_client, years="2025", by="quarters").content)
    assert [column["year"] for column in data["columns"]] == ["2025-Q1"]
    with _on("2025-03-31"):
        response = _json(funder_client, years="2025", by="quarters")
    assert response.status_code == 400
    assert "Geen kwartaal van deze jaren is al voorbij." in response.content.decode()


def test_a_year_is_released_the_day_after_it_ends_and_not_on_its_last_day(funder_client):
    with _on("2026-01-01"):
        assert _json(funder_client, years="2025").status_code == 200
        assert _json(funder_client, years="2025-2026").status_code == 400
    with _on("2025-12-31"):
        response = _json(funder_client, years="2025")
        page = funder_client.get(reverse("impact:funder-dashboard"), {"years": "2025"})
    assert response.status_code == 400
    assert page.status_code == 200
    assert page.context.get("report") is None
    assert "2025 is nog niet voorbij" in page.content.decode()


@pytest.mark.parametrize("through", ["2024-03-31", "2024-05-01", "2024-12-31"])
def test_a_cut_off_date_of_ones_own_is_refused_on_the_page_and_the_download(funder_client, through):
    response = _json(funder_client, years="2024", through=through)
    assert response.status_code == 400
    page = funder_client.get(
        reverse("impact:funder-dashboard"), {"years": "2024", "through": through}
    )
    assert page.context.get("report") is None
    assert "een eigen peildatum kan niet worden gekozen" in page.content.decode()


def test_an_empty_cut_off_is_no_cut_off(funder_client):
    assert _json(funder_client, years=str(YEAR), through="").status_code == 200


def test_at_most_ten_years_at_a_time(funder_client):
    last = timezone.localdate().year - 1
    assert _json(funder_client, years=f"{last - 9}-{last}").status_code == 200
    assert _json(funder_client, years=f"{last - 10}-{last}").status_code == 400


def test_the_default_is_the_last_three_whole_years(funder_client):
    data = json.loads(_json(funder_client).content)
    last = timezone.localdate().year - 1
    assert data["years"] == [last - 2, last - 1, last]


def test_a_year_and_its_quarters_hide_the_same_cells_whichever_is_asked(funder_client, cohorts):
    # Starters (3) in Q2 are hidden in the quarter and in the year, in both units.
    for unit in ("participations", "persons"):
        year = json.loads(_json(funder_client, years=str(YEAR), unit=unit).content)
        quarters = json.loads(
            _json(funder_client, years=str(YEAR), by="quarters", unit=unit).content
        )
        assert {"indicator": "starters", "year": YEAR} in year["suppression"]["cells"]
        assert {"indicator": "starters", "year": f"{YEAR}-Q2"} in quarters["suppression"]["cells"]
        assert quarters["rows"][2]["values"][f"{YEAR}-Q2"] == year["rows"][2]["values"][str(YEAR)]

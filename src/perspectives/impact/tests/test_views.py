import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from perspectives.accounts.models import Role
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registrations_only")]

DASHBOARD = "/beheer/impact/"


@pytest.fixture
def records():
    RegistrationFactory(
        activity=ActivityFactory(category="starters", starts_on=dt.date(2019, 3, 3))
    )


def test_the_dashboard_url_is_stable():
    assert reverse("impact:dashboard") == DASHBOARD


def test_anonymous_visitors_go_to_log_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "/account/" in response["Location"]


@pytest.mark.parametrize("role", [Role.FUNDER, Role.COACH, Role.PARTICIPANT])
def test_others_than_staff_are_refused(client, make_user, role):
    user = make_user(email=f"{role}@example.org", role=role, full_name="X")
    client.force_login(user)
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(reverse("impact:download", args=["participants"])).status_code == 403


def test_the_dashboard_shows_the_report_for_the_chosen_years(staff_client, records):
    response = staff_client.get(DASHBOARD, {"years": "2019-2020", "through": "2020-10-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2020 (t/m 31-10-2020)" in html
    assert "Bijscholing starters" in html
    assert response.context["report"].rows[0].values == {2019: 1, 2020: 0}
    assert "format=pdf" in html and "format=xlsx" in html


def test_the_dashboard_without_parameters_shows_the_last_three_years(staff_client):
    response = staff_client.get(DASHBOARD)
    assert len(response.context["report"].years) == 3


def test_an_invalid_period_is_a_form_error(staff_client):
    response = staff_client.get(DASHBOARD, {"years": "2019-2021", "through": "2020-10-31"})
    assert response.status_code == 200
    assert "report" not in response.context
    assert response.context["form"].errors["through"]


def test_the_staff_menu_offers_impact(staff_client):
    html = staff_client.get(reverse("core:home")).content.decode()
    assert DASHBOARD in html


@pytest.mark.parametrize("fmt", ["table", "csv", "xlsx", "json", "pdf"])
@pytest.mark.parametrize("kind", ["participants", "funding"])
def test_every_report_downloads_in_every_format(staff_client, records, kind, fmt):
    response = staff_client.get(
        reverse("impact:download", args=[kind]), {"years": "2019", "format": fmt}
    )
    assert response.status_code == 200
    assert f'filename="{kind}-2019-2019.' in response["Content-Disposition"]
    if fmt == "pdf":
        assert response.content.startswith(b"%PDF")


def test_the_csv_download_is_the_report(staff_client, records):
    response = staff_client.get(
        reverse("impact:download", args=["participants"]), {"years": "2019", "format": "csv"}
    )
    assert response.content.decode().splitlines()[:2] == ["indicator,2019", "starters,1"]


def test_the_xlsx_download_opens(staff_client, records):
    response = staff_client.get(
        reverse("impact:download", args=["participants"]), {"years": "2019", "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any(row[0] == "starters" for row in sheet.iter_rows(values_only=True))


def test_an_unknown_format_is_not_found(staff_client):
    response = staff_client.get(
        reverse("impact:download", args=["participants"]), {"years": "2019", "format": "doc"}
    )
    assert response.status_code == 404


def test_a_report_download_is_one_security_event(staff_client, staff_user, caplog):
    import json as json_module

    caplog.set_level("INFO", logger="perspectives.security")
    response = staff_client.get("/beheer/impact/download/participants?years=2019-2019&format=csv")
    assert response.status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "perspectives.security"]
    events = [e for e in map(json_module.loads, lines) if e["action"] == "export.report"]
    assert [(e["object"], e["actor"]) for e in events] == [
        ("report:participants:csv", str(staff_user.pk))
    ]

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from perspectives.accounts.models import Role
from perspectives.accounts.services import create_user
from perspectives.core.models import AuditEntry
from perspectives.reach.models import ReachFigure, VisitorHit
from perspectives.reach.tests.factories import DailyVisitorsFactory, ReachFigureFactory

pytestmark = pytest.mark.django_db

URLS = ["reach:figure-list", "reach:figure-create"]


@pytest.mark.parametrize("name", URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", URLS)
def test_other_roles_are_refused(client, name):
    client.force_login(create_user(email="p@example.org", password=None, role=Role.PARTICIPANT))
    assert client.get(reverse(name)).status_code == 403


def test_list_shows_figures_with_method_and_source_filtered(
    staff_client, django_assert_max_num_queries
):
    ReachFigureFactory(channel="academy", value=4321, method="unieke bezoekers", source="Matomo")
    ReachFigureFactory(period_start=dt.date(2020, 1, 1), period_end=dt.date(2020, 1, 31), value=999)
    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("reach:figure-list"))
    html = response.content.decode()
    assert "4.321" in html and "unieke bezoekers" in html and "Matomo" in html
    assert "999" in html
    response = staff_client.get(reverse("reach:figure-list"), {"year": "2020"})
    assert [f.value for f in response.context["figures"]] == [999]
    response = staff_client.get(reverse("reach:figure-list"), {"channel": "academy"})
    assert [f.value for f in response.context["figures"]] == [4321]


def test_entering_a_figure_goes_through_the_service(staff_client, staff_user):
    data = {
        "channel": "knowledge_base",
        "period_start": "2019-01-01",
        "period_end": "2019-12-31",
        "value": "5000",
        "method": "unique visitors per year",
        "source": "Google Analytics export",
    }
    assert staff_client.post(reverse("reach:figure-create"), data).status_code == 302
    data["value"] = "5100"
    assert staff_client.post(reverse("reach:figure-create"), data).status_code == 302
    figure = ReachFigure.objects.get()
    assert figure.value == 5100
    assert AuditEntry.objects.get(action="reach.figure.replaced").actor == staff_user


def test_a_figure_without_method_or_ending_before_it_starts_is_refused(staff_client):
    response = staff_client.post(
        reverse("reach:figure-create"),
        {
            "channel": "academy",
            "period_start": "2019-02-01",
            "period_end": "2019-01-01",
            "value": "5",
            "method": "",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"method", "period_end"}
    assert not ReachFigure.objects.exists()


def test_list_shows_measured_visitors_per_day_and_month_beside_the_figures(
    staff_client, django_assert_max_num_queries
):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    DailyVisitorsFactory(day=yesterday, section="knowledge_base", unique_visitors=7654)
    DailyVisitorsFactory(day=yesterday, section="other", unique_visitors=11)
    DailyVisitorsFactory(day=today - dt.timedelta(days=40), section="academy", unique_visitors=5)
    VisitorHit.objects.create(day=today, section="academy", visitor_hash="a" * 64)
    ReachFigureFactory(channel="academy", value=4321)
    with django_assert_max_num_queries(10):
        response = staff_client.get(reverse("reach:figure-list"))
    overview = response.context["visitors"]
    assert len(overview["days"]) == 31 and len(overview["months"]) == 12
    days = {row["label"]: row for row in overview["days"]}
    assert days[yesterday]["values"] == [0, 0, 7654, 11] and days[yesterday]["total"] == 7665
    assert days[today]["values"] == [0, 1, 0, 0]
    assert today - dt.timedelta(days=40) not in days
    months = {row["label"]: row["total"] for row in overview["months"]}
    month_totals = sum(months.values())
    assert month_totals == 7665 + 1 + 5
    html = response.content.decode()
    assert "7.654" in html and "4.321" in html  # Dutch thousands separator

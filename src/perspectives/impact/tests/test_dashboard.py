"""The impact dashboard's charts, year-to-date comparison, policy warnings and downloads."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.funding.tests.factories import BudgetYearFactory, FunderFactory, GrantFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/beheer/impact/"


@pytest.fixture
def records():
    for starts_on in [dt.date(2019, 3, 1), dt.date(2019, 12, 1), dt.date(2020, 10, 31)]:
        RegistrationFactory(
            activity=ActivityFactory(category="knowledge_events", starts_on=starts_on)
        )
    municipality = FunderFactory(name="Gemeente Hilversum", kind="municipality")
    GrantFactory(funder=municipality, year=2019, amount=Decimal("300000"))
    BudgetYearFactory(year=2019, total_amount=Decimal("1138686"))
    GrantFactory(funder=municipality, year=2020, amount=Decimal("300000"))
    BudgetYearFactory(year=2020, total_amount=Decimal("1399270"))


def test_each_indicator_is_a_chart_with_the_year_to_date_beside_the_year_before(
    staff_client, records
):
    response = staff_client.get(DASHBOARD, {"years": "2019-2020", "through": "2020-10-31"})

    html = response.content.decode()
    comparison = response.context["comparison"]
    assert comparison.previous_through == dt.date(2019, 10, 31)
    assert comparison.values["knowledge_events"] == 1
    charts = {chart.code: chart for chart in response.context["charts"]}
    assert [point.value for point in charts["knowledge_events"].points] == [2, 1, 1]
    assert html.count('<svg role="img"') == len(charts)
    assert '<title id="chart-knowledge_events-title">Kennisevents</title>' in html
    assert "naast dezelfde periode een jaar eerder (2019 t/m 31-10)" in html
    # The figures of every chart are also a table, and no script draws them.
    assert '<th scope="row">2019 t/m 31-10</th><td class="num">1</td>' in html
    assert "<script" not in html


def test_whole_years_are_charted_without_a_comparison(staff_client, records):
    response = staff_client.get(DASHBOARD, {"years": "2019-2020"})

    assert response.context["comparison"] is None
    chart = next(c for c in response.context["charts"] if c.code == "knowledge_events")
    assert [point.label for point in chart.points] == ["2019", "2020"]
    assert "een jaar eerder" not in response.content.decode()


def test_policy_breaches_are_warnings_in_words(staff_client, records):
    html = staff_client.get(DASHBOARD, {"years": "2019-2020"}).content.decode()

    warnings = re.findall(r'<li class="message warning">(.*?)</li>', html)
    assert warnings == [
        "<strong>Overschrijding in 2019:</strong> Gemeentelijk aandeel 26,3 % is hoger dan 25 %."
    ]
    assert "Getoetste regels" in html


def test_without_breaches_the_dashboard_says_so(staff_client, records):
    html = staff_client.get(DASHBOARD, {"years": "2020"}).content.decode()

    assert "In deze jaren wordt geen beleidsregel overschreden." in html
    assert 'class="message warning"' not in html


def test_both_reports_download_in_every_format_with_the_chosen_parameters(staff_client, records):
    html = staff_client.get(
        DASHBOARD, {"years": "2019-2020", "through": "2020-10-31", "unit": "persons"}
    ).content.decode()

    links = set(re.findall(r'href="(/beheer/impact/download/[^"]+)"', html))
    query = "years=2019-2020&amp;through=2020-10-31&amp;unit=persons"
    assert links == {
        f"/beheer/impact/download/{kind}?{query}&amp;format={fmt}"
        for kind in ["participants", "funding"]
        for fmt in ["table", "csv", "xlsx", "json", "pdf"]
    }
    response = staff_client.get(
        "/beheer/impact/download/participants",
        {"years": "2019-2020", "through": "2020-10-31", "format": "csv"},
    )
    assert response.content.decode().splitlines()[0] == "indicator,2019,2020"


def test_dashboard_funding_table_in_dutch_number_format(staff_client):
    municipality = FunderFactory(kind="municipality")
    GrantFactory(funder=municipality, year=2019, amount=Decimal("300000"), status="settled")
    BudgetYearFactory(year=2019, total_amount=Decimal("1138686"))
    html = staff_client.get("/beheer/impact/?years=2019-2019").content.decode()
    assert "300.000" in html
    assert "1.138.686" in html
    assert "26,3" in html
    assert "Vastgesteld" in html
    assert "300000,00" not in html

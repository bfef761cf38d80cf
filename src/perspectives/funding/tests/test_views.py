from decimal import Decimal

import pytest
from django.urls import reverse

from perspectives.accounts.models import Role
from perspectives.core.models import AuditEntry
from perspectives.funding.models import BudgetYear, Funder, Grant, PolicyRule
from perspectives.funding.services import set_budget_year
from perspectives.funding.tests.factories import FunderFactory, GrantFactory

pytestmark = pytest.mark.django_db


def urls():
    grant = GrantFactory()
    set_budget_year(year=2019, total_amount=Decimal("1000"))
    return [
        reverse("funding:overview"),
        reverse("funding:funder-create"),
        reverse("funding:funder-update", args=[grant.funder.pk]),
        reverse("funding:grant-create"),
        reverse("funding:grant-update", args=[grant.pk]),
        reverse("funding:budget-create"),
        reverse("funding:budget-update", args=[2019]),
        reverse("funding:rule-update", args=["municipal_share_max"]),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


def test_other_roles_are_refused(client, make_user):
    client.force_login(make_user(email="f@example.org", role=Role.FUNDER))
    for url in urls():
        assert client.get(url).status_code == 403, url


def test_staff_see_every_page(staff_client):
    for url in urls():
        assert staff_client.get(url).status_code == 200, url


def test_missing_objects_give_404(staff_client):
    assert staff_client.get(reverse("funding:grant-update", args=[999])).status_code == 404
    assert staff_client.get(reverse("funding:budget-update", args=[1999])).status_code == 404
    assert staff_client.get(reverse("funding:rule-update", args=["nope"])).status_code == 404


def test_overview_names_the_breach_in_words(staff_client, django_assert_max_num_queries):
    town = FunderFactory(name="Gemeente Hilversum", kind="municipality")
    company = FunderFactory(name="Omroep BV", kind="company")
    GrantFactory(funder=town, year=2019, amount=Decimal("300000"), status="settled")
    GrantFactory(funder=company, year=2019, amount=Decimal("12345"), status="requested")
    set_budget_year(year=2019, total_amount=Decimal("1138686"))
    with django_assert_max_num_queries(12):
        response = staff_client.get(
            reverse("funding:overview"), {"years": "2019", "language": "en"}
        )
    html = response.content.decode()
    assert "26,3 %" in html  # the page is Dutch; the report's language only names the figures
    assert response.context["report"].breaches[0].year == 2019
    assert [row["breached"] for row in response.context["rows"]] == [True]
    assert "Omroep BV" in html
    assert "Financiering" in html and "Boven de beleidsgrens" in html  # Dutch by default


def test_a_year_without_subsidy_is_not_called_within_policy(staff_client):
    set_budget_year(year=2018, total_amount=Decimal("1098229"))
    response = staff_client.get(reverse("funding:overview"))
    assert response.context["rows"][0]["checked"] is False
    assert "Niet getoetst" in response.content.decode()


def test_overview_reports_invalid_years(staff_client):
    response = staff_client.get(reverse("funding:overview"), {"years": "twenty"})
    assert response.status_code == 200
    assert response.context["years_error"]


def test_creating_a_funder_goes_through_the_service(staff_client, staff_user):
    response = staff_client.post(
        reverse("funding:funder-create"), {"name": "EFRO Kansen", "kind": "eu_fund"}
    )
    assert response.status_code == 302
    assert Funder.objects.get().kind == "eu_fund"
    assert AuditEntry.objects.get(action="funding.funder.created").actor == staff_user


def test_a_duplicate_funder_name_is_a_form_error(staff_client):
    FunderFactory(name="Gemeente Hilversum")
    response = staff_client.post(
        reverse("funding:funder-create"), {"name": "GEMEENTE hilversum", "kind": "municipality"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Funder.objects.count() == 1


def test_recording_and_editing_a_grant(staff_client):
    funder = FunderFactory()
    staff_client.post(
        reverse("funding:grant-create"),
        {"funder": funder.pk, "year": 2021, "amount": "300000", "status": "requested"},
    )
    grant = Grant.objects.get()
    assert AuditEntry.objects.filter(action="funding.grant.recorded").count() == 1
    response = staff_client.post(
        reverse("funding:grant-update", args=[grant.pk]),
        {"funder": funder.pk, "year": 2021, "amount": "310000", "status": "granted", "note": ""},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert (grant.amount, grant.status) == (Decimal("310000.00"), "granted")
    assert AuditEntry.objects.filter(action="funding.grant.changed").count() == 1


def test_invalid_grant_is_refused(staff_client):
    funder = FunderFactory()
    response = staff_client.post(
        reverse("funding:grant-create"),
        {"funder": funder.pk, "year": 1800, "amount": "-1", "status": "requested"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"year", "amount"}
    assert not Grant.objects.exists()


def test_setting_and_editing_a_budget_year(staff_client):
    staff_client.post(reverse("funding:budget-create"), {"year": 2018, "total_amount": "1098229"})
    response = staff_client.post(
        reverse("funding:budget-update", args=[2018]),
        {"year": 2030, "total_amount": "1100000", "note": "herzien"},
    )
    assert response.status_code == 302
    budget = BudgetYear.objects.get()
    assert (budget.year, budget.total_amount) == (2018, Decimal("1100000.00"))


def test_editing_the_policy_rule(staff_client, staff_user):
    response = staff_client.post(
        reverse("funding:rule-update", args=["municipal_share_max"]),
        {
            "description": "Gemeentelijk aandeel",
            "max_share_percent": "25",
            "funder_kind": "municipality",
            "except_years": "2018, 2017",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    rule = PolicyRule.objects.get()
    assert rule.except_years == [2017, 2018]
    assert AuditEntry.objects.get(action="funding.policy_rule.set").actor == staff_user


def test_policy_rule_rejects_unreadable_exception_years(staff_client):
    response = staff_client.post(
        reverse("funding:rule-update", args=["municipal_share_max"]),
        {
            "description": "x",
            "max_share_percent": "25",
            "funder_kind": "municipality",
            "except_years": "start year",
        },
    )
    assert response.status_code == 200
    assert "except_years" in response.context["form"].errors
    assert PolicyRule.objects.get().except_years == []


def test_the_staff_menu_links_to_funding_and_online_reach(staff_client):
    response = staff_client.get(reverse("core:home"))
    urls = [entry["url"] for entry in response.context["staff_menu"]]
    assert reverse("funding:overview") in urls
    assert urls.index(reverse("reach:figure-list")) < urls.index(reverse("funding:overview"))

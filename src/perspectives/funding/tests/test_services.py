from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from perspectives.core.models import AuditEntry
from perspectives.funding import services
from perspectives.funding.models import BudgetYear, Funder, Grant, PolicyRule
from perspectives.funding.tests.factories import FunderFactory, GrantFactory

pytestmark = pytest.mark.django_db


def test_create_funder_is_audit_logged(staff_user):
    funder = services.create_funder(
        name="Gemeente Hilversum", kind="municipality", actor=staff_user
    )
    entry = AuditEntry.objects.get(action="funding.funder.created")
    assert entry.actor == staff_user
    assert entry.object_id == str(funder.pk)
    assert entry.data["changes"]["name"] == [None, "Gemeente Hilversum"]


def test_funder_names_are_unique_in_any_letter_case():
    services.create_funder(name="Gemeente Hilversum", kind="municipality")
    with pytest.raises(ValidationError):
        services.create_funder(name="gemeente HILVERSUM", kind="municipality")
    assert Funder.objects.count() == 1


def test_unknown_funder_kind_is_refused():
    with pytest.raises(ValidationError):
        services.create_funder(name="Iemand", kind="lottery")


def test_update_funder_logs_the_old_and_new_kind():
    funder = FunderFactory(kind="other")
    services.update_funder(funder=funder, name=funder.name, kind="eu_fund")
    entry = AuditEntry.objects.get(action="funding.funder.changed")
    assert entry.data["changes"] == {"kind": ["other", "eu_fund"]}


def test_record_grant_twice_updates_the_one_grant_of_that_year(staff_user):
    funder = FunderFactory()
    first = services.record_grant(
        funder=funder, year=2019, amount=Decimal("1000"), status="requested"
    )
    second = services.record_grant(
        funder=funder, year=2019, amount=Decimal("1500"), status="granted", actor=staff_user
    )
    assert first.pk == second.pk
    grant = Grant.objects.get()
    assert (grant.amount, grant.status) == (Decimal("1500.00"), "granted")
    changed = AuditEntry.objects.get(action="funding.grant.changed")
    assert changed.data["changes"]["status"] == ["requested", "granted"]
    assert AuditEntry.objects.filter(action="funding.grant.recorded").count() == 1


@pytest.mark.parametrize(
    "year, amount, status",
    [
        (2019, Decimal("-1"), "granted"),
        (1850, Decimal("1"), "granted"),
        (2019, Decimal("1"), "paid"),
    ],
)
def test_record_grant_refuses_invalid_values(year, amount, status):
    with pytest.raises(ValidationError):
        services.record_grant(funder=FunderFactory(), year=year, amount=amount, status=status)
    assert not Grant.objects.exists()


def test_update_grant_cannot_move_onto_another_grants_year():
    funder = FunderFactory()
    GrantFactory(funder=funder, year=2019)
    other = GrantFactory(funder=funder, year=2020)
    with pytest.raises(ValidationError):
        services.update_grant(
            grant=other, funder=funder, year=2019, amount=Decimal("5"), status="granted"
        )


def test_set_budget_year_creates_then_replaces():
    services.set_budget_year(year=2018, total_amount=Decimal("1098229"))
    services.set_budget_year(year=2018, total_amount=Decimal("1100000"), note="herzien")
    budget = BudgetYear.objects.get()
    assert (budget.total_amount, budget.note) == (Decimal("1100000.00"), "herzien")
    assert AuditEntry.objects.filter(action="funding.budget_year.set").count() == 2


def test_negative_budget_is_refused():
    with pytest.raises(ValidationError):
        services.set_budget_year(year=2018, total_amount=Decimal("-5"))


def test_the_municipal_share_rule_is_seeded():
    rule = PolicyRule.objects.get(code="municipal_share_max")
    assert rule.max_share_percent == Decimal("25")
    assert rule.funder_kind == "municipality"
    assert rule.except_years == []
    assert rule.is_active


def test_set_policy_rule_changes_limit_and_exception_years(staff_user):
    rule = services.set_policy_rule(
        code="municipal_share_max",
        max_share_percent=Decimal("30"),
        except_years=[2019, 2018, 2018],
        actor=staff_user,
    )
    rule.refresh_from_db()
    assert rule.max_share_percent == Decimal("30")
    assert rule.except_years == [2018, 2019]
    entry = AuditEntry.objects.get(action="funding.policy_rule.set")
    assert entry.actor == staff_user
    assert set(entry.data["changes"]) == {"max_share_percent", "except_years"}


@pytest.mark.parametrize(
    "share, years", [(Decimal("101"), []), (Decimal("25"), ["2018"]), (Decimal("25"), [True])]
)
def test_set_policy_rule_refuses_invalid_values(share, years):
    with pytest.raises(ValidationError):
        services.set_policy_rule(
            code="municipal_share_max", max_share_percent=share, except_years=years
        )
    assert PolicyRule.objects.get().max_share_percent == Decimal("25")

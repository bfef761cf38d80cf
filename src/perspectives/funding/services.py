"""Writes of funders, grants, budget years and policy rules. Only these change this app's tables."""

from decimal import Decimal

from django.db import transaction

from perspectives.accounts.models import User
from perspectives.core.services import diff_fields, log_action, log_changes

from .models import BudgetYear, Funder, Grant, PolicyRule

FUNDER_FIELDS = ("name", "kind")
GRANT_FIELDS = ("funder", "year", "amount", "status", "note")
BUDGET_FIELDS = ("year", "total_amount", "note")
RULE_FIELDS = (
    "code",
    "description",
    "max_share_percent",
    "funder_kind",
    "except_years",
    "is_active",
)


@transaction.atomic
def create_funder(*, name: str, kind: str, actor: User | None = None) -> Funder:
    """Create a funder; raises ValidationError when the name exists (in any letter case)."""
    funder = Funder(name=name.strip(), kind=kind)
    funder.full_clean()
    funder.save()
    log_action(
        action="funding.funder.created",
        actor=actor,
        target=funder,
        data={"changes": diff_fields(None, funder, FUNDER_FIELDS)},
    )
    return funder


@transaction.atomic
def update_funder(*, funder: Funder, name: str, kind: str, actor: User | None = None) -> Funder:
    """Rename a funder or change its kind; the audit log keeps the old values."""
    before = Funder.objects.select_for_update().get(pk=funder.pk)
    funder.name, funder.kind = name.strip(), kind
    funder.full_clean()
    funder.save()
    log_changes(
        action="funding.funder.changed",
        actor=actor,
        target=funder,
        before=before,
        fields=FUNDER_FIELDS,
    )
    return funder


@transaction.atomic
def record_grant(
    *,
    funder: Funder,
    year: int,
    amount: Decimal,
    status: str,
    note: str = "",
    actor: User | None = None,
) -> Grant:
    """Record the grant of a funder for a year; a second call for that year updates it."""
    grant = Grant.objects.select_for_update().filter(funder=funder, year=year).first()
    before = Grant.objects.get(pk=grant.pk) if grant is not None else None
    if grant is None:
        grant = Grant(funder=funder, year=year)
    grant.amount, grant.status, grant.note = Decimal(amount), status, note
    grant.full_clean()
    grant.save()
    log_changes(
        action="funding.grant.recorded" if before is None else "funding.grant.changed",
        actor=actor,
        target=grant,
        before=before,
        fields=GRANT_FIELDS,
    )
    return grant


@transaction.atomic
def update_grant(
    *,
    grant: Grant,
    funder: Funder,
    year: int,
    amount: Decimal,
    status: str,
    note: str = "",
    actor: User | None = None,
) -> Grant:
    """Correct a grant, including its funder or year; raises ValidationError on a duplicate."""
    before = Grant.objects.select_for_update().get(pk=grant.pk)
    grant.funder, grant.year = funder, year
    grant.amount, grant.status, grant.note = Decimal(amount), status, note
    grant.full_clean()
    grant.save()
    log_changes(
        action="funding.grant.changed",
        actor=actor,
        target=grant,
        before=before,
        fields=GRANT_FIELDS,
    )
    return grant


@transaction.atomic
def set_budget_year(
    *, year: int, total_amount: Decimal, note: str = "", actor: User | None = None
) -> BudgetYear:
    """Set the total budget of a year, creating or replacing it."""
    budget = BudgetYear.objects.select_for_update().filter(year=year).first()
    before = BudgetYear.objects.get(pk=budget.pk) if budget is not None else None
    if budget is None:
        budget = BudgetYear(year=year)
    budget.total_amount, budget.note = Decimal(total_amount), note
    budget.full_clean()
    budget.save()
    log_changes(
        action="funding.budget_year.set",
        actor=actor,
        target=budget,
        before=before,
        fields=BUDGET_FIELDS,
    )
    return budget


@transaction.atomic
def set_policy_rule(
    *,
    code: str,
    max_share_percent: Decimal,
    except_years: list[int],
    description: str | None = None,
    funder_kind: str | None = None,
    is_active: bool | None = None,
    actor: User | None = None,
) -> PolicyRule:
    """Create or change a policy rule; arguments left as None keep their current value."""
    rule = PolicyRule.objects.select_for_update().filter(code=code).first()
    before = PolicyRule.objects.get(pk=rule.pk) if rule is not None else None
    if rule is None:
        rule = PolicyRule(code=code)
    rule.max_share_percent = Decimal(max_share_percent)
    try:
        rule.except_years = sorted(set(except_years))
    except TypeError:  # mixed types: leave them for full_clean() to reject
        rule.except_years = list(except_years)
    if description is not None:
        rule.description = description
    if funder_kind is not None:
        rule.funder_kind = funder_kind
    if is_active is not None:
        rule.is_active = is_active
    rule.full_clean()
    rule.save()
    log_changes(
        action="funding.policy_rule.set",
        actor=actor,
        target=rule,
        before=before,
        fields=RULE_FIELDS,
    )
    return rule

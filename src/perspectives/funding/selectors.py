"""Reads of funding: the funding report (subsidy, share, budget, policy breaches) and lists."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from .models import BudgetYear, Funder, FunderKind, Grant, GrantStatus, PolicyRule

# Least advanced first: a year's subsidy is only as certain as its least certain grant.
STATUS_ORDER = [GrantStatus.REQUESTED, GrantStatus.GRANTED, GrantStatus.SETTLED]
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class RequestedGrant:
    funder: str
    amount: Decimal


@dataclass(frozen=True)
class FundingYear:
    year: int
    municipal_subsidy_amount: Decimal | None
    municipal_grant_status: str
    total_budget_amount: Decimal | None
    municipal_share_percent: Decimal | None
    requested_grants: list[RequestedGrant]


@dataclass(frozen=True)
class PolicyBreach:
    year: int
    rule_code: str
    description: str
    value: Decimal
    limit: Decimal


@dataclass(frozen=True)
class FundingReport:
    years: list[FundingYear]
    breaches: list[PolicyBreach]
    rules: list[str]
    fingerprint: dict


def compute_share_percent(*, part: Decimal | None, total: Decimal | None) -> Decimal | None:
    """part / total * 100 to one decimal, half up; None without both or with a zero total."""
    if part is None or total is None or total == 0:
        return None
    return (part * 100 / total).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def format_percent(value: Decimal) -> str:
    """25.00 -> '25', 26.30 -> '26,3' in Dutch ('26.3' in English): as people write it."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def _share_label(kind: str) -> str:
    if kind == FunderKind.MUNICIPALITY:
        return _("Municipal share")
    return _("Share of funders of kind %(kind)s") % {"kind": FunderKind(kind).label}


def describe_policy_rule(rule: PolicyRule) -> str:
    """The rule in words, e.g. 'Municipal share of the total budget at most 25 % (except 2018)'."""
    text = _("%(share)s of the total budget at most %(limit)s %%") % {
        "share": _share_label(rule.funder_kind),
        "limit": format_percent(rule.max_share_percent),
    }
    if rule.except_years:
        years = ", ".join(str(year) for year in sorted(rule.except_years))
        text += " " + _("(except %(years)s)") % {"years": years}
    return text


def build_funding_report(*, years: list[int]) -> "FundingReport":
    """Per year the municipal subsidy, its share of the budget, open requests and rule breaches."""
    years = sorted(set(years))
    grants = list(
        Grant.objects.filter(year__in=years)
        .select_related("funder")
        .order_by("year", "funder__name", "id")
    )
    budgets = {
        budget.year: budget.total_amount for budget in BudgetYear.objects.filter(year__in=years)
    }
    rules = list(PolicyRule.objects.filter(is_active=True).order_by("code"))

    by_year_kind: dict[tuple[int, str], list[Grant]] = defaultdict(list)
    for grant in grants:
        by_year_kind[(grant.year, grant.funder.kind)].append(grant)

    def subsidy(year: int, kind: str) -> Decimal | None:
        kind_grants = by_year_kind.get((year, kind))
        return sum((g.amount for g in kind_grants), Decimal("0")) if kind_grants else None

    funding_years = []
    for year in years:
        municipal = by_year_kind.get((year, FunderKind.MUNICIPALITY), [])
        statuses = {g.status for g in municipal}
        amount = subsidy(year, FunderKind.MUNICIPALITY)
        budget = budgets.get(year)
        funding_years.append(
            FundingYear(
                year=year,
                municipal_subsidy_amount=amount,
                municipal_grant_status=next((s.value for s in STATUS_ORDER if s in statuses), ""),
                total_budget_amount=budget,
                municipal_share_percent=compute_share_percent(part=amount, total=budget),
                requested_grants=[
                    RequestedGrant(funder=g.funder.name, amount=g.amount)
                    for g in grants
                    if g.year == year and g.status == GrantStatus.REQUESTED
                ],
            )
        )

    breaches = []
    for rule in rules:
        for year in years:
            if year in rule.except_years:
                continue
            share = compute_share_percent(
                part=subsidy(year, rule.funder_kind), total=budgets.get(year)
            )
            if share is not None and share > rule.max_share_percent:
                breaches.append(
                    PolicyBreach(
                        year=year,
                        rule_code=rule.code,
                        description=_("%(share)s %(value)s %% exceeds %(limit)s %%")
                        % {
                            "share": _share_label(rule.funder_kind),
                            "value": format_percent(share),
                            "limit": format_percent(rule.max_share_percent),
                        },
                        value=share,
                        limit=rule.max_share_percent,
                    )
                )
    breaches.sort(key=lambda breach: (breach.year, breach.rule_code))

    return FundingReport(
        years=funding_years,
        breaches=breaches,
        rules=[describe_policy_rule(rule) for rule in rules],
        fingerprint=_fingerprint(years=years, grants=grants, budgets=budgets, rules=rules),
    )


def _fingerprint(*, years, grants, budgets, rules) -> dict:
    """Every input of the report as plain values, plus a digest that changes when any does."""
    inputs = {
        "years": years,
        "grants": [[g.year, g.funder.name, g.funder.kind, str(g.amount), g.status] for g in grants],
        "budgets": {str(year): str(amount) for year, amount in sorted(budgets.items())},
        "rules": [
            [r.code, str(r.max_share_percent), r.funder_kind, sorted(r.except_years)] for r in rules
        ],
    }
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()
    return {
        "grant_count": len(grants),
        "budget_years": sorted(budgets),
        "digest": digest,
        "inputs": inputs,
    }


def list_funders() -> QuerySet[Funder]:
    """Funders by name, with how many grants each has."""
    return Funder.objects.annotate(grant_count=Count("grants")).order_by("name")


def get_funder(*, funder_id: int) -> Funder:
    """One funder; raises Funder.DoesNotExist."""
    return Funder.objects.get(pk=funder_id)


def list_grants(*, year: int | None = None, search: str = "") -> QuerySet[Grant]:
    """Grants with their funder, newest year first, optionally of one year.

    search: every word in the funder's name or the grant's note.
    """
    grants = Grant.objects.select_related("funder").order_by("-year", "funder__name")
    if year is not None:
        grants = grants.filter(year=year)
    for term in search.split():
        grants = grants.filter(Q(funder__name__icontains=term) | Q(note__icontains=term))
    return grants


def get_grant(*, grant_id: int) -> Grant:
    """One grant; raises Grant.DoesNotExist."""
    return Grant.objects.select_related("funder").get(pk=grant_id)


def list_budget_years() -> QuerySet[BudgetYear]:
    """Budget years, newest first."""
    return BudgetYear.objects.order_by("-year")


def get_budget_year(*, year: int) -> BudgetYear:
    """The budget of one year; raises BudgetYear.DoesNotExist."""
    return BudgetYear.objects.get(year=year)


def list_policy_rules() -> QuerySet[PolicyRule]:
    """All policy rules, active or not, by code."""
    return PolicyRule.objects.order_by("code")


def get_policy_rule(*, code: str) -> PolicyRule:
    """One policy rule; raises PolicyRule.DoesNotExist."""
    return PolicyRule.objects.get(code=code)


def list_funding_years() -> list[int]:
    """Every year with a grant or a budget, oldest first."""
    grant_years = set(Grant.objects.values_list("year", flat=True).distinct())
    budget_years = set(BudgetYear.objects.values_list("year", flat=True))
    return sorted(grant_years | budget_years)

"""The funding report's boundaries, on both sides: the policy limit and the share's rounding.

The seeded rule is used as it is (no `set_policy_rule`), so that a changed limit in the seed or
in the comparison fails here. Shares are built from a budget of 1,000 or 10,000, so that each
case is one exact percentage.
"""

from decimal import Decimal

import pytest

from perspectives.funding.models import PolicyRule
from perspectives.funding.selectors import build_funding_report, compute_share_percent
from perspectives.funding.services import set_budget_year, set_policy_rule
from perspectives.funding.tests.factories import FunderFactory, GrantFactory

pytestmark = pytest.mark.django_db

YEAR = 2021


def share_report(*, subsidy: str, budget: str = "10000"):
    municipality = FunderFactory(name="Gemeente Hilversum", kind="municipality")
    GrantFactory(funder=municipality, year=YEAR, amount=Decimal(subsidy), status="granted")
    set_budget_year(year=YEAR, total_amount=Decimal(budget))
    return build_funding_report(years=[YEAR])


def test_the_seeded_municipal_limit_is_25_percent():
    rule = PolicyRule.objects.get(code="municipal_share_max")
    assert (rule.max_share_percent, rule.is_active, rule.except_years) == (Decimal("25"), True, [])


@pytest.mark.parametrize(
    "subsidy, share, flagged",
    [
        ("2490", "24.9", False),
        ("2500", "25.0", False),  # at the limit: allowed
        ("2510", "25.1", True),  # the first step past it
        ("2550", "25.5", True),
        ("2600", "26.0", True),
    ],
)
def test_the_municipal_share_is_flagged_from_the_first_tenth_above_25_percent(
    subsidy, share, flagged
):
    report = share_report(subsidy=subsidy)
    assert report.years[0].municipal_share_percent == Decimal(share)
    assert [(b.year, b.rule_code, b.value) for b in report.breaches] == (
        [(YEAR, "municipal_share_max", Decimal(share))] if flagged else []
    )


@pytest.mark.parametrize(
    "subsidy, share, flagged",
    [
        # The rule compares the share as shown (one decimal, half up).
        ("2504", "25.0", False),  # 25.04 % shows as 25.0
        ("2505", "25.1", True),  # 25.05 % shows as 25.1: half up, so flagged
    ],
)
def test_the_limit_is_applied_to_the_share_as_rounded(subsidy, share, flagged):
    report = share_report(subsidy=subsidy)
    assert report.years[0].municipal_share_percent == Decimal(share)
    assert bool(report.breaches) is flagged


def test_a_changed_limit_is_applied_on_both_sides():
    set_policy_rule(code="municipal_share_max", max_share_percent=Decimal("30"), except_years=[])
    assert share_report(subsidy="3000").breaches == []
    GrantFactory(
        funder=FunderFactory(kind="municipality"), year=YEAR, amount=Decimal("10"), status="granted"
    )
    (breach,) = build_funding_report(years=[YEAR]).breaches
    assert (breach.value, breach.limit) == (Decimal("30.1"), Decimal("30"))


def test_an_exception_year_is_spared_and_the_year_after_is_not():
    municipality = FunderFactory(kind="municipality")
    for year in (YEAR, YEAR + 1):
        GrantFactory(funder=municipality, year=year, amount=Decimal("2510"))
        set_budget_year(year=year, total_amount=Decimal("10000"))
    set_policy_rule(
        code="municipal_share_max", max_share_percent=Decimal("25"), except_years=[YEAR]
    )
    assert [b.year for b in build_funding_report(years=[YEAR, YEAR + 1]).breaches] == [YEAR + 1]


@pytest.mark.parametrize(
    "part, total, expected",
    [
        # Exactly halfway: up, whether the digit before is even or odd (half-even would give
        # 0.2, 2.4, 25.2 and 25.0 for the even ones).
        ("1", "400", "0.3"),  # 0.25
        ("3", "2000", "0.2"),  # 0.15
        ("49", "2000", "2.5"),  # 2.45
        ("2525", "10000", "25.3"),  # 25.25
        ("2535", "10000", "25.4"),  # 25.35
        ("2505", "10000", "25.1"),  # 25.05
        # Just below and just above halfway.
        ("25249", "100000", "25.2"),  # 25.249
        ("25251", "100000", "25.3"),  # 25.251
        # Halfway in the whole percent: x.5 stays x.5 (one decimal is kept).
        ("1", "40", "2.5"),
    ],
)
def test_the_share_is_rounded_half_up_at_every_halfway_point(part, total, expected):
    assert compute_share_percent(part=Decimal(part), total=Decimal(total)) == Decimal(expected)


def test_the_report_shows_a_halfway_share_rounded_up():
    assert share_report(subsidy="2525").years[0].municipal_share_percent == Decimal("25.3")
    # 25.25 % rounds to 25.3, above the limit.
    assert [b.value for b in build_funding_report(years=[YEAR]).breaches] == [Decimal("25.3")]

from decimal import Decimal

import pytest

from perspectives.funding.models import PolicyRule
from perspectives.funding.selectors import (
    PolicyBreach,
    RequestedGrant,
    build_funding_report,
    compute_share_percent,
)
from perspectives.funding.services import set_budget_year, set_policy_rule
from perspectives.funding.tests.factories import FunderFactory, GrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality():
    return FunderFactory(name="Gemeente Hilversum", kind="municipality")


@pytest.fixture
def letter_years(municipality):
    GrantFactory(funder=municipality, year=2018, amount=Decimal("240000"), status="settled")
    GrantFactory(funder=municipality, year=2019, amount=Decimal("300000"), status="settled")
    set_budget_year(year=2018, total_amount=Decimal("1098229"))
    set_budget_year(year=2019, total_amount=Decimal("1138686"))


def test_share_is_rounded_half_up_to_one_decimal():
    assert compute_share_percent(part=Decimal("240000"), total=Decimal("1098229")) == Decimal(
        "21.9"
    )
    assert compute_share_percent(part=Decimal("300000"), total=Decimal("1138686")) == Decimal(
        "26.3"
    )
    assert compute_share_percent(part=Decimal("1"), total=Decimal("40")) == Decimal("2.5")
    assert compute_share_percent(part=Decimal("5"), total=Decimal("200")) == Decimal("2.5")
    assert compute_share_percent(part=Decimal("1.25"), total=Decimal("1000")) == Decimal("0.1")
    assert compute_share_percent(part=Decimal("1"), total=Decimal("0")) is None
    assert compute_share_percent(part=None, total=Decimal("10")) is None


def test_report_computes_share_and_flags_2019(letter_years):
    report = build_funding_report(years=[2018, 2019])
    y2018, y2019 = report.years
    assert (y2018.year, y2018.municipal_subsidy_amount) == (2018, Decimal("240000.00"))
    assert y2018.total_budget_amount == Decimal("1098229.00")
    assert y2018.municipal_share_percent == Decimal("21.9")
    assert y2019.municipal_share_percent == Decimal("26.3")
    assert report.breaches == [
        PolicyBreach(
            year=2019,
            rule_code="municipal_share_max",
            description=report.breaches[0].description,
            value=Decimal("26.3"),
            limit=Decimal("25"),
        )
    ]
    assert "26,3" in report.breaches[0].description
    assert "25" in report.breaches[0].description
    assert len(report.rules) == 1 and "25 %" in report.rules[0]


def test_an_exception_year_is_not_a_breach(letter_years):
    set_policy_rule(
        code="municipal_share_max", max_share_percent=Decimal("25"), except_years=[2019]
    )
    report = build_funding_report(years=[2018, 2019])
    assert report.breaches == []
    assert "2019" in report.rules[0]


def test_a_start_year_exception_spares_only_that_year(municipality):
    GrantFactory(funder=municipality, year=2018, amount=Decimal("310000"))
    GrantFactory(funder=municipality, year=2019, amount=Decimal("300000"))
    set_budget_year(year=2018, total_amount=Decimal("1000000"))
    set_budget_year(year=2019, total_amount=Decimal("1000000"))
    set_policy_rule(
        code="municipal_share_max", max_share_percent=Decimal("25"), except_years=[2018]
    )
    assert [b.year for b in build_funding_report(years=[2018, 2019]).breaches] == [2019]


def test_an_inactive_rule_neither_flags_nor_is_listed(letter_years):
    PolicyRule.objects.update(is_active=False)
    report = build_funding_report(years=[2019])
    assert report.breaches == [] and report.rules == []


def test_share_exactly_at_the_limit_is_no_breach(municipality):
    GrantFactory(funder=municipality, year=2020, amount=Decimal("250"))
    set_budget_year(year=2020, total_amount=Decimal("1000"))
    report = build_funding_report(years=[2020])
    assert report.years[0].municipal_share_percent == Decimal("25.0")
    assert report.breaches == []


def test_years_without_budget_or_subsidy_give_none_and_no_breach(municipality):
    GrantFactory(funder=municipality, year=2020, amount=Decimal("900"))
    set_budget_year(year=2021, total_amount=Decimal("1000"))
    report = build_funding_report(years=[2021, 2020, 2022])
    assert [y.year for y in report.years] == [2020, 2021, 2022]
    y2020, y2021, y2022 = report.years
    assert y2020.total_budget_amount is None and y2020.municipal_share_percent is None
    assert y2021.municipal_subsidy_amount is None and y2021.municipal_grant_status == ""
    assert y2021.municipal_share_percent is None
    assert y2022.municipal_subsidy_amount is None and y2022.total_budget_amount is None
    assert report.breaches == []


def test_subsidy_sums_municipal_grants_and_status_is_the_least_advanced():
    hilversum = FunderFactory(name="Gemeente Hilversum", kind="municipality")
    amsterdam = FunderFactory(name="Gemeente Amsterdam", kind="municipality")
    company = FunderFactory(name="Omroep BV", kind="company")
    GrantFactory(funder=hilversum, year=2020, amount=Decimal("200"), status="settled")
    GrantFactory(funder=amsterdam, year=2020, amount=Decimal("50"), status="granted")
    GrantFactory(funder=company, year=2020, amount=Decimal("700"), status="requested")
    GrantFactory(funder=hilversum, year=2021, amount=Decimal("10"), status="requested")
    GrantFactory(funder=amsterdam, year=2021, amount=Decimal("10"), status="settled")
    y2020, y2021 = build_funding_report(years=[2020, 2021]).years
    assert y2020.municipal_subsidy_amount == Decimal("250")
    assert y2020.municipal_grant_status == "granted"
    assert y2021.municipal_grant_status == "requested"


def test_requested_grants_lists_every_funder_still_requested(municipality):
    company = FunderFactory(name="Omroep BV", kind="company")
    school = FunderFactory(name="Hogeschool", kind="school")
    GrantFactory(funder=municipality, year=2021, amount=Decimal("300000"), status="requested")
    GrantFactory(funder=company, year=2021, amount=Decimal("20000"), status="requested")
    GrantFactory(funder=school, year=2021, amount=Decimal("5000"), status="granted")
    GrantFactory(funder=company, year=2020, amount=Decimal("1"), status="requested")
    (y2021,) = build_funding_report(years=[2021]).years
    assert y2021.requested_grants == [
        RequestedGrant(funder="Gemeente Hilversum", amount=Decimal("300000")),
        RequestedGrant(funder="Omroep BV", amount=Decimal("20000")),
    ]


def test_rule_for_another_funder_kind_uses_that_kinds_share():
    eu = FunderFactory(name="EFRO", kind="eu_fund")
    GrantFactory(funder=eu, year=2020, amount=Decimal("600"))
    set_budget_year(year=2020, total_amount=Decimal("1000"))
    set_policy_rule(
        code="eu_share_max",
        max_share_percent=Decimal("50"),
        except_years=[],
        description="EU share",
        funder_kind="eu_fund",
    )
    report = build_funding_report(years=[2020])
    assert [(b.rule_code, b.value) for b in report.breaches] == [("eu_share_max", Decimal("60.0"))]
    assert report.years[0].municipal_share_percent is None


def test_fingerprint_is_json_safe_and_changes_with_the_inputs(letter_years, municipality):
    import json

    before = build_funding_report(years=[2018, 2019]).fingerprint
    json.dumps(before)
    assert build_funding_report(years=[2018, 2019]).fingerprint == before
    set_budget_year(year=2018, total_amount=Decimal("1000000"))
    after = build_funding_report(years=[2018, 2019]).fingerprint
    assert after["digest"] != before["digest"]

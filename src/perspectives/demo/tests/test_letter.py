"""The demo reproduces the figures of the foundation's 2020 letter, every cell."""

import datetime as dt
from decimal import Decimal

import pytest

from perspectives.funding.selectors import build_funding_report
from perspectives.impact.selectors import build_participants_report
from perspectives.impact.services import refresh_report_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def build_fresh_report(**arguments):
    """The report as the command and the pages build it: the tallies brought up to date first."""
    refresh_report_figures()
    return build_participants_report(**arguments)


# The letter's tables as published (shared/reference/letter-2020.json), typed in on purpose:
# the test must not share its expectations with the dataset's own targets.
THROUGH = dt.date(2020, 10, 31)
LETTER_ROWS = {
    "starters": {2018: 42, 2019: 59, 2020: 206},
    "professionals": {2018: 165, 2019: 496, 2020: 36},
    "knowledge_events": {2018: 1539, 2019: 1266, 2020: 2047},
    "online_sharing": {2018: 58209, 2019: 95888, 2020: 69296},
    "business_coaching": {2018: 61, 2019: 85, 2020: 6},
}
LETTER_SUMMARY = {
    "participants_training_and_events": {2018: 1807, 2019: 1906, 2020: 2295},
    "online_visitors": {2018: 58209, 2019: 95888, 2020: 69296},
}


@pytest.fixture
def report():
    return build_fresh_report(years=[2018, 2019, 2020], through=THROUGH)


def test_every_category_cell_equals_the_letter(report):
    assert {row.code: row.values for row in report.rows} == LETTER_ROWS
    assert not [row.code for row in report.rows if row.unavailable]


def test_both_summary_rows_equal_the_letter(report):
    assert {row.code: row.values for row in report.summary_rows} == LETTER_SUMMARY


def test_the_cut_off_year_is_labelled(report):
    assert report.periods[2020].is_cut_off
    assert report.year_label(2020) == "2020 (t/m 31-10-2020)"


def test_without_the_cut_off_2020_counts_november_and_december_too():
    full = build_fresh_report(years=[2020])
    values = {row.code: row.values[2020] for row in full.rows}
    assert values["knowledge_events"] > 2047
    assert values["starters"] > 206
    assert values["professionals"] > 36
    assert values["business_coaching"] > 6
    assert values["online_sharing"] > 69296


def test_unique_persons_are_fewer_than_participations(report):
    persons = build_fresh_report(years=[2018, 2019, 2020], through=THROUGH, unit="persons")
    for row in persons.rows:
        if row.code == "online_sharing":
            continue
        for year in (2018, 2019, 2020):
            assert 0 < row.values[year] <= LETTER_ROWS[row.code][year]
    # People come back: each year fewer people than participations in the knowledge events.
    by_code = {row.code: row.values for row in persons.rows}
    assert all(
        by_code["knowledge_events"][y] < LETTER_ROWS["knowledge_events"][y]
        for y in (2018, 2019, 2020)
    )
    for year in (2018, 2019, 2020):
        total = LETTER_SUMMARY["participants_training_and_events"][year]
        assert 0 < report.unique_persons[year] < total


def test_the_funding_shares_and_the_only_breach():
    funding = build_funding_report(years=[2018, 2019, 2020, 2021])
    years = {year.year: year for year in funding.years}
    assert {y: years[y].municipal_share_percent for y in years} == {
        2018: Decimal("21.9"),
        2019: Decimal("26.3"),
        2020: Decimal("21.4"),
        2021: Decimal("22.7"),
    }
    assert {y: years[y].municipal_subsidy_amount for y in years} == {
        2018: 240000,
        2019: 300000,
        2020: 300000,
        2021: 250000,
    }
    assert {y: years[y].total_budget_amount for y in years} == {
        2018: 1098229,
        2019: 1138686,
        2020: 1399270,
        2021: 1103540,
    }
    assert {y: years[y].municipal_grant_status for y in years} == {
        2018: "settled",
        2019: "settled",
        2020: "granted",
        2021: "requested",
    }
    assert [(b.year, b.rule_code, b.value) for b in funding.breaches] == [
        (2019, "municipal_share_max", Decimal("26.3"))
    ]
    requested = {(g.funder, g.amount) for g in years[2021].requested_grants}
    assert ("Gemeente Hilversum", Decimal("250000")) in requested
    assert not years[2018].requested_grants


def test_verifying_the_letter_flags_only_the_stated_share_of_2018():
    verify_published = pytest.importorskip(
        "perspectives.impact.selectors.verification"
    ).verify_published
    refresh_report_figures()
    verification = verify_published(report="letter-2020")
    assert verification.checked == 33
    assert [(d.indicator, d.period) for d in verification.differences] == [
        ("municipal_share_percent", "2018")
    ]
    difference = verification.differences[0]
    assert difference.expected == Decimal("31")
    assert difference.actual == Decimal("21.9")

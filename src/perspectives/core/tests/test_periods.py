import datetime as dt

import pytest

from perspectives.core.periods import parse_year_range, quarter_period, year_period


def test_year_period_cut_off_inside_the_year():
    period = year_period(2020, through=dt.date(2020, 10, 31))
    assert period.is_cut_off
    assert period.last_day == dt.date(2020, 10, 31)
    assert period.contains(dt.date(2020, 10, 31))
    assert not period.contains(dt.date(2020, 11, 1))


def test_year_period_cut_off_outside_the_year_is_ignored():
    assert not year_period(2019, through=dt.date(2020, 10, 31)).is_cut_off
    assert year_period(2019, through=dt.date(2020, 10, 31)).contains(dt.date(2019, 12, 31))


def test_year_period_cut_off_on_last_day_is_a_full_year():
    assert not year_period(2020, through=dt.date(2020, 12, 31)).is_cut_off


@pytest.mark.parametrize(
    "text,years",
    [
        ("2018-2020", [2018, 2019, 2020]),
        ("2020", [2020]),
        ("2018,2020", [2018, 2020]),
        (" 2019 - 2019 ", [2019]),
        ("1900,2999", [1900, 2999]),
    ],
)
def test_parse_year_range(text, years):
    assert parse_year_range(text) == years


@pytest.mark.parametrize(
    "text",
    [
        "2020-2018",
        "",
        "abc",
        "1800",
        "1899",
        "3000",
        "2019-3000",
        "2019-99999999999999999999",
        "02019",
        "²",
        "٢٠١٩",
        "2_019",
        "2019\x00",
    ],
)
def test_parse_year_range_rejects(text):
    with pytest.raises(ValueError):
        parse_year_range(text)


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        (2, dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        (3, dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
        (4, dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
    ],
)
def test_a_quarter_runs_from_its_first_day_to_its_last(quarter, start, end):
    period = quarter_period(2024, quarter)
    assert (period.start, period.end, period.label) == (start, end, f"2024-Q{quarter}")
    assert period.contains(start) and period.contains(end)
    assert not period.contains(start - dt.timedelta(days=1))
    assert not period.contains(end + dt.timedelta(days=1))
    assert not period.is_cut_off


@pytest.mark.parametrize("quarter", [0, 5])
def test_there_are_four_quarters(quarter):
    with pytest.raises(ValueError):
        quarter_period(2024, quarter)

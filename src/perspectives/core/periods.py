"""Reporting periods: calendar years, optionally cut off at a date (year-to-date)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Q, QuerySet, Value, When


@dataclass(frozen=True)
class Period:
    """An inclusive date range; `through` is set when the period is cut off before its end."""

    label: str
    start: dt.date
    end: dt.date
    through: dt.date | None = None

    @property
    def last_day(self) -> dt.date:
        return min(self.end, self.through) if self.through else self.end

    @property
    def is_cut_off(self) -> bool:
        return self.through is not None and self.through < self.end

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.last_day


def year_period(year: int, *, through: dt.date | None = None) -> Period:
    """The calendar year, cut off at `through` when that date falls inside it."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if through is not None and start <= through < end:
        return Period(label=str(year), start=start, end=end, through=through)
    return Period(label=str(year), start=start, end=end)


def quarter_period(year: int, quarter: int) -> Period:
    """Quarter 1..4 of the year, alone (not year-to-date), labelled "2020-Q1"."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("a quarter is 1, 2, 3 or 4")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (
        dt.date(year, 12, 31)
        if quarter == 4
        else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    )
    return Period(label=f"{year}-Q{quarter}", start=start, end=end)


FIRST_YEAR, LAST_YEAR = 1900, 2999


def _parse_year(text: str) -> int:
    # ASCII digits only, and the bounds checked before any range is built: "2019-99999999" would
    # otherwise make a list of a hundred million years.
    text = text.strip()
    if not (
        len(text) == 4
        and text.isascii()
        and text.isdigit()
        and FIRST_YEAR <= int(text) <= LAST_YEAR
    ):
        raise ValueError(f"years must lie between {FIRST_YEAR} and {LAST_YEAR}")
    return int(text)


def parse_year_range(text: str) -> list[int]:
    """'2018-2020' -> [2018, 2019, 2020]; '2020' -> [2020]; '2018,2020' -> [2018, 2020]."""
    years: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            first, _, last = part.partition("-")
            low, high = _parse_year(first), _parse_year(last)
            if high < low:
                raise ValueError(f"year range {part!r} runs backwards")
            years.extend(range(low, high + 1))
        else:
            years.append(_parse_year(part))
    if not years:
        raise ValueError("no years given")
    return sorted(set(years))


def group_by_period(queryset: QuerySet, *, periods: list[Period], date_field: str) -> QuerySet:
    """The rows dated in any of the periods, grouped by period label (`.values("period")`).

    One CASE over the date lets the database count every period in a single GROUP BY instead of
    one query per period; annotate the aggregate on the result.
    """
    in_any = Q()
    whens = []
    for period in periods:
        window = Q(**{f"{date_field}__gte": period.start, f"{date_field}__lte": period.last_day})
        in_any |= window
        whens.append(When(window, then=Value(period.label)))
    return (
        queryset.filter(in_any)
        .annotate(period=Case(*whens, output_field=CharField()))
        .values("period")
        .order_by()
    )

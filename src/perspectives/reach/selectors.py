"""Reads of reach figures and measured visitors."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, QuerySet

from .counting import capped_visitors
from .models import DailyVisitors, ReachFigure, Section, VisitorHit


def list_reach_figures(*, year: int | None = None, channel: str = "") -> QuerySet[ReachFigure]:
    """Figures by period and channel, optionally those ending in one year or of one channel."""
    figures = ReachFigure.objects.order_by("-period_end", "channel", "-period_start")
    if year is not None:
        figures = figures.filter(period_end__year=year)
    if channel:
        figures = figures.filter(channel=channel)
    return figures


def list_reach_years() -> list[int]:
    """The years in which figures end, newest first."""
    return sorted({d.year for d in ReachFigure.objects.dates("period_end", "year")}, reverse=True)


def count_visitors_by_day(*, first: dt.date, last: dt.date) -> dict[tuple[dt.date, str], int]:
    """Unique visitors per (day, section) from first through last, compacted or not yet.

    Raw hits of a day not yet compacted count as the compaction will count them (each row is
    one visitor that day, each client address at most the cap); stragglers of a compacted day
    are added to its count, as the compaction itself would.
    """
    counts: dict[tuple[dt.date, str], int] = defaultdict(int)
    compacted = DailyVisitors.objects.filter(day__range=(first, last)).values_list(
        "day", "section", "unique_visitors"
    )
    for day, section, visitors in compacted:
        counts[(day, section)] += visitors
    raw = (
        VisitorHit.objects.filter(day__range=(first, last))
        .values_list("day", "section", "address_hash")
        .annotate(visitors=Count("id"))
        .order_by()
    )
    per_address: dict[tuple[dt.date, str], dict[str, int]] = defaultdict(dict)
    for day, section, address, visitors in raw:
        per_address[(day, section)][address] = visitors
    for key, by_address in per_address.items():
        counts[key] += capped_visitors(by_address)
    return dict(counts)


def get_visitor_overview(*, today: dt.date, days: int = 31, months: int = 12) -> dict:
    """Visitors per section for each of the last `days` days and the last `months` months.

    Each month is the sum of its days' unique visitors (a visitor on two days counts twice).
    """
    first_month = _add_months(today.replace(day=1), -(months - 1))
    first_day = today - dt.timedelta(days=days - 1)
    counts = count_visitors_by_day(first=min(first_month, first_day), last=today)
    sections = list(Section.values)

    def row(label, by_section: dict[str, int]) -> dict:
        values = [by_section.get(s, 0) for s in sections]
        return {"label": label, "values": values, "total": sum(values)}

    daily = []
    for offset in range(days):
        day = today - dt.timedelta(days=offset)
        daily.append(row(day, {s: counts.get((day, s), 0) for s in sections}))
    by_month: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (day, section), visitors in counts.items():
        if day >= first_month:
            by_month[day.replace(day=1)][section] += visitors
    monthly = [
        row(month, by_month.get(month, {}))
        for month in (_add_months(today.replace(day=1), -offset) for offset in range(months))
    ]
    return {
        "sections": [Section(s).label for s in sections],
        "days": daily,
        "months": monthly,
        "has_counts": any(counts.values()),
    }


def _add_months(month: dt.date, delta: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + delta
    return dt.date(index // 12, index % 12 + 1, 1)

"""Reads of reach figures."""

from django.db.models import QuerySet

from .models import ReachFigure


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

"""Writes of reach figures. Only these functions change the tables of this app."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from perspectives.core.services import diff_fields, log_action

from .models import ReachFigure

FIGURE_FIELDS = ("period_start", "period_end", "channel", "value", "method", "source")


@transaction.atomic
def record_reach_figure(
    *,
    period_start: dt.date,
    period_end: dt.date,
    channel: str,
    value: int,
    method: str,
    source: str = "",
    recorded_by=None,
) -> ReachFigure:
    """Record a figure; one already there for the same channel and period is replaced."""
    figure = (
        ReachFigure.objects.select_for_update()
        .filter(channel=channel, period_start=period_start, period_end=period_end)
        .first()
    )
    before = ReachFigure.objects.get(pk=figure.pk) if figure is not None else None
    if figure is None:
        figure = ReachFigure(channel=channel, period_start=period_start, period_end=period_end)
    figure.value, figure.method, figure.source = value, method.strip(), source.strip()
    figure.recorded_at = timezone.now()
    figure.full_clean()
    figure.save()
    changes = diff_fields(before, figure, FIGURE_FIELDS)
    log_action(
        action="reach.figure.recorded" if before is None else "reach.figure.replaced",
        actor=recorded_by,
        target=figure,
        data={"changes": changes},
    )
    return figure

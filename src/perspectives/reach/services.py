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


def import_reach_figures(*, rows: list[dict]) -> dict[str, int]:
    """Create or replace figures keyed by channel and period, set-based; returns counts.

    Each row holds period_start, period_end, channel, value, method and optionally source, all
    checked by the caller (the import kind); must be called inside a transaction. The import
    writes one audit entry for the whole file, so no entry per figure is written here.
    """
    channels = {row["channel"] for row in rows}
    first = min(row["period_start"] for row in rows)
    last = max(row["period_end"] for row in rows)
    existing = {
        (f.channel, f.period_start, f.period_end): f
        for f in ReachFigure.objects.select_for_update().filter(
            channel__in=channels, period_start__gte=first, period_end__lte=last
        )
    }
    now = timezone.now()
    new, changed, unchanged = [], [], 0
    for row in rows:
        values = {
            "value": row["value"],
            "method": row["method"].strip(),
            "source": (row.get("source") or "").strip(),
        }
        key = (row["channel"], row["period_start"], row["period_end"])
        figure = existing.get(key)
        if figure is None:
            new.append(
                ReachFigure(
                    channel=key[0],
                    period_start=key[1],
                    period_end=key[2],
                    recorded_at=now,
                    **values,
                )
            )
        elif any(getattr(figure, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(figure, name, value)
            figure.recorded_at = figure.updated_at = now
            changed.append(figure)
        else:
            unchanged += 1
    ReachFigure.objects.bulk_create(new, batch_size=500)
    ReachFigure.objects.bulk_update(
        changed, ["value", "method", "source", "recorded_at", "updated_at"], batch_size=500
    )
    return {"created": len(new), "updated": len(changed), "unchanged": unchanged}

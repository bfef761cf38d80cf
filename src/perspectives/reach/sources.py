"""The indicator source `reach.online`: online visitors and newsletter subscribers per period.

Registered in ReachConfig.ready(); `impact` reads it from the registry and never imports reach.
Parameters:
- `visitor_channels` (default vacancy portal, academy, knowledge base): their figures are summed
  when the figure's whole period lies inside the report period (a monthly figure counts in its
  year; a figure that runs past a cut-off date does not count).
- `subscriber_channels` (default newsletter subscribers): a stock, not a flow, so only the latest
  figure that ends inside the period counts (subscribers at the period's end).
"""

from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perspectives.core.indicators import SourceCount
from perspectives.core.periods import Period

from .models import Channel, ReachFigure

DEFAULT_VISITOR_CHANNELS = [Channel.VACANCY_PORTAL, Channel.ACADEMY, Channel.KNOWLEDGE_BASE]
DEFAULT_SUBSCRIBER_CHANNELS = [Channel.NEWSLETTER_SUBSCRIBERS]
PARAM_KEYS = {"visitor_channels", "subscriber_channels"}


class OnlineReachSource:
    key = "reach.online"
    label = gettext_lazy("Online reach (visitors and subscribers)")
    counts_people = False

    def validate_params(self, params: dict[str, Any]) -> None:
        unknown = set(params) - PARAM_KEYS
        if unknown:
            raise ValueError(f"{self.key}: unknown parameters {sorted(unknown)}")
        for name in PARAM_KEYS & set(params):
            channels = params[name]
            if not isinstance(channels, list) or not all(c in Channel.values for c in channels):
                raise ValueError(
                    f"{self.key}: {name} must be a list of {', '.join(Channel.values)}"
                )

    def _channels(self, params: dict[str, Any]) -> tuple[list[str], list[str]]:
        self.validate_params(params)
        visitors = params.get("visitor_channels", DEFAULT_VISITOR_CHANNELS)
        subscribers = params.get("subscriber_channels", DEFAULT_SUBSCRIBER_CHANNELS)
        return [str(c) for c in visitors], [str(c) for c in subscribers]

    def describe(self, params: dict[str, Any], *, language: str = "nl") -> str:
        visitors, subscribers = self._channels(params)
        with translation.override(language):
            parts = []
            if visitors:
                parts.append(
                    _(
                        "The sum of the unique visitors of %(channels)s, counting each figure "
                        "whose measuring period lies entirely inside the reporting period."
                    )
                    % {"channels": _join_labels(visitors)}
                )
            if subscribers:
                parts.append(
                    _("Plus %(channels)s at the end of the period (the latest figure).")
                    % {"channels": _join_labels(subscribers)}
                )
            parts.append(
                _(
                    "Figures are entered or imported per channel and period, each with how it "
                    "was measured; imported figures carry their source. The website total is "
                    "not added, because it overlaps the sections."
                )
                if Channel.WEBSITE_TOTAL not in visitors
                else _(
                    "Figures are entered or imported per channel and period, each with how it "
                    "was measured; imported figures carry their source."
                )
            )
            return " ".join(parts)

    def _figures(self, *, periods: list[Period], visitors: list[str], subscribers: list[str]):
        if not periods or not (visitors or subscribers):
            return []
        first = min(p.start for p in periods)
        last = max(p.last_day for p in periods)
        return list(
            ReachFigure.objects.filter(
                Q(channel__in=visitors, period_start__gte=first) | Q(channel__in=subscribers),
                period_end__gte=first,
                period_end__lte=last,
            ).order_by("period_end", "period_start", "id")
        )

    def _counted(self, period: Period, figures, visitors, subscribers) -> list[ReachFigure]:
        """The figures that make up the period's value."""
        counted = [
            f
            for f in figures
            if f.channel in visitors
            and f.period_start >= period.start
            and f.period_end <= period.last_day
        ]
        latest: dict[str, ReachFigure] = {}
        for figure in figures:  # ordered by period_end, so the last one seen is the latest
            if figure.channel in subscribers and period.contains(figure.period_end):
                latest[figure.channel] = figure
        return counted + [latest[c] for c in subscribers if c in latest]

    def count(
        self, *, periods: list[Period], params: dict[str, Any], unit: str
    ) -> dict[str, SourceCount]:
        visitors, subscribers = self._channels(params)
        figures = self._figures(periods=periods, visitors=visitors, subscribers=subscribers)
        result = {}
        for period in periods:
            counted = self._counted(period, figures, visitors, subscribers)
            by_channel: dict[str, int] = defaultdict(int)
            for figure in counted:
                by_channel[figure.channel] += figure.value
            result[period.label] = SourceCount(
                value=sum(by_channel.values()),
                method=describe_methods(counted),
                details={
                    "by_channel": dict(sorted(by_channel.items())),
                    "figures": len(counted),
                },
            )
        return result

    def person_ids(self, *, period: Period, params: dict[str, Any]):
        return None

    def fingerprint(self, *, periods: list[Period], params: dict[str, Any]) -> dict[str, Any]:
        visitors, subscribers = self._channels(params)
        figures = self._figures(periods=periods, visitors=visitors, subscribers=subscribers)
        digest = {}
        for period in periods:
            counted = self._counted(period, figures, visitors, subscribers)
            digest[period.label] = {
                "rows": len(counted),
                "sum": sum(f.value for f in counted),
                "latest_change": max((f.updated_at.isoformat() for f in counted), default=None),
                "figures": [
                    [f.channel, f.period_start.isoformat(), f.period_end.isoformat(), f.value]
                    for f in counted
                ],
            }
        return digest


def describe_methods(figures: list[ReachFigure]) -> str:
    """The distinct measuring methods and sources of these figures, in words."""
    pairs = sorted({(f.method, f.source) for f in figures})
    if not pairs:
        return _("no figures recorded")
    return "; ".join(
        f"{method} ({_('source')}: {source})" if source else method for method, source in pairs
    )


def _join_labels(channels: list[str]) -> str:
    labels = [str(Channel(c).label).lower() for c in channels]
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


online_reach = OnlineReachSource()

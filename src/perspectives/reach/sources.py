"""The indicator source `reach.online`: online visitors and newsletter subscribers per period.

Registered in ReachConfig.ready(); `impact` reads it from the registry and never imports reach.
Parameters:
- `visitor_channels` (default vacancy portal, academy, knowledge base): for each channel the
  visitors this site measured itself (cookieless, unique per day, summed over the days of the
  period; one client address counts as at most REACH_MAX_VISITORS_PER_ADDRESS_PER_DAY a day) plus the entered or imported figures whose whole period lies inside the report period
  (a monthly figure counts in its year; a figure that runs past a cut-off date does not count).
  Measured counts win: an imported figure whose period holds any measured day of its channel is
  left out (and listed as replaced), so no channel-day is counted twice.
- `subscriber_channels` (default newsletter subscribers): a stock, not a flow, so only the latest
  figure that ends inside the period counts (subscribers at the period's end). Where the
  newsletters of this site have a subscription history reaching back to the period's last day,
  the active subscribers on that day, summed over the open lists, replace the imported figure.
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perspectives.core.indicators import SourceCount
from perspectives.core.periods import Period

from . import selectors
from .counting import max_visitors_per_address
from .models import SECTION_CHANNELS, Channel, ReachFigure
from .newsletters import selectors as newsletter_selectors

DEFAULT_VISITOR_CHANNELS = [Channel.VACANCY_PORTAL, Channel.ACADEMY, Channel.KNOWLEDGE_BASE]
DEFAULT_SUBSCRIBER_CHANNELS = [Channel.NEWSLETTER_SUBSCRIBERS]
PARAM_KEYS = {"visitor_channels", "subscriber_channels"}


class Measured:
    """Measured visitors of one channel per day, with range queries over the sorted days."""

    def __init__(self, per_day: dict) -> None:
        self.per_day = dict(per_day)
        self.days = sorted(self.per_day)

    def any_between(self, first, last) -> bool:
        index = bisect.bisect_left(self.days, first)
        return index < len(self.days) and self.days[index] <= last

    def between(self, first, last) -> dict:
        low = bisect.bisect_left(self.days, first)
        high = bisect.bisect_right(self.days, last)
        return {day: self.per_day[day] for day in self.days[low:high]}


@dataclass(frozen=True)
class Counted:
    figures: list[ReachFigure]  # entered or imported figures that count
    replaced: list[ReachFigure]  # imported visitor figures left out for measured days
    measured: dict[str, dict]  # channel -> {day: unique visitors} inside the period
    subscribers: int | None = None  # active subscribers at the period's end, from the history


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
            if visitors:
                parts.append(
                    _(
                        "Where the site counts its own visitors (without cookies, unique per "
                        "day, summed over the days; known bots are left out and one client "
                        "address counts as at most %(cap)s visitors a day), those counts "
                        "replace the entered or imported figures of the same channel and days."
                    )
                    % {"cap": max_visitors_per_address()}
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

    def measure(self, params: dict[str, Any], *, unit: str, language: str = "nl") -> str:
        # Visitors and subscribers are counted, never persons, whatever the report's unit.
        visitors, subscribers = self._channels(params)
        with translation.override(language):
            if not subscribers:
                return _("Visitors")
            if not visitors:
                return _("Subscribers")
            return _("Visitors and subscribers")

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

    def _measured(self, *, periods: list[Period], visitors: list[str]) -> dict[str, Measured]:
        """Measured visitors per channel and day over all periods, for the visitor channels."""
        if not periods or not visitors:
            return {}
        first = min(p.start for p in periods)
        last = max(p.last_day for p in periods)
        per_day: dict[str, dict] = defaultdict(lambda: defaultdict(int))
        counts = selectors.count_visitors_by_day(first=first, last=last)
        for (day, section), visitors_that_day in counts.items():
            for channel in SECTION_CHANNELS.get(section, []):
                if channel in visitors:
                    per_day[channel][day] += visitors_that_day
        return {channel: Measured(days) for channel, days in per_day.items()}

    def _subscriber_history(self, *, periods: list[Period], subscribers: list[str]) -> dict:
        """Active subscribers at each period's last day, for periods the history reaches."""
        if Channel.NEWSLETTER_SUBSCRIBERS not in subscribers:
            return {}
        first_day = newsletter_selectors.get_first_subscription_day()
        if first_day is None:
            return {}
        return {
            period.label: newsletter_selectors.count_active_subscribers(on=period.last_day)
            for period in periods
            if first_day <= period.last_day
        }

    def _counted(
        self, period: Period, figures, measured, visitors, subscribers, history=None
    ) -> Counted:
        """The figures and measured counts that make up the period's value."""
        history = history or {}
        counted, replaced = [], []
        for figure in figures:
            if not (
                figure.channel in visitors
                and figure.period_start >= period.start
                and figure.period_end <= period.last_day
            ):
                continue
            days = measured.get(figure.channel)
            if days is not None and days.any_between(figure.period_start, figure.period_end):
                replaced.append(figure)
            else:
                counted.append(figure)
        latest: dict[str, ReachFigure] = {}
        for figure in figures:  # ordered by period_end, so the last one seen is the latest
            if figure.channel in subscribers and period.contains(figure.period_end):
                latest[figure.channel] = figure
        if period.label in history and Channel.NEWSLETTER_SUBSCRIBERS in latest:
            replaced.append(latest.pop(Channel.NEWSLETTER_SUBSCRIBERS))
        counted += [latest[c] for c in subscribers if c in latest]
        measured_in_period = {}
        for channel in visitors:
            days = measured.get(channel)
            if days is not None and days.any_between(period.start, period.last_day):
                measured_in_period[channel] = days.between(period.start, period.last_day)
        return Counted(
            figures=counted,
            replaced=replaced,
            measured=measured_in_period,
            subscribers=history.get(period.label),
        )

    def count(
        self, *, periods: list[Period], params: dict[str, Any], unit: str
    ) -> dict[str, SourceCount]:
        visitors, subscribers = self._channels(params)
        figures = self._figures(periods=periods, visitors=visitors, subscribers=subscribers)
        measured = self._measured(periods=periods, visitors=visitors)
        history = self._subscriber_history(periods=periods, subscribers=subscribers)
        result = {}
        for period in periods:
            counted = self._counted(period, figures, measured, visitors, subscribers, history)
            by_channel: dict[str, int] = defaultdict(int)
            imported: dict[str, int] = defaultdict(int)
            for figure in counted.figures:
                by_channel[figure.channel] += figure.value
                imported[figure.channel] += figure.value
            measured_by_channel = {c: sum(d.values()) for c, d in counted.measured.items()}
            for channel, value in measured_by_channel.items():
                by_channel[channel] += value
            if counted.subscribers is not None:
                by_channel[Channel.NEWSLETTER_SUBSCRIBERS] += counted.subscribers
            details: dict[str, Any] = {
                "by_channel": dict(sorted(by_channel.items())),
                "figures": len(counted.figures),
            }
            if history:
                # Only where this site keeps a subscription history at all, so that reports
                # counted from imported figures alone keep the details they had.
                details["subscribers_from"] = (
                    "subscription_history"
                    if counted.subscribers is not None
                    else "imported"
                    if any(f.channel == Channel.NEWSLETTER_SUBSCRIBERS for f in counted.figures)
                    else "none"
                )
            if counted.replaced and not counted.measured:
                details["replaced_figures"] = [_figure_key(f) for f in counted.replaced]
            if counted.measured:
                details.update(
                    measured_by_channel=dict(sorted(measured_by_channel.items())),
                    measured_days={c: len(d) for c, d in sorted(counted.measured.items())},
                    imported_by_channel=dict(sorted(imported.items())),
                    replaced_figures=[_figure_key(f) for f in counted.replaced],
                )
            result[period.label] = SourceCount(
                value=sum(by_channel.values()),
                method=describe_methods(
                    counted.figures,
                    measured=bool(counted.measured),
                    subscribers_measured=counted.subscribers is not None,
                ),
                details=details,
            )
        return result

    def person_ids(self, *, period: Period, params: dict[str, Any]):
        return None

    def fingerprint(self, *, periods: list[Period], params: dict[str, Any]) -> dict[str, Any]:
        visitors, subscribers = self._channels(params)
        figures = self._figures(periods=periods, visitors=visitors, subscribers=subscribers)
        measured = self._measured(periods=periods, visitors=visitors)
        history = self._subscriber_history(periods=periods, subscribers=subscribers)
        digest = {}
        for period in periods:
            counted = self._counted(period, figures, measured, visitors, subscribers, history)
            digest[period.label] = {
                "rows": len(counted.figures),
                "sum": sum(f.value for f in counted.figures),
                "latest_change": max(
                    (f.updated_at.isoformat() for f in counted.figures), default=None
                ),
                "figures": [_figure_key(f) for f in counted.figures],
            }
            if counted.measured:
                # Only present where something was measured, so that the digests of periods
                # counted from imported figures alone stay what they were.
                digest[period.label]["measured"] = [
                    [channel, len(days), sum(days.values())]
                    for channel, days in sorted(counted.measured.items())
                ]
            if counted.subscribers is not None:
                digest[period.label]["subscribers"] = counted.subscribers
        return digest


def describe_methods(
    figures: list[ReachFigure], *, measured: bool = False, subscribers_measured: bool = False
) -> str:
    """The distinct measuring methods and sources of these figures, in words."""
    pairs = sorted({(f.method, f.source) for f in figures})
    parts = [_("measured: unique visitors per day, summed")] if measured else []
    if subscribers_measured:
        parts.append(
            _(
                "newsletter subscribers: active at the end of the period, from the subscription history"
            )
        )
    parts += [
        f"{method} ({_('source')}: {source})" if source else method for method, source in pairs
    ]
    return "; ".join(parts) if parts else _("no figures recorded")


def _figure_key(figure: ReachFigure) -> list:
    return [
        figure.channel,
        figure.period_start.isoformat(),
        figure.period_end.isoformat(),
        figure.value,
    ]


def _join_labels(channels: list[str]) -> str:
    labels = [str(Channel(c).label).lower() for c in channels]
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


online_reach = OnlineReachSource()

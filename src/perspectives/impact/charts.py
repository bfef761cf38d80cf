"""Charts of the participants report: one bar chart per indicator over the years.

Charts are Vega-Lite specifications built with altair and rendered to SVG on the server by
vl-convert, so the dashboard needs no JavaScript and loads no third-party script. A year cut off
at a date is shown beside the same period of the year before (`YearToDateComparison`), because
a part of a year beside full years invites the wrong conclusion.

Every chart carries its own text alternative: the SVG is an image named by its title and
described by a summary that lists every figure, and `points` lets a page print them as a table.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from .selectors.participants import ParticipantsReport
from .selectors.trends import YearToDateComparison, compute_change_percent, format_year_to_date

FULL_YEAR = "full_year"
PREVIOUS_PERIOD = "previous_period"
YEAR_TO_DATE = "year_to_date"
# Contrast of at least 3:1 against white for each bar colour (WCAG 1.4.11); the bars are also
# labelled with their figures, so colour is never the only carrier of meaning.
COLOURS = {FULL_YEAR: "#1f4e79", PREVIOUS_PERIOD: "#6e7781", YEAR_TO_DATE: "#b45309"}
# d3-format locales for the figures drawn inside the SVG (1.539 in Dutch, 1,539 in English).
FORMAT_LOCALES = {"nl": "nl-NL", "en": "en-US"}
TOTAL_CODE = "unique-persons"


@dataclass(frozen=True)
class ChartPoint:
    label: str  # '2019' or '2020 t/m 31-10'
    value: int
    kind: str  # FULL_YEAR, PREVIOUS_PERIOD or YEAR_TO_DATE


@dataclass(frozen=True)
class IndicatorChart:
    code: str
    title: str
    points: list[ChartPoint]
    summary: str  # every figure in words: the chart's text alternative
    svg: SafeString
    change_percent: Decimal | None = None  # year to date against the same period before

    @property
    def title_id(self) -> str:
        return f"chart-{self.code}-title"

    @property
    def summary_id(self) -> str:
        return f"chart-{self.code}-summary"


def _kind_labels() -> dict[str, str]:
    return {
        FULL_YEAR: _("Full year"),
        PREVIOUS_PERIOD: _("Same period of the year before"),
        YEAR_TO_DATE: _("Year to date"),
    }


def build_chart_points(
    *,
    report: ParticipantsReport,
    values: dict[int, int | None],
    previous_value: int | None,
    comparison: YearToDateComparison | None,
    language: str = "nl",
) -> list[ChartPoint]:
    """The bars of one indicator: full years, then the comparison period beside the cut-off year.

    Years without a figure are left out rather than drawn as zero.
    """
    points: list[ChartPoint] = []
    for year in report.years:
        period = report.periods[year]
        value = values.get(year)
        if not period.is_cut_off or period.through is None:
            if value is not None:
                points.append(ChartPoint(label=str(year), value=value, kind=FULL_YEAR))
            continue
        if comparison is not None and comparison.year == year and previous_value is not None:
            points.append(
                ChartPoint(
                    label=comparison.label(language=language),
                    value=previous_value,
                    kind=PREVIOUS_PERIOD,
                )
            )
        if value is not None:
            label = format_year_to_date(year=year, through=period.through, language=language)
            points.append(ChartPoint(label=label, value=value, kind=YEAR_TO_DATE))
    return points


# At most this many steps up the y-axis; each a whole number of 1, 2 or 5 times a power of ten.
MAX_TICK_STEPS = 5
# The year on the first line and the cut-off on the second ('2020' / 't/m 31-10'): split at
# every space, 'through 31-10' would stand on two lines more, and one long line needs bars
# too wide for a phone.
PERIOD_LABEL_EXPR = (
    "indexof(datum.label, ' ') < 0 ? datum.label : "
    "[slice(datum.label, 0, indexof(datum.label, ' ')), "
    "slice(datum.label, indexof(datum.label, ' ') + 1)]"
)


def integer_ticks(maximum: int) -> list[int]:
    """The y-axis ticks for bars up to `maximum`: whole numbers from 0, evenly spaced.

    Left to itself Vega steps by 0.5 under small figures, which the whole-number format then
    prints as '0, 1, 1, 2, 2', and a chart of zeros gets no scale at all.
    """
    top = max(maximum, 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            steps = -(-top // step)  # rounded up: the last tick is at or above the top
            if steps <= MAX_TICK_STEPS:
                return [index * step for index in range(steps + 1)]
        magnitude *= 10


def build_chart_spec(*, title: str, points: list[ChartPoint], axis_title: str) -> dict:
    """The Vega-Lite specification (a dict) of one indicator's bar chart."""
    # Imported on first use: altair takes over a second to import (its JSON-schema checks
    # compile a grammar), which every process that loads the URLs would pay otherwise, e.g.
    # each command-line import before it reads a row.
    import altair as alt

    kind_labels = _kind_labels()
    kinds = [
        kind
        for kind in (FULL_YEAR, PREVIOUS_PERIOD, YEAR_TO_DATE)
        if kind in {p.kind for p in points}
    ]
    data = alt.Data(
        values=[{"period": p.label, "value": p.value, "kind": kind_labels[p.kind]} for p in points]
    )
    ticks = integer_ticks(max((p.value for p in points), default=0))
    base = alt.Chart(data).encode(
        x=alt.X(
            "period:N",
            sort=None,
            title=None,
            axis=alt.Axis(labelAngle=0, labelExpr=PERIOD_LABEL_EXPR),
        ),
        y=alt.Y(
            "value:Q",
            title=axis_title,
            scale=alt.Scale(domain=[0, ticks[-1]], nice=False),
            axis=alt.Axis(format=",d", values=ticks),
        ),
    )
    bars = base.mark_bar(aria=False).encode(
        color=alt.Color(
            "kind:N",
            title=None,
            scale=alt.Scale(
                domain=[kind_labels[kind] for kind in kinds],
                range=[COLOURS[kind] for kind in kinds],
            ),
            legend=alt.Legend(orient="bottom", direction="vertical"),
        )
    )
    labels = base.mark_text(dy=-6, color="#1b1f24", aria=False).encode(
        text=alt.Text("value:Q", format=",d")
    )
    chart = (
        (bars + labels)
        # The title stands clear of a figure printed above a bar that reaches the top tick.
        .properties(title=alt.TitleParams(title, offset=12), width=alt.Step(72), height=180)
        # Vega writes English descriptions ('bar', 'Y-axis titled ...') into the SVG, which a
        # screen reader would read on Dutch pages too; the SVG is one image, named and
        # described in the page's language by render_chart_svg.
        .configure(aria=False)
    )
    return chart.to_dict()


# Drawing a chart takes tens of milliseconds and the dashboard draws one per indicator; the same
# data gives the same drawing, so drawings are kept by a digest of what they are drawn from.
SVG_CACHE_SECONDS = 24 * 60 * 60


# `aria: false` hides the marks, axes and legend, but Vega still labels its outer groups and the
# chart's title in English ('group mark container', "Title text '...'"); the page names and
# describes the whole image itself, so these attributes are taken out of what Vega drew.
VEGA_ARIA_ATTRIBUTE = re.compile(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"')
# Text between tags has its '<' and '>' escaped, so this finds tags only, never drawn text.
SVG_TAG = re.compile(r"<[^>]*>")


def _draw_svg(*, spec: dict, locale: str) -> str:
    import vl_convert  # on first use, as altair above

    svg = vl_convert.vegalite_to_svg(spec, format_locale=FORMAT_LOCALES[locale])
    return SVG_TAG.sub(lambda tag: VEGA_ARIA_ATTRIBUTE.sub("", tag.group()), svg)


def _vega_lite_svg(*, spec: dict, locale: str) -> str:
    digest = hashlib.sha256(
        json.dumps([spec, locale], sort_keys=True, default=str).encode()
    ).hexdigest()
    return cache.get_or_set(
        f"impact:chart-svg:{digest}",
        lambda: _draw_svg(spec=spec, locale=locale),
        SVG_CACHE_SECONDS,
    )


def render_chart_svg(
    *, spec: dict, title: str, summary: str, code: str, language: str
) -> SafeString:
    """The chart as inline SVG, an image named by `title` and described by `summary`."""
    svg = _vega_lite_svg(spec=spec, locale="en" if language.startswith("en") else "nl")
    title_id, summary_id = f"chart-{code}-title", f"chart-{code}-summary"
    head, body = svg.split(">", 1)
    head = head.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{title_id}" aria-describedby="{summary_id}" '
        'focusable="false" ',
        1,
    )
    # vl-convert escapes the texts it draws; the title and summary added here are escaped too,
    # and indicator codes are slugs, so the result is safe to place in a page as it is.
    return mark_safe(  # noqa: S308
        f'{head}><title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{summary_id}">{escape(summary)}</desc>{body}'
    )


def describe_points(
    *,
    title: str,
    points: list[ChartPoint],
    change_percent: Decimal | None,
    comparison: YearToDateComparison | None,
    language: str,
) -> str:
    """'Knowledge events: 2018: 1.539; 2019: 1.266; ...', plus the change against the year before."""
    if not points:
        return _("%(title)s: no figures for these years.") % {"title": title}
    figures = "; ".join(
        f"{point.label}: {number_format(point.value, force_grouping=True)}" for point in points
    )
    text = f"{title}: {figures}."
    if change_percent is not None and comparison is not None:
        sign = "+" if change_percent > 0 else ""
        text += " " + _("%(current)s against %(previous)s: %(change)s %%.") % {
            "current": comparison.current_label(language=language),
            "previous": comparison.label(language=language),
            "change": sign + number_format(change_percent, decimal_pos=1),
        }
    return text


def _build_chart(
    *,
    code: str,
    title: str,
    report: ParticipantsReport,
    values: dict[int, int | None],
    previous_value: int | None,
    comparison: YearToDateComparison | None,
    axis_title: str,
    language: str,
) -> IndicatorChart:
    points = build_chart_points(
        report=report,
        values=values,
        previous_value=previous_value,
        comparison=comparison,
        language=language,
    )
    change = None
    if comparison is not None:
        change = compute_change_percent(
            current=values.get(comparison.year), previous=previous_value
        )
    summary = describe_points(
        title=title, points=points, change_percent=change, comparison=comparison, language=language
    )
    spec = build_chart_spec(title=title, points=points, axis_title=axis_title)
    return IndicatorChart(
        code=code,
        title=title,
        points=points,
        summary=summary,
        svg=render_chart_svg(spec=spec, title=title, summary=summary, code=code, language=language),
        change_percent=change,
    )


def build_indicator_charts(
    *,
    report: ParticipantsReport,
    comparison: YearToDateComparison | None = None,
    language: str = "nl",
) -> list[IndicatorChart]:
    """One chart per computable indicator of the report, then one of the unique persons.

    Rows that cannot be computed (a source not installed) get no chart; the report's own table
    says why.
    """
    with override(language):
        charts = [
            _build_chart(
                code=row.code,
                title=row.name(language),
                report=report,
                values=row.values,
                previous_value=comparison.values.get(row.code) if comparison else None,
                comparison=comparison,
                axis_title=row.measure(language),
                language=language,
            )
            for row in report.all_rows
            if not row.unavailable
        ]
        charts.append(
            _build_chart(
                code=TOTAL_CODE,
                title=_("Unique persons across categories"),
                report=report,
                values=dict(report.unique_persons),
                previous_value=comparison.unique_persons if comparison else None,
                comparison=comparison,
                axis_title=_("Persons"),
                language=language,
            )
        )
    return charts

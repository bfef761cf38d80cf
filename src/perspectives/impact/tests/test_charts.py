"""Charts of the participants report: SVG with the figures, labels and a text alternative."""

import datetime as dt
import re
import subprocess
import sys
from xml.etree import ElementTree

import pytest
import vl_convert

from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.core.indicators import PERSONS
from perspectives.impact.charts import (
    FULL_YEAR,
    PREVIOUS_PERIOD,
    YEAR_TO_DATE,
    ChartPoint,
    build_chart_spec,
    build_indicator_charts,
    render_chart_svg,
)
from perspectives.impact.models import Indicator
from perspectives.impact.selectors.trends import build_year_to_date_comparison
from perspectives.impact.tests.reports import build_fresh_report
from perspectives.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

THROUGH = dt.date(2020, 10, 31)


def attend(starts_on, *, category="knowledge_events", times=1):
    activity = ActivityFactory(category=category, starts_on=starts_on)
    for _ in range(times):
        RegistrationFactory(activity=activity, person=PersonFactory(), status="attended")


def drawn_texts(svg):
    """Every text drawn in the SVG; a label split over lines (tspans) is joined by spaces."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for text in re.findall(r"<text[^>]*>(.*?)</text>", svg)
    ]


SVG = "{http://www.w3.org/2000/svg}"


def _classes(element):
    return (element.get("class") or "").split()


def axis_texts(svg):
    """{"x": [label lines, ...], "y": [...], "y-title": [...]} as the SVG draws the axes.

    Each label is the list of its lines (tspans). Vega draws an axis as a group of class
    'role-axis' with a 'role-axis-label' group of texts; only the y-axis has a title here.
    """
    found = {}
    drawing = ElementTree.fromstring(svg)  # noqa: S314 (an SVG the test itself drew)
    for group in drawing.iter(f"{SVG}g"):
        if "role-axis" not in _classes(group):
            continue
        parts = {
            role: [
                [line.text for line in text.iter(f"{SVG}tspan")] or [text.text]
                for inner in group.iter(f"{SVG}g")
                if role in _classes(inner)
                for text in inner.iter(f"{SVG}text")
            ]
            for role in ("role-axis-label", "role-axis-title")
        }
        if not parts["role-axis-label"]:
            continue  # the grid
        axis = "y" if parts["role-axis-title"] else "x"
        found[axis] = parts["role-axis-label"]
        if axis == "y":
            found["y-title"] = [" ".join(lines) for lines in parts["role-axis-title"]]
    return found


def draw(values, *, labels=None, language="nl"):
    labels = labels or [str(2015 + index) for index in range(len(values))]
    points = [
        ChartPoint(label=label, value=value, kind=FULL_YEAR)
        for label, value in zip(labels, values, strict=True)
    ]
    spec = build_chart_spec(title="Kennisevents", points=points, axis_title="Deelnames")
    return render_chart_svg(spec=spec, title="K", summary="…", code="k", language=language)


def chart_of(charts, code):
    return next(chart for chart in charts if chart.code == code)


@pytest.fixture
def year_to_date_report():
    attend(dt.date(2018, 6, 1), times=2)
    attend(dt.date(2019, 3, 1))
    attend(dt.date(2019, 12, 1), times=4)  # in 2019, after its comparison cut-off
    attend(dt.date(2020, 10, 31), times=3)
    report = build_fresh_report(years=[2018, 2019, 2020], through=THROUGH)
    return report, build_year_to_date_comparison(report=report)


def test_the_cut_off_year_stands_beside_the_same_period_of_the_year_before(year_to_date_report):
    report, comparison = year_to_date_report

    chart = chart_of(
        build_indicator_charts(report=report, comparison=comparison), "knowledge_events"
    )

    assert chart.title == "Kennisevents"
    assert chart.points == [
        ChartPoint(label="2018", value=2, kind=FULL_YEAR),
        ChartPoint(label="2019", value=5, kind=FULL_YEAR),
        ChartPoint(label="2019 t/m 31-10", value=1, kind=PREVIOUS_PERIOD),
        ChartPoint(label="2020 t/m 31-10", value=3, kind=YEAR_TO_DATE),
    ]
    texts = drawn_texts(chart.svg)
    assert {"2018", "2019", "2019 t/m 31-10", "2020 t/m 31-10"} <= set(texts)
    assert "Kennisevents" in texts
    assert {"Heel jaar", "Zelfde periode een jaar eerder", "Jaar t/m peildatum"} <= set(texts)
    assert str(chart.change_percent) == "200.0"


def test_each_chart_is_an_image_named_by_its_title_and_described_by_all_its_figures(
    year_to_date_report,
):
    report, comparison = year_to_date_report

    chart = chart_of(
        build_indicator_charts(report=report, comparison=comparison), "knowledge_events"
    )

    assert chart.summary == (
        "Kennisevents: 2018: 2; 2019: 5; 2019 t/m 31-10: 1; 2020 t/m 31-10: 3. "
        "2020 t/m 31-10 tegen 2019 t/m 31-10: +200,0 %."
    )
    assert chart.svg.startswith(
        '<svg role="img" aria-labelledby="chart-knowledge_events-title" '
        'aria-describedby="chart-knowledge_events-summary"'
    )
    assert '<title id="chart-knowledge_events-title">Kennisevents</title>' in chart.svg
    assert f'<desc id="chart-knowledge_events-summary">{chart.summary}</desc>' in chart.svg


def test_every_computable_indicator_gets_a_chart_and_the_unique_persons_one_more(
    year_to_date_report,
):
    report, comparison = year_to_date_report

    charts = build_indicator_charts(report=report, comparison=comparison)

    assert [chart.code for chart in charts] == [
        *(row.code for row in report.all_rows if not row.unavailable),
        "unique-persons",
    ]
    total = charts[-1]
    assert [point.value for point in total.points] == [2, 5, 1, 3]
    assert total.title == "Unieke personen over alle categorieën"


def test_without_a_comparison_the_cut_off_year_is_still_labelled_with_its_cut_off(
    year_to_date_report,
):
    report, _ = year_to_date_report

    chart = chart_of(build_indicator_charts(report=report), "knowledge_events")

    assert [point.label for point in chart.points] == ["2018", "2019", "2020 t/m 31-10"]
    assert chart.change_percent is None
    assert chart.summary == "Kennisevents: 2018: 2; 2019: 5; 2020 t/m 31-10: 3."
    assert "Zelfde periode een jaar eerder" not in drawn_texts(chart.svg)


def test_english_charts_use_the_english_names_and_labels(year_to_date_report):
    report, comparison = year_to_date_report

    chart = chart_of(
        build_indicator_charts(report=report, comparison=comparison, language="en"),
        "knowledge_events",
    )

    assert chart.title == "Knowledge events"
    assert chart.points[-1].label == "2020 through 31-10"
    assert "Same period of the year before" in drawn_texts(chart.svg)
    assert chart.summary.endswith("2020 through 31-10 against 2019 through 31-10: +200.0 %.")


def test_large_figures_are_grouped_the_dutch_way():
    points = [
        ChartPoint(label="2019", value=95888, kind=FULL_YEAR),
        ChartPoint(label="2020 t/m 31-10", value=69296, kind=YEAR_TO_DATE),
    ]
    spec = build_chart_spec(title="Online kennisdeling", points=points, axis_title="Deelnames")

    svg = render_chart_svg(
        spec=spec, title="Online kennisdeling", summary="…", code="online", language="nl"
    )

    assert {"95.888", "69.296", "Deelnames"} <= set(drawn_texts(svg))


def test_an_indicator_name_cannot_inject_markup(year_to_date_report):
    Indicator.objects.filter(code="knowledge_events").update(name_nl="<script>x</script> & co")
    report = build_fresh_report(years=[2019, 2020], through=THROUGH)

    chart = chart_of(build_indicator_charts(report=report), "knowledge_events")

    assert "<script>" not in chart.svg
    assert "&lt;script&gt;x&lt;/script&gt; &amp; co" in chart.svg


def test_an_indicator_that_cannot_be_computed_gets_no_chart(year_to_date_report):
    online = Indicator.objects.get(code="online_sharing").versions.order_by("-number").first()
    online.definition = {"sources": [{"source": "nowhere.visitors", "params": {}}]}
    online.save()
    report = build_fresh_report(years=[2020], through=THROUGH)

    codes = [chart.code for chart in build_indicator_charts(report=report)]

    assert "online_sharing" not in codes
    assert "knowledge_events" in codes


def test_a_chart_drawn_once_is_served_from_the_cache_until_its_data_changes(monkeypatch):
    points = [ChartPoint(label="2019", value=12, kind=FULL_YEAR)]
    spec = build_chart_spec(title="Kennisevents", points=points, axis_title="Deelnames")
    first = render_chart_svg(spec=spec, title="K", summary="…", code="k", language="nl")

    drawn = []
    real = vl_convert.vegalite_to_svg
    monkeypatch.setattr(
        vl_convert,
        "vegalite_to_svg",
        lambda *args, **kwargs: drawn.append(1) or real(*args, **kwargs),
    )
    again = render_chart_svg(spec=spec, title="K", summary="…", code="k", language="nl")
    assert again == first and drawn == []

    changed = build_chart_spec(
        title="Kennisevents",
        points=[ChartPoint(label="2019", value=13, kind=FULL_YEAR)],
        axis_title="Deelnames",
    )
    render_chart_svg(spec=changed, title="K", summary="…", code="k", language="nl")
    render_chart_svg(spec=spec, title="K", summary="…", code="k", language="en")
    assert drawn == [1, 1]


def test_loading_the_urls_does_not_import_the_chart_libraries():
    # altair takes over a second to import; every command that loads the URLs (the system
    # checks of `perspectives import` do) paid it before reading a row (docs/benchmarks.md).
    code = (
        "import sys, django; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "print(sorted(m for m in ('altair', 'vl_convert') if m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and a fixed program)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("values", "ticks"),
    [
        ([0, 0], ["0", "1"]),
        ([1, 0], ["0", "1"]),
        ([2, 1], ["0", "1", "2"]),
        ([3, 2, 3], ["0", "1", "2", "3"]),
        ([7, 4], ["0", "2", "4", "6", "8"]),
        ([95888, 69296], ["0", "20.000", "40.000", "60.000", "80.000", "100.000"]),
    ],
)
def test_the_y_axis_draws_each_whole_number_once_in_order(values, ticks):
    drawn = [" ".join(lines) for lines in axis_texts(draw(values))["y"]]

    assert drawn == ticks


@pytest.mark.parametrize("maximum", [0, 1, 4, 9, 11, 59, 101, 1234, 58209])
def test_the_y_axis_reaches_past_the_highest_bar_in_at_most_five_even_whole_steps(maximum):
    drawn = [int(lines[0].replace(".", "")) for lines in axis_texts(draw([maximum]))["y"]]

    steps = {high - low for low, high in zip(drawn, drawn[1:], strict=False)}
    assert drawn[0] == 0 and drawn[-1] >= maximum
    assert len(steps) == 1 and 1 <= len(drawn) - 1 <= 5


@pytest.mark.parametrize(
    ("language", "labels", "lines"),
    [
        ("nl", ["2019", "2020 t/m 31-10"], [["2019"], ["2020", "t/m 31-10"]]),
        ("en", ["2019", "2020 through 31-10"], [["2019"], ["2020", "through 31-10"]]),
    ],
)
def test_a_cut_off_period_is_labelled_with_its_year_above_its_cut_off(language, labels, lines):
    assert axis_texts(draw([5, 3], labels=labels, language=language))["x"] == lines


def test_each_chart_names_what_its_indicator_counts_in_the_page_language(year_to_date_report):
    report, comparison = year_to_date_report

    def titles(language):
        charts = build_indicator_charts(report=report, comparison=comparison, language=language)
        return {chart.code: axis_texts(chart.svg)["y-title"] for chart in charts}

    dutch, english = titles("nl"), titles("en")
    assert dutch["knowledge_events"] == ["Deelnames"]
    assert dutch["online_sharing"] == ["Bezoekers en abonnees"]
    assert dutch["online_visitors"] == ["Bezoekers en abonnees"]  # the sum of online sharing
    assert dutch["participants_training_and_events"] == ["Deelnames"]
    # Activities count participations and coaching trajectories; together, participations.
    assert dutch["professionals"] == ["Deelnames"]
    assert dutch["unique-persons"] == ["Personen"]
    assert english["knowledge_events"] == ["Participations"]
    assert english["online_sharing"] == ["Visitors and subscribers"]
    assert english["unique-persons"] == ["Persons"]


def test_counted_in_persons_a_row_names_its_participants_but_visitors_stay_visitors():
    attend(dt.date(2020, 3, 1), times=2)
    report = build_fresh_report(years=[2020], unit=PERSONS)

    charts = build_indicator_charts(report=report)

    assert axis_texts(chart_of(charts, "knowledge_events").svg)["y-title"] == ["Deelnemers"]
    # Career coaching and activities both count participants.
    assert axis_texts(chart_of(charts, "professionals").svg)["y-title"] == ["Deelnemers"]
    assert axis_texts(chart_of(charts, "online_sharing").svg)["y-title"] == [
        "Bezoekers en abonnees"
    ]


def test_a_row_of_sources_that_count_different_things_is_named_by_the_report_unit():
    attend(dt.date(2020, 3, 1))
    version = Indicator.objects.get(code="knowledge_events").versions.get()
    version.definition = {
        "sources": [
            {"source": "activities.registrations", "params": {"categories": ["knowledge_events"]}},
            {"source": "reach.online", "params": {"subscriber_channels": []}},
        ]
    }
    version.save()
    report = build_fresh_report(years=[2020])

    chart = chart_of(build_indicator_charts(report=report, language="en"), "knowledge_events")

    assert axis_texts(chart.svg)["y-title"] == ["Participations"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_svg_carries_no_descriptions_of_its_own_beside_the_page_title_and_summary(
    year_to_date_report, language
):
    report, comparison = year_to_date_report

    for chart in build_indicator_charts(report=report, comparison=comparison, language=language):
        attributes = re.findall(r'\s(role|aria-[a-z]+)="([^"]*)"', chart.svg)
        assert set(attributes) - {("aria-hidden", "true")} == {
            ("role", "img"),
            ("aria-labelledby", chart.title_id),
            ("aria-describedby", chart.summary_id),
        }
        assert re.findall(r"<(?:title|desc)\b", chart.svg) == ["<title", "<desc"]

"""The impact page: the participants table for chosen years, and the same figures as CSV."""

import datetime as dt
import re
from pathlib import Path

from playwright.sync_api import expect

from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.reach.tests.factories import ReachFigureFactory

from .support import LIVE_DB, PHONE

pytestmark = LIVE_DB


def test_participants_table_for_chosen_years_and_csv_download(
    staff_page, assert_accessible, screenshot
):
    page = staff_page
    training = ActivityFactory(category="starters", type="training", starts_on=dt.date(2019, 4, 2))
    RegistrationFactory.create_batch(3, activity=training, status="attended")
    RegistrationFactory(activity=training, status="cancelled")
    event = ActivityFactory(
        category="knowledge_events", type="knowledge_event", starts_on=dt.date(2020, 3, 9)
    )
    RegistrationFactory.create_batch(2, activity=event, status="attended")
    closed = ActivityFactory(
        category="knowledge_events",
        type="hr_meeting",
        is_closed=True,
        starts_on=dt.date(2020, 5, 1),
    )
    RegistrationFactory.create_batch(4, activity=closed, status="attended")

    page.get_by_role("navigation", name="Backoffice").get_by_role("link", name="Impact").click()
    expect(page.get_by_role("heading", name="Impact", level=1)).to_be_visible()
    page.get_by_label("Jaren").fill("2019-2020")
    page.get_by_role("button", name="Toon").click()

    expect(page).to_have_url(re.compile(r"years=2019-2020"))
    table = page.get_by_role("region", name="Deelnemers bereikt")
    expect(table.get_by_role("columnheader")).to_have_text(["Indicator", "2019", "2020"])
    starters = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Bijscholing starters", exact=True)
    )
    expect(starters.get_by_role("cell")).to_have_text(["3", "0"])
    events = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Kennisevents", exact=True)
    )
    # The closed HR meeting never counts.
    expect(events.get_by_role("cell")).to_have_text(["0", "2"])
    assert_accessible(page)
    screenshot(page, "impact-desktop")

    link = page.locator("a[href*='/download/participants'][href$='format=csv']")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "participants-2019-2020.csv"
    lines = Path(download.path()).read_text().splitlines()
    assert lines[0] == "indicator,2019,2020"
    assert "starters,3,0" in lines
    assert "knowledge_events,0,2" in lines
    assert lines[-1] == "unique_persons,3,2"


# Per chart: its box and the boxes of its x-axis labels (the axis group without a title).
CHART_BOXES = """() => [...document.querySelectorAll('.charts svg')].map(svg => {
  const box = element => {
    const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  };
  const xAxis = [...svg.querySelectorAll('g.role-axis')].find(
    axis => axis.querySelector('.role-axis-label') && !axis.querySelector('.role-axis-title')
  );
  return {
    chart: box(svg),
    labels: [...xAxis.querySelectorAll('.role-axis-label text')].map(text => ({
      lines: [...text.querySelectorAll('tspan')].map(line => line.textContent),
      box: box(text),
    })),
  };
})"""


def test_the_charts_fit_a_phone_with_readable_period_labels_in_both_languages(
    staff_page, live_server, assert_accessible, screenshot
):
    page = staff_page
    page.set_viewport_size(PHONE)
    for starts_on, times in ((dt.date(2019, 5, 1), 3), (dt.date(2020, 3, 9), 2)):
        event = ActivityFactory(category="knowledge_events", starts_on=starts_on)
        RegistrationFactory.create_batch(times, activity=event, status="attended")
    ReachFigureFactory(value=95888)
    ReachFigureFactory(
        period_start=dt.date(2020, 2, 1), period_end=dt.date(2020, 2, 29), value=69296
    )

    for language, cut_off in (("nl", "t/m 31-10"), ("en", "through 31-10")):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.goto("/beheer/impact/?years=2019-2020&through=2020-10-31")
        expect(page.locator(".charts svg").first).to_be_visible()

        widths = page.evaluate(
            "() => ({viewport: innerWidth, page: document.documentElement.scrollWidth})"
        )
        assert widths["page"] <= widths["viewport"], widths
        charts = page.evaluate(CHART_BOXES)
        assert len(charts) >= 3
        for chart in charts:
            assert chart["chart"]["right"] <= widths["viewport"], chart["chart"]
            assert [label["lines"] for label in chart["labels"]][-1] == ["2020", cut_off]
            boxes = [label["box"] for label in chart["labels"]]
            for left, right in zip(boxes, boxes[1:], strict=False):
                assert left["right"] <= right["left"], (left, right)
        assert_accessible(page)
        screenshot(page, f"impact-charts-phone-{language}")

    # Eight years do not fit a phone: the charts keep their size and scroll in their own box,
    # never shrunk to unreadable text, and the page itself does not scroll sideways.
    page.goto("/beheer/impact/?years=2013-2020")
    expect(page.locator(".charts svg").first).to_be_visible()
    sizes = page.evaluate(
        """() => ({page: document.documentElement.scrollWidth, viewport: innerWidth,
        charts: [...document.querySelectorAll('.charts svg')].map(svg => ({
          drawn: svg.getBoundingClientRect().width, own: Number(svg.getAttribute('width'))}))})"""
    )
    assert sizes["page"] <= sizes["viewport"], sizes
    assert any(chart["own"] > sizes["viewport"] for chart in sizes["charts"]), sizes
    for chart in sizes["charts"]:
        assert abs(chart["drawn"] - chart["own"]) < 1, chart
    assert_accessible(page)

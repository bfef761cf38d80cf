"""The impact page: the participants table for chosen years, and the same figures as CSV."""

import datetime as dt
import re
from pathlib import Path

from playwright.sync_api import expect

from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory

from .support import LIVE_DB

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

"""On a phone-sized screen the page body never scrolls sideways; wide tables scroll in place."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from perspectives.activities.models import RegistrationStatus
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.people.tests.factories import PersonFactory

from .support import LIVE_DB, PHONE

pytestmark = LIVE_DB


@pytest.fixture
def viewport():
    return PHONE


def assert_no_horizontal_page_scroll(page) -> None:
    widths = page.evaluate(
        "() => ({viewport: window.innerWidth,"
        " document: document.documentElement.scrollWidth, body: document.body.scrollWidth})"
    )
    assert widths["document"] <= widths["viewport"], widths
    assert widths["body"] <= widths["viewport"], widths


def test_activities_on_a_phone(staff_page, assert_accessible, screenshot):
    page = staff_page
    activity = ActivityFactory(
        title="Masterclass datajournalistiek voor redacties van regionale omroepen",
        code="masterclass-datajournalistiek-2020-najaar",
        starts_on=dt.date(2020, 10, 6),
        location="Mediapark, Sumatralaan 45, Hilversum",
    )
    for first_name in ("Fatima", "Johannes-Willem", "Sanne"):
        RegistrationFactory(
            activity=activity,
            person=PersonFactory(
                first_name=first_name,
                last_name="van den Berg-Oosterhuis",
                email=f"{first_name.lower()}.vandenberg-oosterhuis@voorbeeld-omroep.example.org",
            ),
            status=RegistrationStatus.REGISTERED,
        )

    page.goto("/beheer/activiteiten/")
    expect(page.get_by_role("heading", name="Activiteiten", level=1)).to_be_visible()
    assert_no_horizontal_page_scroll(page)
    assert_accessible(page)
    screenshot(page, "activity-list-phone")

    page.get_by_role("link", name=activity.title).click()
    expect(page.get_by_role("heading", name=activity.title, level=1)).to_be_visible()
    assert_no_horizontal_page_scroll(page)
    registrations = page.get_by_role("region", name="Inschrijvingen", exact=True)
    # The registrations table is wider than the phone; its own container scrolls instead.
    assert registrations.evaluate("el => el.scrollWidth > el.clientWidth")
    assert_accessible(page)
    screenshot(page, "activity-detail-phone")

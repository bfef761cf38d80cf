"""The back office of the lists: sort by a column, download what is shown, duplicate an activity,
and coaching trajectories from a person's page; at desktop and at phone width."""

import csv
import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect

from perspectives.activities.models import Activity
from perspectives.activities.tests.factories import ActivityFactory
from perspectives.coaching.models import Trajectory
from perspectives.funding.tests.factories import GrantFactory
from perspectives.people.tests.factories import OrganisationFactory, PersonFactory
from perspectives.reach.newsletters.models import Campaign
from perspectives.reach.tests.factories import NewsletterListFactory

from .support import DESKTOP, LIVE_DB, PHONE

pytestmark = LIVE_DB


def assert_no_horizontal_page_scroll(page) -> None:
    widths = page.evaluate(
        "() => ({viewport: window.innerWidth,"
        " document: document.documentElement.scrollWidth, body: document.body.scrollWidth})"
    )
    assert widths["document"] <= widths["viewport"], widths
    assert widths["body"] <= widths["viewport"], widths


def test_sort_export_and_duplicate_an_activity(staff_page, assert_accessible, screenshot):
    page = staff_page
    ActivityFactory(title="Bravo-workshop", code="bravo", starts_on=dt.date(2020, 3, 1))
    ActivityFactory(title="Alfa-workshop", code="alfa", starts_on=dt.date(2020, 1, 1))
    ActivityFactory(title="Charlie-workshop", code="charlie", starts_on=dt.date(2021, 2, 1))

    page.goto("/beheer/activiteiten/")
    table = page.get_by_role("region", name="Activiteiten")
    rows = table.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Charlie-workshop")
    date_header = table.get_by_role("columnheader", name=re.compile("^Datum"))
    expect(date_header).to_have_attribute("aria-sort", "descending")

    table.get_by_role("link", name=re.compile("^Titel")).click()
    expect(page).to_have_url(re.compile(r"sort=title"))
    title_header = page.get_by_role("columnheader", name=re.compile("^Titel"))
    expect(title_header).to_have_attribute("aria-sort", "ascending")
    expect(rows.nth(1)).to_contain_text("Alfa-workshop")
    page.get_by_role("region", name="Activiteiten").get_by_role(
        "link", name=re.compile("^Titel")
    ).click()
    expect(page.get_by_role("columnheader", name=re.compile("^Titel"))).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(rows.nth(1)).to_contain_text("Charlie-workshop")
    assert_accessible(page)
    screenshot(page, "activity-list-sorted")

    filters = page.get_by_role("search", name="Filters")
    filters.get_by_label("Jaar").select_option("2020")
    filters.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"year=2020"))
    expect(page.get_by_text("2 activiteiten")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("activities-")
    text = download.path().read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text, newline="")))
    assert [line[1] for line in lines[1:]] == ["Bravo-workshop", "Alfa-workshop"]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")

    page.get_by_role("link", name="Bravo-workshop").click()
    page.get_by_role("link", name="Dupliceren").click()
    expect(page.get_by_role("heading", name="Activiteit dupliceren", level=1)).to_be_visible()
    expect(page.get_by_label("Code van de kopie")).to_have_value("bravo-kopie")
    assert_accessible(page)
    page.get_by_label("Code van de kopie").fill("bravo-2")
    page.get_by_role("button", name="Kopie maken").click()
    expect(page.get_by_role("heading", name="Activiteit bewerken", level=1)).to_be_visible()
    copy = Activity.objects.get(code="bravo-2")
    assert copy.is_draft and copy.title == "Bravo-workshop"

    page.goto(f"/activiteiten/{copy.code}/")
    expect(page.get_by_role("heading", name="Bravo-workshop")).to_have_count(0)
    page.goto(f"/beheer/activiteiten/{copy.pk}/")
    expect(page.get_by_text("Deze activiteit is een concept")).to_be_visible()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("is gepubliceerd")).to_be_visible()
    page.goto(f"/activiteiten/{copy.code}/")
    expect(page.get_by_role("heading", name="Bravo-workshop", level=1)).to_be_visible()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_trajectory_started_and_changed_from_the_person_page(
    staff_page, assert_accessible, screenshot, size
):
    page = staff_page
    page.set_viewport_size(size)
    person = PersonFactory(
        first_name="Johannes-Willem", last_name="van den Berg-Oosterhuis", email="jw@example.org"
    )
    page.goto(f"/beheer/mensen/{person.pk}/")
    expect(page.get_by_role("heading", name="Coachingstrajecten")).to_be_visible()
    assert_no_horizontal_page_scroll(page)
    page.get_by_role("link", name="Nieuw traject").click()
    expect(page.get_by_role("heading", name="Nieuw traject", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Soort").select_option("career")
    page.get_by_label("Gestart op").fill("2021-03-01")
    page.get_by_label("Coach").fill("Kees de Coach")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Traject gestart.")).to_be_visible()
    assert_no_horizontal_page_scroll(page)
    assert_accessible(page)
    screenshot(page, f"trajectory-detail-{size['width']}")

    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Doel").fill("Een nieuwe baan in de media")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Een nieuwe baan in de media")).to_be_visible()
    assert Trajectory.objects.get().goal == "Een nieuwe baan in de media"

    page.goto("/beheer/coaching/")
    table = page.get_by_role("region", name="Coachingstrajecten")
    expect(table.get_by_role("link", name=str(person))).to_be_visible()
    assert_no_horizontal_page_scroll(page)
    assert_accessible(page)
    screenshot(page, f"trajectory-list-{size['width']}")
    page.goto(f"/beheer/mensen/{person.pk}/")
    expect(page.get_by_role("link", name="Loopbaancoaching", exact=True)).to_be_visible()
    screenshot(page, f"person-detail-{size['width']}")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_sortable_lists_fit_the_screen(staff_page, assert_accessible, screenshot, size):
    page = staff_page
    page.set_viewport_size(size)
    ActivityFactory(
        title="Masterclass datajournalistiek voor redacties van regionale omroepen",
        is_draft=True,
    )
    PersonFactory(first_name="Fatima", last_name="El Amrani")
    OrganisationFactory(name="Nederlandse Publieke Omroep, afdeling Regionale Samenwerking")
    Campaign.objects.create(
        newsletter_list=NewsletterListFactory(),
        subject="Nieuws uit de academie: een onderwerp dat lang genoeg is om af te breken",
        body_markdown="Hallo",
    )
    GrantFactory(year=2020)
    for path, name in [
        ("/beheer/activiteiten/", "activities"),
        ("/beheer/mensen/", "people"),
        ("/beheer/mensen/organisaties/", "organisations"),
        ("/beheer/bereik/nieuwsbrieven/", "campaigns"),
        ("/beheer/financiering/", "funding"),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.get_by_text("Download deze lijst zoals getoond:").first).to_be_visible()
        if size is PHONE and name in ("activities", "people", "organisations", "campaigns"):
            assert_no_horizontal_page_scroll(page)
        assert_accessible(page)
        screenshot(page, f"list-{name}-{size['width']}")

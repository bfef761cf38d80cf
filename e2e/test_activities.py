"""Daily work on activities: the list and its filters, the form, registrations and attendance."""

import datetime as dt
import re

from playwright.sync_api import expect

from perspectives.activities.models import Activity, Registration, RegistrationStatus
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.people.models import Person
from perspectives.people.tests.factories import PersonFactory

from .support import LIVE_DB

pytestmark = LIVE_DB


def test_filter_the_activities_list(staff_page, assert_accessible):
    page = staff_page
    ActivityFactory(
        title="Cross Media Café maart", type="knowledge_event", starts_on=dt.date(2019, 3, 5)
    )
    ActivityFactory(title="Scrum voor makers", type="workshop", starts_on=dt.date(2019, 6, 1))
    ActivityFactory(title="Hackathon nieuws", type="hackathon", starts_on=dt.date(2020, 2, 1))

    page.get_by_role("navigation", name="Backoffice").get_by_role(
        "link", name="Activiteiten"
    ).click()
    expect(page.get_by_role("heading", name="Activiteiten", level=1)).to_be_visible()
    expect(page.get_by_text("3 activiteiten")).to_be_visible()
    assert_accessible(page)

    filters = page.get_by_role("search", name="Filters")
    filters.get_by_label("Jaar").select_option("2019")
    filters.get_by_label(re.compile(r"^Soort:?$")).select_option("workshop")
    filters.get_by_role("button", name="Filteren").click()

    expect(page).to_have_url(re.compile(r"year=2019.*type=workshop"))
    expect(page.get_by_text("1 activiteit", exact=True)).to_be_visible()
    rows = page.get_by_role("region", name="Activiteiten").get_by_role("row")
    expect(rows).to_have_count(2)  # the header and one activity
    expect(rows.nth(1)).to_contain_text("Scrum voor makers")
    expect(page.get_by_role("link", name="Hackathon nieuws")).to_have_count(0)
    assert_accessible(page)

    filters.get_by_label("Zoeken").fill("geen-enkele-titel")
    filters.get_by_role("button", name="Filteren").click()
    expect(page.get_by_text("Geen activiteiten gevonden met deze filters.")).to_be_visible()
    page.get_by_role("link", name="Filters wissen").click()
    expect(page.get_by_text("3 activiteiten")).to_be_visible()


def test_create_an_activity_after_a_field_error(staff_page, assert_accessible, screenshot):
    page = staff_page
    page.goto("/beheer/activiteiten/")
    page.get_by_role("link", name="Nieuwe activiteit").click()
    expect(page.get_by_role("heading", name="Nieuwe activiteit", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Code").fill("cmc-2021-03")
    page.get_by_label("Titel").fill("Cross Media Café: AI in de redactie")
    page.get_by_label(re.compile(r"^Soort:?$")).select_option("knowledge_event")
    page.get_by_label("Pijler").select_option("both")
    page.get_by_label("Rapportagecategorie").select_option("knowledge_events")
    page.get_by_label("Begindatum").fill("2021-03-15")
    page.get_by_label("Einddatum").fill("2021-03-14")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("alert")).to_have_text("Verbeter de fouten hieronder.")
    expect(page.locator(".has-errors")).to_contain_text("De einddatum ligt voor de begindatum.")
    assert not Activity.objects.filter(code="cmc-2021-03").exists()
    assert_accessible(page)
    screenshot(page, "activity-form-error-desktop")

    page.get_by_label("Einddatum").fill("2021-03-15")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cross Media Café: AI in de redactie")
    expect(page.get_by_role("status")).to_contain_text("aangemaakt")
    activity = Activity.objects.get(code="cmc-2021-03")
    assert page.url.endswith(f"/beheer/activiteiten/{activity.pk}/")
    assert (activity.type, activity.pillar, activity.category) == (
        "knowledge_event",
        "both",
        "knowledge_events",
    )
    assert activity.starts_on == activity.ends_on == dt.date(2021, 3, 15)


def status_count(page, label: str):
    """The number shown beside a status in 'Registrations per status'."""
    return page.locator("ul.counts li", has_text=label).locator(".count")


def test_add_a_participant_and_mark_attendance(staff_page, assert_accessible, screenshot):
    page = staff_page
    activity = ActivityFactory(title="Workshop storytelling", starts_on=dt.date(2020, 9, 10))
    known = RegistrationFactory(
        activity=activity,
        person=PersonFactory(first_name="Anna", last_name="de Vries"),
        status=RegistrationStatus.REGISTERED,
    )
    RegistrationFactory(
        activity=activity,
        person=PersonFactory(first_name="Bram", last_name="Jansen"),
        status=RegistrationStatus.REGISTERED,
    )

    page.goto("/beheer/activiteiten/")
    page.get_by_role("link", name="Workshop storytelling").click()
    expect(page.get_by_role("heading", name="Workshop storytelling", level=1)).to_be_visible()
    expect(status_count(page, "Ingeschreven")).to_have_text("2")
    expect(status_count(page, "Aanwezig")).to_have_text("0")
    assert_accessible(page)

    add = page.locator("form", has=page.get_by_role("button", name="Inschrijven"))
    add.get_by_label("E-mail").fill("nieuw.talent@example.org")
    add.get_by_role("button", name="Inschrijven").click()
    # Someone unknown needs a name and a type: the form says so beside the fields.
    expect(page.get_by_text("Dit e-mailadres is nieuw", exact=False).first).to_be_visible()
    assert not Person.objects.filter(email="nieuw.talent@example.org").exists()
    assert_accessible(page)

    add = page.locator("form", has=page.get_by_role("button", name="Inschrijven"))
    add.get_by_label("Voornaam").fill("Noor")
    add.get_by_label("Achternaam").fill("Bakker")
    add.get_by_label("Soort deelnemer").select_option("freelancer")
    add.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_role("status")).to_contain_text("ingeschreven")
    expect(status_count(page, "Ingeschreven")).to_have_text("3")
    expect(page.get_by_role("cell", name="nieuw.talent@example.org")).to_be_visible()
    person = Person.objects.get(email="nieuw.talent@example.org")
    assert (person.first_name, person.participant_type) == ("Noor", "freelancer")

    page.get_by_label("Anna de Vries selecteren").check()
    page.get_by_label("Noor Bakker selecteren").check()
    page.get_by_role("button", name="Aanwezig melden").click()

    expect(page.get_by_role("status")).to_contain_text("2 inschrijvingen")
    expect(status_count(page, "Ingeschreven")).to_have_text("1")
    expect(status_count(page, "Aanwezig")).to_have_text("2")
    statuses = dict(
        Registration.objects.filter(activity=activity).values_list("person__email", "status")
    )
    assert statuses == {
        known.person.email: "attended",
        "nieuw.talent@example.org": "attended",
        activity.registrations.get(person__first_name="Bram").person.email: "registered",
    }
    assert_accessible(page)
    screenshot(page, "activity-detail-desktop")

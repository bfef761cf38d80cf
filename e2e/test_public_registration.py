"""The public site in a real browser: sign up, the waiting list, cancelling through the e-mail
link and the promotion that follows, the catalogue on a phone, and an axe scan of every page."""

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from perspectives.activities.models import Registration
from perspectives.activities.tests.factories import ActivityFactory

from .support import LIVE_DB, PHONE

pytestmark = LIVE_DB


def upcoming(days: int = 14, **fields):
    return ActivityFactory(starts_on=timezone.localdate() + dt.timedelta(days=days), **fields)


def sign_up(page, *, first_name: str, email: str, participant_type: str = "employee") -> None:
    page.get_by_label("Voornaam").fill(first_name)
    page.get_by_label("Achternaam").fill("Jansen")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Ik ben").select_option(participant_type)
    page.get_by_label("Ik geef toestemming").check()
    page.locator("form.form button[type=submit]").click()


def link_in(text: str, fragment: str) -> str:
    match = re.search(rf"https?://\S*{re.escape(fragment)}\S*", text)
    assert match, text
    return urlsplit(match.group(0)).path


def test_sign_up_get_a_seat_and_the_confirmation(page, assert_accessible, screenshot):
    activity = upcoming(
        title="Masterclass montage",
        location="Mediapark, Hilversum",
        capacity=2,
        price_amount=Decimal("95"),
        freelancer_price_amount=Decimal("45"),
    )
    page.goto("/")
    expect(page.get_by_role("heading", name="Activiteiten", level=1)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-catalogue-desktop")
    page.get_by_role("link", name="Masterclass montage").click()
    expect(page.get_by_role("heading", name="Masterclass montage", level=1)).to_be_visible()
    expect(page.get_by_text("Nog 2 plaatsen")).to_be_visible()
    expect(page.get_by_role("link", name="privacyverklaring")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-activity-desktop")

    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("Zonder je toestemming kunnen we je niet inschrijven.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-form-errors")

    sign_up(page, first_name="Anna", email="anna@example.org", participant_type="freelancer")
    expect(page.get_by_role("heading", name="Je plaats is bevestigd")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-result-seat")

    registration = Registration.objects.get(activity=activity)
    assert (registration.status, registration.price_amount) == ("registered", Decimal("45"))
    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    assert message.subject == "Inschrijving bevestigd: Masterclass montage"


def test_waitlisted_then_promoted_when_the_seat_is_cancelled_through_the_mail_link(
    page, assert_accessible, screenshot
):
    activity = upcoming(title="Workshop licht", capacity=1)
    page.goto(f"/activiteiten/{activity.code}/")
    sign_up(page, first_name="Eerste", email="eerste@example.org")
    expect(page.get_by_role("heading", name="Je plaats is bevestigd")).to_be_visible()

    page.goto(f"/activiteiten/{activity.code}/")
    expect(page.get_by_text("Vol: wachtlijst")).to_be_visible()
    sign_up(page, first_name="Tweede", email="tweede@example.org")
    expect(page.get_by_role("heading", name="Je staat op de wachtlijst")).to_be_visible()
    expect(page.get_by_text("Je plek op de wachtlijst: 1.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-result-waitlist")

    first_mail = next(m for m in mail.outbox if m.to == ["eerste@example.org"])
    waiting_mail = next(m for m in mail.outbox if m.to == ["tweede@example.org"])
    assert waiting_mail.subject == "Op de wachtlijst: Workshop licht"
    mail.outbox.clear()

    page.goto(link_in(first_mail.body, "/afmelden/"))
    expect(page.get_by_role("heading", name="Inschrijving annuleren")).to_be_visible()
    expect(page.get_by_text("Eerste Jansen")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-cancel")
    page.get_by_role("button", name="Ja, annuleer mijn inschrijving").click()
    expect(page.get_by_text("Je inschrijving is geannuleerd.")).to_be_visible()
    assert_accessible(page)

    statuses = dict(
        Registration.objects.filter(activity=activity).values_list("person__email", "status")
    )
    assert statuses == {"eerste@example.org": "cancelled", "tweede@example.org": "registered"}
    promotion = next(m for m in mail.outbox if m.to == ["tweede@example.org"])
    assert promotion.subject == "Er is een plaats vrijgekomen: Workshop licht"


def test_registration_closed_shows_no_form(page, assert_accessible):
    activity = upcoming(registration_closes_at=timezone.now() - dt.timedelta(hours=1))
    page.goto(f"/activiteiten/{activity.code}/")
    expect(page.get_by_text("Inschrijven voor deze activiteit is gesloten.")).to_be_visible()
    expect(page.get_by_label("E-mail")).to_have_count(0)
    assert_accessible(page)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    page.broken_assets = []
    yield page
    context.close()


def test_the_catalogue_and_an_activity_on_a_phone(phone, assert_accessible, screenshot):
    page = phone
    for days in range(1, 4):
        upcoming(
            days=days,
            title=f"Masterclass datajournalistiek voor regionale omroepen, deel {days}",
            location="Mediapark, Sumatralaan 45, Hilversum",
            capacity=20,
        )
    page.goto("/")
    expect(page.get_by_role("heading", name="Activiteiten", level=1)).to_be_visible()
    widths = page.evaluate(
        "() => ({viewport: window.innerWidth, document: document.documentElement.scrollWidth})"
    )
    assert widths["document"] <= widths["viewport"], widths
    page.get_by_label("Soort").select_option("workshop")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_text("3 activiteiten")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-catalogue-phone")
    page.get_by_role("link", name=re.compile("deel 1$")).click()
    # Measure the activity's page, not the catalogue it is leaving.
    expect(page.get_by_role("heading", name=re.compile("deel 1$"), level=1)).to_be_visible()
    widths = page.evaluate(
        "() => ({viewport: window.innerWidth, document: document.documentElement.scrollWidth})"
    )
    assert widths["document"] <= widths["viewport"], widths
    assert_accessible(page)
    screenshot(page, "public-activity-phone")

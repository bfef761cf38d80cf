"""A staff cancellation is confirmed on a page of its own: on a phone, also without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from perspectives.activities import services
from perspectives.activities.models import Registration
from perspectives.activities.tests.public_support import upcoming
from perspectives.people.tests.factories import PersonFactory

from .support import LIVE_DB, PHONE, STAFF_EMAIL, STAFF_PASSWORD, enter_totp_code, log_in

pytestmark = LIVE_DB


@pytest.fixture
def viewport():
    return PHONE


@pytest.fixture
def no_script_staff_page(browser, live_server, staff_user):
    """Staff logged in on a phone whose browser runs no JavaScript at all."""
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="nl-NL", java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, email=STAFF_EMAIL, password=STAFF_PASSWORD)
    page.wait_for_url(re.compile(r"/account/2fa/authenticate/"))
    enter_totp_code(page, staff_user)
    page.wait_for_url(re.compile(r"/beheer/$"))
    yield page
    context.close()


def full_activity():
    """An activity whose one seat Anna holds while Jan waits for it."""
    activity = upcoming(title="Masterclass montage", capacity=1)
    anna = PersonFactory(first_name="Anna", last_name="de Vries", email="anna@example.org")
    jan = PersonFactory(first_name="Jan", last_name="Jansen", email="jan@example.org")
    seated = services.register_participant(activity=activity, actor=None, person=anna)
    waiting = services.register_participant(activity=activity, actor=None, person=jan)
    return activity, seated.registration, waiting.registration


def assert_within_the_screen(page, *locators) -> None:
    """Each element ends inside the phone's width (read without running a script in the page)."""
    for locator in locators:
        box = locator.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (locator, box)


def test_staff_confirm_a_cancellation_without_javascript(no_script_staff_page, screenshot):
    page = no_script_staff_page
    activity, seated, waiting = full_activity()

    page.goto(f"/beheer/activiteiten/{activity.pk}/")
    expect(page.locator("#seat-count")).to_have_text("1 / 1 · 1 op de wachtlijst")
    row = page.locator(f"#registration-{seated.pk}")
    row.get_by_label("Nieuwe status voor Anna de Vries").select_option("cancelled")
    row.get_by_role("button", name="Wijzigen").click()

    expect(page.get_by_role("heading", name="Inschrijving annuleren", level=1)).to_be_visible()
    expect(page.get_by_text("Anna de Vries (anna@example.org)")).to_be_visible()
    moving_up = page.get_by_text("Jan Jansen schuift van de wachtlijst door")
    expect(moving_up).to_be_visible()
    confirm = page.get_by_role("button", name="Ja, annuleer de inschrijving")
    assert_within_the_screen(page, moving_up, confirm, page.get_by_role("link", name="Nee, terug"))
    screenshot(page, "registration-cancel-phone")
    # Nothing has changed before the confirmation.
    assert Registration.objects.get(pk=seated.pk).status == "registered"

    confirm.click()

    expect(page.get_by_role("status")).to_contain_text(
        "Jan Jansen is van de wachtlijst doorgeschoven en krijgt daarover een e-mail."
    )
    expect(page.locator("#seat-count")).to_have_text("1 / 1")
    statuses = [Registration.objects.get(pk=r.pk).status for r in (seated, waiting)]
    assert statuses == ["cancelled", "registered"]

    # Coming back to the confirmation offers nothing more to cancel.
    page.goto(f"/beheer/activiteiten/{activity.pk}/inschrijvingen/{seated.pk}/annuleren/")
    expect(page.get_by_text("Deze inschrijving is al geannuleerd.")).to_be_visible()
    expect(page.get_by_role("button", name="Ja, annuleer de inschrijving")).to_have_count(0)


def test_the_confirmation_fits_a_phone_and_passes_axe(staff_page, assert_accessible):
    page = staff_page
    activity, seated, _waiting = full_activity()
    page.goto(f"/beheer/activiteiten/{activity.pk}/inschrijvingen/{seated.pk}/annuleren/")
    expect(page.get_by_role("button", name="Ja, annuleer de inschrijving")).to_be_visible()
    widths = page.evaluate(
        "() => ({viewport: window.innerWidth, document: document.documentElement.scrollWidth})"
    )
    assert widths["document"] <= widths["viewport"], widths
    assert_accessible(page)

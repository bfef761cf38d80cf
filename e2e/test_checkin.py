"""Check-in at the door on a phone: find a person, tap them present, watch the counts move."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from perspectives.activities.models import Registration, RegistrationStatus
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.people.tests.factories import PersonFactory

from .support import LIVE_DB, PHONE

pytestmark = LIVE_DB


@pytest.fixture
def viewport():
    return PHONE


def test_staff_check_a_person_in_on_a_phone(staff_page, assert_accessible, screenshot):
    page = staff_page
    activity = ActivityFactory(title="Avond over podcasts", starts_on=timezone.localdate())
    for first, last in [("Fatima", "El Amrani"), ("Johannes", "de Boer"), ("Sanne", "Kok")]:
        RegistrationFactory(
            activity=activity,
            person=PersonFactory(
                first_name=first, last_name=last, email=f"{first.lower()}@voorbeeld.example"
            ),
            status=RegistrationStatus.REGISTERED,
        )

    page.goto(f"/beheer/activiteiten/{activity.pk}/")
    page.get_by_role("link", name="Inchecken").click()
    expect(page.get_by_role("heading", name="Inchecken", level=1)).to_be_visible()
    expect(page.locator("#count-expected")).to_have_text("3")
    expect(page.locator("#count-present")).to_have_text("0")
    assert_accessible(page)

    page.get_by_label("Zoeken op naam of e-mail").fill("sanne")
    page.get_by_role("button", name="Zoeken").click()
    rows = page.locator(".checkin-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("sanne@voorbeeld.example")

    rows.first.get_by_role("button", name="Aanwezig").click()

    expect(page.locator("#count-present")).to_have_text("1")
    expect(page.get_by_role("status")).to_contain_text("Sanne Kok is aanwezig.")
    # The search stays, so the next person at the door is one search away.
    expect(page.get_by_label("Zoeken op naam of e-mail")).to_have_value("sanne")
    expect(rows.first.get_by_role("button", name="Ongedaan maken")).to_be_visible()
    screenshot(page, "checkin-phone")
    sanne = Registration.objects.get(activity=activity, person__first_name="Sanne")
    assert sanne.status == RegistrationStatus.ATTENDED

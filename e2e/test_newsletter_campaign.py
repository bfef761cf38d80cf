"""A newsletter campaign on a phone: "Versturen" asks for confirmation first, and a campaign can
be scheduled, confirmed and unscheduled."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from playwright.sync_api import expect

from perspectives.reach.newsletters import services
from perspectives.reach.newsletters.models import Campaign
from perspectives.reach.tests.factories import NewsletterListFactory, subscribe_confirmed

from .support import LIVE_DB, PHONE

pytestmark = LIVE_DB


@pytest.fixture
def viewport():
    return PHONE


@pytest.fixture
def campaign(staff_user):
    newsletter = NewsletterListFactory(name="Mediawerk")
    for email in ("anna@example.org", "bert@example.org"):
        subscribe_confirmed(newsletter_list=newsletter, email=email)
    campaign = services.create_campaign(
        newsletter_list=newsletter,
        subject="Nieuws uit het Mediapark in juni",
        body_markdown="# Hallo\n\nNieuws.",
        actor=staff_user,
    )
    services.send_campaign_test(campaign=campaign, actor=staff_user)
    mail.outbox.clear()
    return campaign


def assert_no_horizontal_page_scroll(page) -> None:
    widths = page.evaluate(
        "() => ({viewport: window.innerWidth, document: document.documentElement.scrollWidth})"
    )
    assert widths["document"] <= widths["viewport"], widths


def test_send_asks_for_confirmation_and_sends_once_confirmed(
    staff_page, campaign, assert_accessible, screenshot
):
    page = staff_page
    page.goto(f"/beheer/bereik/nieuwsbrieven/{campaign.pk}/")
    page.get_by_role("link", name="Versturen", exact=True).click()

    expect(page.get_by_role("heading", name="Versturen bevestigen")).to_be_visible()
    summary = page.locator(".confirm-summary")
    expect(summary).to_contain_text("Nieuws uit het Mediapark in juni")
    expect(summary).to_contain_text("Mediawerk")
    expect(summary).to_contain_text("2 actieve abonnees")
    expect(summary).to_contain_text("direct nadat je bevestigt")
    assert mail.outbox == []
    assert Campaign.objects.get(pk=campaign.pk).status == "test_sent"
    assert_no_horizontal_page_scroll(page)
    assert_accessible(page)
    screenshot(page, "campaign-confirm-phone")

    page.get_by_role("button", name="Ja, nu versturen").click()
    expect(page).to_have_url(re.compile(rf"/nieuwsbrieven/{campaign.pk}/$"))
    expect(page.get_by_text("Het versturen is begonnen.")).to_be_visible()
    expect(page.get_by_role("link", name="Versturen", exact=True)).to_have_count(0)
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bert@example.org"]
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"


def test_schedule_confirm_and_unschedule_a_campaign(
    staff_page, campaign, assert_accessible, screenshot
):
    page = staff_page
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        page.goto(f"/beheer/bereik/nieuwsbrieven/{campaign.pk}/")
        page.get_by_role("link", name="Inplannen").click()
        page.get_by_label("Datum en tijd").fill("2030-12-12T09:00")
        assert_no_horizontal_page_scroll(page)
        assert_accessible(page)
        page.get_by_role("button", name="Volgende").click()

        expect(page.get_by_role("heading", name="Planning bevestigen")).to_be_visible()
        expect(page.locator(".confirm-summary")).to_contain_text(
            "vanaf 12-12-2030 09:00 (Nederlandse tijd)"
        )
        assert Campaign.objects.get(pk=campaign.pk).status == "test_sent"
        assert_no_horizontal_page_scroll(page)
        assert_accessible(page)
        page.get_by_role("button", name="Ja, inplannen").click()

        expect(page.get_by_text("Gepland voor 12-12-2030 09:00")).to_be_visible()
        assert_no_horizontal_page_scroll(page)
        screenshot(page, "campaign-scheduled-phone")
        page.get_by_role("button", name="Planning intrekken").click()
        expect(page.get_by_text("De planning is ingetrokken")).to_be_visible()
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.status, stored.scheduled_at) == ("test_sent", None)
    assert mail.outbox == []

"""The funding overview says a policy breach in words; the interface speaks Dutch and English."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from perspectives.funding.services import create_funder, record_grant, set_budget_year

from .support import LIVE_DB

pytestmark = LIVE_DB


def test_funding_overview_shows_a_breach_in_words(staff_page, assert_accessible, screenshot):
    page = staff_page
    municipality = create_funder(name="Gemeente Hilversum", kind="municipality")
    # The letter's figures: 2019's share is 26.3 %, above the quarter the policy allows.
    record_grant(funder=municipality, year=2018, amount=Decimal("240000"), status="settled")
    record_grant(funder=municipality, year=2019, amount=Decimal("300000"), status="settled")
    set_budget_year(year=2018, total_amount=Decimal("1098229"))
    set_budget_year(year=2019, total_amount=Decimal("1138686"))

    page.get_by_role("navigation", name="Backoffice").get_by_role(
        "link", name="Financiering"
    ).click()
    page.get_by_label("Jaren", exact=True).fill("2018-2019")
    page.get_by_role("button", name="Toon").click()

    expect(page).to_have_url(re.compile(r"years=2018-2019"))
    shares = page.get_by_role("row")
    expect(shares.filter(has=page.get_by_role("rowheader", name="2018"))).to_contain_text(
        "Binnen het beleid"
    )
    row_2019 = shares.filter(has=page.get_by_role("rowheader", name="2019"))
    expect(row_2019).to_contain_text("26,3 %")
    expect(row_2019).to_contain_text("Boven de beleidsgrens")
    warnings = page.locator(".message.warning")
    expect(warnings).to_have_count(1)
    expect(warnings).to_have_text(
        re.compile(r"Overschrijding 2019: Gemeentelijk aandeel 26[,.]3 % is hoger dan 25 %")
    )
    assert_accessible(page)
    screenshot(page, "funding-desktop")


def switch_language(page, *, to: str, button: str) -> None:
    page.get_by_label(re.compile("^(Taal|Language)$")).select_option(to)
    page.get_by_role("button", name=button).click()


def test_switch_to_english_and_back(staff_page, assert_accessible):
    page = staff_page
    page.goto("/beheer/activiteiten/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", name="Activiteiten", level=1)).to_be_visible()

    switch_language(page, to="en", button="Wisselen")
    # set_language sends the person back to the page they came from, now in English.
    expect(page).to_have_url(re.compile(r"/beheer/activiteiten/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Activities", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="New activity")).to_be_visible()
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies["django_language"] == "en"
    assert_accessible(page)

    page.goto("/beheer/")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    switch_language(page, to="nl", button="Switch")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies["django_language"] == "nl"

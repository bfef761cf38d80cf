"""A frozen report travels from staff to the funder it is meant for, with small cells hidden."""

import datetime as dt

from playwright.sync_api import expect

from perspectives.accounts.models import Role
from perspectives.accounts.services import create_user, enrol_totp
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.impact.models import ReportKind
from perspectives.impact.services import freeze_report

from .support import LIVE_DB, PHONE, enter_totp_code, log_in

pytestmark = LIVE_DB

FUNDER_EMAIL = "fonds@example.org"
FUNDER_PASSWORD = "funder-browser-password-1"  # noqa: S105


def test_staff_share_a_frozen_report_and_the_funder_reads_it(
    staff_page, live_server, assert_accessible, screenshot
):
    RegistrationFactory.create_batch(
        12,
        activity=ActivityFactory(category="professionals", starts_on=dt.date(2020, 2, 1)),
        status="attended",
    )
    RegistrationFactory.create_batch(
        2,
        activity=ActivityFactory(category="starters", starts_on=dt.date(2020, 3, 1)),
        status="attended",
    )
    freeze_report(
        label="Brief 2020",
        kind=ReportKind.PARTICIPANTS,
        parameters={"years": [2020], "through": "2020-10-31"},
    )
    funder = create_user(email=FUNDER_EMAIL, password=FUNDER_PASSWORD, role=Role.FUNDER)
    enrol_totp(user=funder)

    page = staff_page
    page.goto("/beheer/impact/")
    page.get_by_role(
        "link", name="Bevroren rapporten en de financiers voor wie ze bedoeld zijn"
    ).click()
    expect(page.get_by_role("heading", name="Bevroren rapporten", level=1)).to_be_visible()
    page.get_by_label("Delen met").select_option(label=FUNDER_EMAIL)
    page.get_by_role("button", name="Delen").click()
    expect(page.get_by_text("is nu zichtbaar voor fonds@example.org")).to_be_visible()
    expect(page.get_by_role("button", name=f"Intrekken {FUNDER_EMAIL}")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "frozen-reports-staff")

    page.get_by_role("button", name="Uitloggen").click()
    page.set_viewport_size(PHONE)
    phone = page
    log_in(phone, email=FUNDER_EMAIL, password=FUNDER_PASSWORD)
    enter_totp_code(phone, funder)
    expect(phone).to_have_url(f"{live_server.url}/financier/")
    phone.get_by_role("link", name="Brief 2020").click()
    expect(phone.get_by_role("heading", name="Brief 2020", level=1)).to_be_visible()
    table = phone.get_by_role("region", name="Deelnemers bereikt")
    expect(table.get_by_role("columnheader")).to_have_text(["Indicator", "2020 (t/m 31-10-2020)"])
    professionals = table.get_by_role("row").filter(
        has=phone.get_by_role("rowheader", name="Leven Lang Ontwikkelen, professionals", exact=True)
    )
    starters = table.get_by_role("row").filter(
        has=phone.get_by_role("rowheader", name="Bijscholing starters", exact=True)
    )
    expect(professionals.get_by_role("cell")).to_have_text(["x"])  # the complement of the 2
    expect(starters.get_by_role("cell")).to_have_text(["x"])
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"]
    assert_accessible(phone)
    screenshot(phone, "frozen-report-funder-phone")

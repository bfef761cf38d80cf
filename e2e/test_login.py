"""Logging in through the real form, and the public pages a visitor sees first."""

import re

from playwright.sync_api import expect

from perspectives.accounts.models import User

from .support import LIVE_DB, STAFF_EMAIL, STAFF_PASSWORD, enter_totp_code, log_in

pytestmark = LIVE_DB


def test_public_home_and_login_page_are_accessible(page, assert_accessible, screenshot):
    page.goto("/")
    expect(page).to_have_title(re.compile("Perspectives"))
    assert_accessible(page)
    screenshot(page, "public-home-desktop")

    page.goto("/beheer/")
    expect(page).to_have_url(re.compile(r"/account/inloggen/\?next=/beheer/"))
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "login-desktop")


def test_log_in_and_reach_the_back_office(page, staff_user, assert_accessible):
    log_in(page, email=STAFF_EMAIL, password="not-the-password")  # noqa: S106
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/account/inloggen/"))
    assert_accessible(page)
    staff_user.refresh_from_db()
    assert staff_user.last_login is None

    log_in(page, email=STAFF_EMAIL, password=STAFF_PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/"))
    assert_accessible(page)
    enter_totp_code(page, staff_user)
    expect(page).to_have_url(re.compile(r"/beheer/$"))
    nav = page.get_by_role("navigation", name="Backoffice")
    expect(nav.get_by_role("link", name="Activiteiten")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    assert_accessible(page)
    assert User.objects.get(pk=staff_user.pk).last_login is not None

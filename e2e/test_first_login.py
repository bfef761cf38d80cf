"""The first log-in of every role, from `perspectives createuser` to the role's home page,
in Dutch and in English: set the password from the printed link, log in, set up TOTP where the
role needs it, keep the recovery codes, land. No step may redirect to itself or end nowhere."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from perspectives.accounts.tests.support import fresh_totp_code

from .support import LIVE_DB

pytestmark = LIVE_DB
PASSWORD = "een-nieuw-en-lang-wachtwoord-7"  # noqa: S105

WORDS = {
    "nl": {
        "locale": "nl-NL",
        "choose": "Kies je wachtwoord",
        "new": "Nieuw wachtwoord",
        "again": "Nieuw wachtwoord (bevestigen)",
        "save": "Wachtwoord opslaan",
        "saved": "Je wachtwoord is opgeslagen",
        "log_in": "Inloggen",
        "email": "E-mail",
        "password": "Wachtwoord",
        "set_up": "Tweestapsverificatie instellen",
        "activate": "Activeren",
        "codes": "Herstelcodes",
        "continue": "Ik heb de codes bewaard: verder",
    },
    "en": {
        "locale": "en-GB",
        "choose": "Choose your password",
        "new": "New Password",
        "again": "New Password (again)",
        "save": "Save password",
        "saved": "Your password is saved",
        "log_in": "Log in",
        "email": "Email",
        "password": "Password",
        "set_up": "Set up two-step verification",
        "activate": "Activate",
        "codes": "Recovery codes",
        "continue": "I have saved the codes: continue",
    },
}
HOMES = {
    "administrator": r"/beheer/$",
    "staff": r"/beheer/$",
    "coach": r"/beheer/coaching/$",
    "employer": r"/account/start/$",
    "funder": r"/financier/$",
}


def printed_link(*, email: str, role: str, base_url: str) -> str:
    out = io.StringIO()
    call_command("createuser", email=email, role=role, base_url=base_url, stdout=out)
    return re.search(r"https?://\S+", out.getvalue()).group(0)


@pytest.fixture
def browser_page(browser, live_server, request):
    """A page in the browser language of the test's `language` parameter."""

    def open_page(language: str):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 1280, "height": 900},
            locale=WORDS[language]["locale"],
        )
        context.set_default_timeout(10_000)
        request.addfinalizer(context.close)
        return context.new_page()

    return open_page


def visited_urls(page) -> list[str]:
    urls: list[str] = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and urls.append(frame.url))
    return urls


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("role", list(HOMES))
def test_an_account_made_on_the_command_line_reaches_its_home(
    browser_page, live_server, role, language, screenshot
):
    words = WORDS[language]
    email = f"{role}-{language}@example.org"
    link = printed_link(email=email, role=role, base_url=live_server.url)
    page = browser_page(language)
    urls = visited_urls(page)

    page.goto(link)
    expect(page.get_by_role("heading", name=words["choose"])).to_be_visible()
    page.get_by_label(words["new"], exact=True).fill(PASSWORD)
    page.get_by_label(words["again"]).fill(PASSWORD)
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_role("heading", name=words["saved"])).to_be_visible()

    page.get_by_role("link", name=words["log_in"], exact=True).click()
    page.get_by_label(words["email"]).fill(email)
    page.get_by_label(words["password"]).fill(PASSWORD)
    page.get_by_role("button", name=words["log_in"]).click()

    expect(page.get_by_role("heading", name=words["set_up"])).to_be_visible()
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Code").fill(fresh_totp_code(secret, margin=8.0))
    page.get_by_role("button", name=words["activate"]).click()

    expect(page.get_by_role("heading", name=words["codes"], exact=True)).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    screenshot(page, f"first-login-{role}-{language}-recovery-codes")
    page.get_by_role("link", name=words["continue"]).click()

    expect(page).to_have_url(re.compile(HOMES[role]))
    expect(page.locator("main")).not_to_contain_text("403")
    screenshot(page, f"first-login-{role}-{language}-home")
    # No page of the journey sent the browser back to itself.
    assert all(a != b for a, b in zip(urls, urls[1:], strict=False)), urls

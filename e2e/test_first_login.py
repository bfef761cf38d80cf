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


PARTICIPANT_WORDS = {
    "nl": {
        "first": "Voornaam",
        "last": "Achternaam",
        "email": "E-mail",
        "type": "Ik ben",
        "consent": "Ik geef toestemming",
        "register": "Inschrijven",
        "log_in": "Inloggen",
        "by_code": "Deelnemer? Log in met een code per e-mail",
        "send": "Stuur me een code",
        "home": "Mijn pagina",
        "cancel": "Afmelden",
    },
    "en": {
        "first": "First name",
        "last": "Last name",
        "email": "E-mail",
        "type": "I am a",
        "consent": "I agree that the foundation stores",
        "register": "Register",
        "log_in": "Log in",
        "by_code": "Participant? Log in with a code by e-mail",
        "send": "Send me a code",
        "home": "My page",
        "cancel": "Cancel this registration",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_participant_who_signed_up_logs_in_with_a_code_and_sees_the_registration(
    browser_page, language, screenshot
):
    import datetime as dt

    from django.core import mail
    from django.utils import timezone

    from perspectives.activities.tests.factories import ActivityFactory

    words = PARTICIPANT_WORDS[language]
    ActivityFactory(
        code="DOC-1",
        title="Documentaire maken",
        starts_on=timezone.localdate() + dt.timedelta(days=10),
    )
    email = f"deelnemer-{language}@example.org"
    page = browser_page(language)
    page.goto("/activiteiten/DOC-1/")
    page.get_by_label(words["first"]).fill("Sam")
    page.get_by_label(words["last"]).fill("de Vries")
    page.get_by_label(words["email"]).fill(email)
    page.get_by_label(words["type"]).select_option("employee")
    page.get_by_label(words["consent"]).check()
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto("/account/inloggen/")
    page.get_by_role("link", name=words["by_code"]).click()
    mail.outbox.clear()
    page.get_by_label(re.compile(r"^E-?mail", re.IGNORECASE)).fill(email)
    page.get_by_role("button", name=words["send"]).click()
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE)[1]
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name=words["log_in"]).click()

    expect(page).to_have_url(re.compile(r"/account/mijn/$"))
    expect(page.get_by_role("heading", name=words["home"])).to_be_visible()
    expect(page.get_by_role("link", name="Documentaire maken")).to_be_visible()
    expect(page.get_by_role("link", name=words["cancel"])).to_be_visible()
    screenshot(page, f"first-login-participant-{language}-home")

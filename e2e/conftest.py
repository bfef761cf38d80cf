"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API runs an asyncio loop in the test thread; Django refuses ORM calls while a
loop is running unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The tests make those calls (factories,
assertions on what was stored) between browser steps, never concurrently with them.
"""

import os
import re

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from .support import (
    ASSET_TYPES,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    SCREENSHOT_DIR,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    describe_blocking_violations,
    enter_totp_code,
    log_in,
)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM}; browser tests need it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Once Playwright's event loop runs in this thread, Django keeps a second set of connection
    # objects for "async" code. Hand it the ones the test database was set up with: only they
    # carry the serialized rows that serialized_rollback restores after each test's flush.
    prepared = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in prepared.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def viewport():
    return DESKTOP


@pytest.fixture
def page(browser, live_server, viewport):
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="nl-NL", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.broken_assets = []
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type in ASSET_TYPES
            and page.broken_assets.append(f"{response.status} {response.url}")
        ),
    )
    yield page
    context.close()


@pytest.fixture
def staff_user(transactional_db):
    from perspectives.accounts.models import Role
    from perspectives.accounts.services import create_user, enrol_totp

    user = create_user(
        email=STAFF_EMAIL, password=STAFF_PASSWORD, role=Role.STAFF, full_name="Browser Tester"
    )
    enrol_totp(user=user)
    return user


@pytest.fixture
def staff_page(page, staff_user):
    log_in(page, email=STAFF_EMAIL, password=STAFF_PASSWORD)
    page.wait_for_url(re.compile(r"/account/2fa/authenticate/"))
    enter_totp_code(page, staff_user)
    page.wait_for_url(re.compile(r"/beheer/$"))
    return page


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads of a test land in its own directory, not in the checkout's var/."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Scan the page as it is now with axe-core; serious or critical violations fail."""

    def check(page) -> None:
        # Without its stylesheet a page is judged on the browser's defaults: not what people see.
        assert not page.broken_assets, page.broken_assets
        problems = describe_blocking_violations(axe.run(page).response["violations"])
        assert not problems, f"{page.url}:\n{problems}"

    return check


@pytest.fixture
def screenshot(request):
    """Save a full-page picture for people to look at; never compared automatically."""

    def take(page, name: str) -> None:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)

    return take

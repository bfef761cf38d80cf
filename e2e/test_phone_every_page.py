"""Every page a role can open, in a real browser: none is wider than a 390 px phone, and at
1280 px no table is cut off (a table wider than its container scrolls inside `.table-scroll`).

The pages are those of the role matrix (tests/i18n/walk.py), each opened by the first role the
matrix lets in, over the demo records; one browser context per role, logged in once.
"""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from tests.i18n.walk import PAGES, make_sample_objects, page_path

from .support import DESKTOP, LIVE_DB, PHONE

pytestmark = [LIVE_DB, pytest.mark.slow]

PAGE_WIDTH = "() => document.documentElement.scrollWidth"
# Tables whose box is wider than their parent's and that no scrolling wrapper holds.
CUT_OFF_TABLES = """() => [...document.querySelectorAll('table')]
  .filter(t => !t.closest('.table-scroll'))
  .filter(t => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
  .map(t => `${(t.caption && t.caption.textContent.trim()) || t.className || 'table'}: `
    + `${Math.round(t.getBoundingClientRect().width)} px in ${t.parentElement.clientWidth} px`)"""


def _log_in_context(browser, live_server, role: str):
    from tests.security.conftest import give_totp_if_required, make_role_user

    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nl-NL")
    context.set_default_timeout(15_000)
    if role != "anonymous":
        client = Client()
        user = make_role_user(role)
        client.force_login(user)
        give_totp_if_required(client, user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url.replace("http://", "https://"),
                    "secure": settings.SESSION_COOKIE_SECURE,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )
    return context


def test_no_page_is_wider_than_a_phone_and_no_table_is_cut_off(browser, live_server):
    from perspectives.demo.dataset import load_demo_data

    load_demo_data()
    objects = make_sample_objects()
    too_wide, cut_off, opened = [], [], 0
    contexts = {}
    try:
        for route, entry, role in PAGES:
            if role not in contexts:
                contexts[role] = _log_in_context(browser, live_server, role)
                contexts[role].new_page()
            page = contexts[role].pages[0]
            path = page_path(route, entry, objects)
            page.set_viewport_size(PHONE)
            try:
                response = page.goto(path)
            except PlaywrightError as error:
                if "Download is starting" in str(error):  # a file, not a page
                    continue
                raise
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            opened += 1
            width = page.evaluate(PAGE_WIDTH)
            if width > PHONE["width"]:
                too_wide.append(f"{role} {path}: {width} px")
            page.set_viewport_size(DESKTOP)
            if page.evaluate(PAGE_WIDTH) > DESKTOP["width"]:
                too_wide.append(f"{role} {path} at {DESKTOP['width']} px")
            cut_off += [f"{role} {path}: {table}" for table in page.evaluate(CUT_OFF_TABLES)]
    finally:
        for context in contexts.values():
            context.close()
    assert opened > 50, opened
    assert not too_wide, "Pages wider than the screen:\n" + "\n".join(too_wide)
    assert not cut_off, "Tables cut off at 1280 px:\n" + "\n".join(cut_off)

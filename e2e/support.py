"""What the browser tests share besides fixtures: the browser's settings and small steps."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
STAFF_EMAIL = "browser@example.org"
STAFF_PASSWORD = "browser-test-password-1"  # noqa: S105
SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR", "/tmp/shots"))  # noqa: S108
# WCAG problems axe rates this high fail the test; "minor" and "moderate" are reported only.
BLOCKING_IMPACTS = {"serious", "critical"}
ASSET_TYPES = {"stylesheet", "script", "image", "font"}
# Every browser test needs the live server, hence real transactions; serialized rollback brings
# back the data migrations' rows (indicators, the default policy rule) after each flush.
LIVE_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(page, *, email: str, password: str) -> None:
    """Log in through the real form, as a person would."""
    page.goto("/account/inloggen/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def enter_totp_code(page, user) -> None:
    """The second step: the code the user's authenticator app shows now."""
    from perspectives.accounts.tests.support import fresh_totp_code, user_totp_secret

    # A browser step under load takes seconds: leave the code enough of its window.
    page.get_by_label("Code").fill(fresh_totp_code(user_totp_secret(user), margin=8.0))
    page.get_by_role("button", name="Controleren").click()


def describe_blocking_violations(violations: list[dict]) -> str:
    """One line per serious or critical axe violation, with the first elements it concerns."""
    lines = []
    for violation in violations:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)

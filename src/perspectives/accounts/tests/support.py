"""Steps the account tests share: logging in through allauth's forms, TOTP codes."""

import re
import time

import pyotp
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.urls import reverse

PASSWORD = "een-lang-en-geheim-wachtwoord"  # noqa: S105
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def post_login(client, *, email: str, password: str = PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"login": email, "password": password}, **extra)


def fresh_totp_code(secret: str, *, margin: float = 3.0) -> str:
    """The current code for `secret`, with at least `margin` seconds of its window left.

    The site accepts only the current window (no tolerance), so a code read in the last moment of
    its window can be refused by the time a loaded machine submits it.
    """
    totp = pyotp.TOTP(secret)
    left = totp.interval - time.time() % totp.interval
    if left < margin:
        time.sleep(left + 0.05)
    return totp.now()


def user_totp_secret(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return get_adapter().decrypt(authenticator.data["secret"])


def totp_code(user, *, at=None) -> str:
    """The code the user's authenticator app shows now (or at `at`)."""
    if at is not None:
        return pyotp.TOTP(user_totp_secret(user)).at(at)
    return fresh_totp_code(user_totp_secret(user))


def recovery_codes(user) -> list[str]:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return authenticator.wrap().get_unused_codes()


def post_mfa_code(client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def log_in_with_mfa(client, user, *, password: str = PASSWORD):
    """Password, then the TOTP step; returns the response of the last step."""
    response = post_login(client, email=user.email, password=password)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    return post_mfa_code(client, totp_code(user))


def normalise(html: bytes) -> str:
    """A page's body without the per-request CSRF token."""
    return CSRF.sub('name="csrfmiddlewaretoken" value=""', html.decode())

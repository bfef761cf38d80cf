"""Steps the account tests share: logging in through allauth's forms, TOTP codes."""

import re

import pyotp
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.urls import reverse

PASSWORD = "een-lang-en-geheim-wachtwoord"  # noqa: S105
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def post_login(client, *, email: str, password: str = PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"login": email, "password": password}, **extra)


def totp_code(user, *, at=None) -> str:
    """The code the user's authenticator app shows now (or at `at`)."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = get_adapter().decrypt(authenticator.data["secret"])
    totp = pyotp.TOTP(secret)
    return totp.at(at) if at is not None else totp.now()


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

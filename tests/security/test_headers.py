"""Bars 2 and 3: security headers on every kind of response; cookie flags after a log-in."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from perspectives.accounts.models import Role
from perspectives.accounts.services import create_user

from .conftest import ANONYMOUS, HTTPS

pytestmark = pytest.mark.django_db


def assert_security_headers(response, *, authenticated: bool) -> None:
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000
    assert "includeSubDomains" in hsts
    policy = dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split(";")
    )
    for directive in ("script-src", "style-src", "default-src"):
        assert "unsafe-inline" not in policy[directive]
        assert "unsafe-eval" not in policy[directive]
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    if authenticated:
        assert response["Cache-Control"] == "no-store"


CASES = [
    # (role, method, url name or path, expected status)
    (ANONYMOUS, "get", "activities:home", 200),
    (ANONYMOUS, "get", "core:home", 302),
    (ANONYMOUS, "get", "/.git/HEAD", 404),
    (ANONYMOUS, "get", "api:openapi-json", 401),
    (ANONYMOUS, "post", "api:record_hit", 400),
    (Role.PARTICIPANT, "get", "core:home", 403),
    (Role.STAFF, "get", "core:home", 200),
    (Role.STAFF, "get", "activities:activity-list", 200),
    (Role.STAFF, "get", "api:openapi-json", 200),
    (Role.STAFF, "get", "/bestaat-niet/", 404),
    (Role.STAFF, "get", "/fails/", 500),
    (ANONYMOUS, "get", "/fails/", 302),
]


@pytest.mark.urls("tests.security.urls_failing")
@pytest.mark.parametrize(("role", "method", "target", "status"), CASES)
def test_every_kind_of_response_carries_the_security_headers(
    client_for, role, method, target, status
):
    client = client_for(role)
    client.raise_request_exception = False
    path = target if target.startswith("/") else reverse(target)
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert_security_headers(response, authenticated=role != ANONYMOUS)


def test_an_unknown_host_gets_400_with_the_headers():
    response = Client(HTTP_HOST="evil.example.com", **HTTPS).get("/")
    assert response.status_code == 400
    assert_security_headers(response, authenticated=False)


def test_a_log_in_sets_host_prefixed_secure_lax_cookies_and_an_httponly_session():
    create_user(
        email="cookies@example.org",
        password="a long and unusual passphrase 42",
        role=Role.PARTICIPANT,
    )
    client = Client(enforce_csrf_checks=True, HTTP_HOST="testserver", **HTTPS)
    form = client.get(reverse("accounts:login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("accounts:login"),
        {
            "login": "cookies@example.org",
            "password": "a long and unusual passphrase 42",
            "csrfmiddlewaretoken": token,
        },
        headers={"referer": "https://testserver" + reverse("accounts:login")},
    )
    assert response.status_code == 302, response.content[:500]
    assert_security_headers(response, authenticated=True)
    headers = {
        name: morsel.OutputString()
        for source in (form, response)
        for name, morsel in source.cookies.items()
    }
    session = headers[settings.SESSION_COOKIE_NAME]
    csrf = headers[settings.CSRF_COOKIE_NAME]
    assert settings.SESSION_COOKIE_NAME.startswith("__Host-")
    assert settings.CSRF_COOKIE_NAME.startswith("__Host-")
    for cookie in (session, csrf):
        attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
        assert "secure" in attributes
        assert "domain" not in attributes  # __Host- cookies may not name a domain
        assert "Path=/" in cookie
        assert re.search(r"SameSite=(Lax|Strict)", cookie)
    assert "HttpOnly" in session

"""Bars 1 and 4: fail closed with no leaks; the deploy check is clean on production settings."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from perspectives.accounts.models import Role

from .conftest import HTTPS
from .urls_failing import SECRET_LOOKING_MESSAGE

pytestmark = pytest.mark.django_db
LEAKS = ["Traceback", "SECRET_KEY", "DATABASES", "SELECT", "RuntimeError", 'File "', ".py"]


def assert_no_leak(body: str) -> None:
    for leak in LEAKS:
        assert leak not in body, leak
    assert SECRET_LOOKING_MESSAGE not in body


@pytest.mark.urls("tests.security.urls_failing")
@pytest.mark.parametrize(
    ("language", "text"), [("nl", "Er ging iets mis"), ("en", "Something went wrong")]
)
def test_an_unhandled_exception_gives_a_generic_500_in_the_visitors_language(
    client_for, language, text
):
    assert settings.DEBUG is False
    client = client_for(Role.STAFF)
    client.raise_request_exception = False
    response = client.get("/fails/", headers={"accept-language": language})
    assert response.status_code == 500
    body = response.content.decode()
    assert text in body
    assert_no_leak(body)


@pytest.mark.parametrize(("language", "text"), [("nl", "Ongeldig verzoek"), ("en", "Bad request")])
def test_an_unknown_host_gets_a_generic_400(language, text):
    client = Client(HTTP_HOST="attacker.example", **HTTPS)
    response = client.get("/", headers={"accept-language": language})
    assert response.status_code == 400
    body = response.content.decode()
    assert text in body
    assert "attacker.example" not in body
    assert_no_leak(body)


@pytest.mark.parametrize("path", ["/.git/HEAD", "/.env", "/beheer/../.git/config"])
def test_repository_and_environment_files_are_not_found(path):
    response = Client(**HTTPS).get(path)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    assert_no_leak(response.content.decode())


def test_a_refused_page_says_no_access_and_nothing_more(client_for):
    response = client_for(Role.PARTICIPANT).get("/beheer/")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_no_security_check_is_silenced():
    assert not [name for name in settings.SILENCED_SYSTEM_CHECKS if name.startswith("security")]


def test_the_deploy_check_is_clean_on_production_settings(tmp_path):
    # Only what finding Python needs: the test run's own variables (DJANGO_ALLOW_ASYNC_UNSAFE of
    # the browser tests, the test database) are not production's.
    inherited = {"PATH", "HOME", "PYTHONPATH", "LANG", "TMPDIR"}
    environment = {
        **{name: value for name, value in os.environ.items() if name in inherited},
        "DJANGO_SETTINGS_MODULE": "perspectives.config.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "perspectives.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "PERSPECTIVES_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 silenced" in result.stdout + result.stderr

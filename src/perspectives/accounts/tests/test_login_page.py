"""The log-in page offers each way onward once."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    """Requests in English leave English active in the thread (LocaleMiddleware activates a
    language and nothing resets it); later tests must start from the language they found."""
    from django.utils import translation

    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.mark.parametrize(
    ("language", "words"), [("nl", "Wachtwoord vergeten?"), ("en", "Forgot your password?")]
)
def test_forgot_password_appears_once_beside_the_password_field(client, language, words):
    response = client.get(
        reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=language, HTTP_X_FORWARDED_PROTO="https"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(words) == 1
    assert html.count(f'href="{reverse("account_reset_password")}"') == 1
    # The link is the password field's help text, which the field names for screen readers.
    assert 'aria-describedby="id_password_helptext"' in html
    assert 'id="id_password_helptext"' in html

"""MFA (bars 9, 11): required for every privileged role on every protected URL; codes used once."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from perspectives.accounts.middleware import MFA_ENROLMENT_URL_NAMES
from perspectives.accounts.models import Role
from perspectives.accounts.services import create_user

from .support import (
    PASSWORD,
    fresh_totp_code,
    post_login,
    post_mfa_code,
    recovery_codes,
    totp_code,
)

pytestmark = pytest.mark.django_db
PRIVILEGED = [role for role in Role.values if role != Role.PARTICIPANT]
SAMPLE = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def walk(patterns, prefix=""):
    """(path, view) for every URL pattern, converters filled with sample values."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m[1] or "str", "x"), route)
            if not re.search(r"[\^$()\[\\?*+]", path):
                yield "/" + path, pattern.callback


def protected_paths():
    return sorted(
        {
            path
            for path, view in walk(get_resolver().url_patterns)
            if getattr(view, "login_required", True)
        }
    )


@pytest.mark.parametrize("role", PRIVILEGED)
def test_a_privileged_user_without_totp_is_sent_to_enrolment_from_every_protected_url(client, role):
    client.force_login(create_user(email="x@example.org", password=PASSWORD, role=role))
    enrol = reverse("mfa_activate_totp")
    paths = [
        path for path in protected_paths() if resolve(path).view_name not in MFA_ENROLMENT_URL_NAMES
    ]
    assert len(paths) > 20
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == enrol, path


def test_a_participant_is_not_asked_for_mfa(client):
    client.force_login(create_user(email="p@example.org", password=None, role=Role.PARTICIPANT))
    assert client.get(reverse("accounts:participant-home")).status_code == 200


def test_enrolling_through_the_page_lets_the_user_in(client):
    user = create_user(email="x@example.org", password=PASSWORD, role=Role.COACH)
    response = post_login(client, email=user.email)
    assert client.get(response["Location"])["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    code = fresh_totp_code(page.context["form"].secret)
    done = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert done.status_code == 302
    assert client.get(reverse("accounts:participant-home")).status_code == 403  # no longer 302


def test_a_totp_code_is_refused_the_second_time_within_its_window(client, make_user):
    user = make_user(role=Role.STAFF, email="s@example.org", password=PASSWORD)
    with time_machine.travel(timezone.now(), tick=False):
        code = totp_code(user)
        post_login(client, email=user.email)
        assert post_mfa_code(client, code).status_code == 302
        client.logout()
        post_login(client, email=user.email)
        again = post_mfa_code(client, code)
    assert again.status_code == 200 and "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused(client, make_user):
    user = make_user(role=Role.FUNDER, email="f@example.org", password=PASSWORD)
    post_login(client, email=user.email)
    assert (
        post_mfa_code(client, "000000" if totp_code(user) != "000000" else "111111").status_code
        == 200
    )
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(client, make_user):
    user = make_user(role=Role.EMPLOYER, email="e@example.org", password=PASSWORD)
    code = recovery_codes(user)[0]
    post_login(client, email=user.email)
    assert post_mfa_code(client, code).status_code == 302
    client.logout()
    post_login(client, email=user.email)
    assert post_mfa_code(client, code).status_code == 200
    assert "_auth_user_id" not in client.session


def reset_link(client, user) -> str:
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": user.email})
    return re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body)[1]


def reset_password(client, link: str, password: str):
    form = client.get(link, follow=True)
    return client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": password, "password2": password},
    )


def test_a_reset_link_works_once_and_still_demands_mfa(client, make_user):
    user = make_user(role=Role.STAFF, email="s@example.org", password=PASSWORD)
    link = reset_link(client, user)
    assert reset_password(client, link, "een-nieuw-lang-wachtwoord").status_code == 302
    assert "_auth_user_id" not in client.session
    response = post_login(client, email=user.email, password="een-nieuw-lang-wachtwoord")
    assert response["Location"] == reverse("mfa_authenticate")
    client.logout()
    again = client.get(link, follow=True)
    assert again.context["token_fail"] is True


def test_a_reset_token_dies_after_an_hour_and_after_a_password_change(make_user):
    user = make_user(role=Role.STAFF, email="s@example.org", password=PASSWORD)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        token = default_token_generator.make_token(user)
        clock.shift(dt.timedelta(minutes=59))
        assert default_token_generator.check_token(user, token)
        clock.shift(dt.timedelta(minutes=2))
        assert not default_token_generator.check_token(user, token)
    token = default_token_generator.make_token(user)
    user.set_password("een-ander-lang-wachtwoord")
    user.save()
    assert not default_token_generator.check_token(user, token)

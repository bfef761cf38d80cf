"""Sessions (bars 13, 14): new key at log-in, invalidation, time-outs, re-authentication."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from perspectives.accounts.models import Role

from .support import PASSWORD, log_in_with_mfa, post_login

pytestmark = pytest.mark.django_db
HOME = "/beheer/"


@pytest.fixture
def staff(make_user):
    return make_user(role=Role.STAFF, email="s@example.org", password=PASSWORD)


def test_the_session_key_changes_at_log_in(client, staff):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    log_in_with_mfa(client, staff)
    assert client.session.session_key != before and "_auth_user_id" in client.session


def test_after_log_out_the_old_cookie_goes_to_log_in(client, staff):
    log_in_with_mfa(client, staff)
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    response = replay.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_a_password_change_ends_the_other_sessions(staff):
    mine, other = Client(), Client()
    new = "een-nieuw-lang-wachtwoord"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        log_in_with_mfa(mine, staff)
        clock.shift(dt.timedelta(seconds=30))  # a TOTP code counts once: wait for the next
        log_in_with_mfa(other, staff)
        assert other.get(HOME).status_code == 200
        mine.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        changed = mine.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": new, "password2": new},
        )
        assert changed.status_code == 302
        staff.refresh_from_db()
        assert staff.check_password(new)
        assert mine.get(HOME).status_code == 200
        assert other.get(HOME).status_code == 302


def test_a_deactivated_user_is_anonymous_on_the_next_request(client, staff):
    log_in_with_mfa(client, staff)
    assert client.get(HOME).status_code == 200
    staff.is_active = False
    staff.save()
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_thirty_idle_minutes_end_a_privileged_session(client, staff):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        log_in_with_mfa(client, staff)
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(HOME).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(HOME)
        assert response.status_code == 302 and response["Location"].startswith(
            reverse("accounts:login")
        )
        assert "_auth_user_id" not in client.session
        login_page = client.get(response["Location"])
    assert "sessie is verlopen" in login_page.content.decode()


def test_twelve_hours_end_a_privileged_session_even_when_active(client, staff):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        log_in_with_mfa(client, staff)
        for _step in range(35):  # 35 x 20 min = 11 h 40 min, never idle for long
            clock.shift(dt.timedelta(minutes=20))
            assert client.get(HOME).status_code == 200
        clock.shift(dt.timedelta(minutes=21))
        assert client.get(HOME).status_code == 302


def test_participants_have_no_idle_time_out(client, make_user):
    participant = make_user(role=Role.PARTICIPANT, email="p@example.org", password=PASSWORD)
    page = reverse("accounts:participant-home")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        post_login(client, email=participant.email)
        clock.shift(dt.timedelta(hours=2))
        assert client.get(page).status_code == 200


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("account_change_password", {}),
        ("mfa_generate_recovery_codes", {}),
    ],
)
def test_changing_password_or_mfa_needs_a_log_in_in_the_last_five_minutes(
    client, staff, url_name, data
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        log_in_with_mfa(client, staff)
        clock.shift(dt.timedelta(minutes=6))
        response = client.post(reverse(url_name), data)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert (
            not client.post(reverse(url_name), data)
            .get("Location", "")
            .startswith(reverse("account_reauthenticate"))
        )


def test_an_mfa_account_cannot_add_an_e_mail_address_at_all(client, staff):
    # Stricter than re-authentication: allauth refuses unverified addresses on MFA accounts,
    # so staff change a privileged user's address.
    log_in_with_mfa(client, staff)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "nieuw@example.org"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    staff.refresh_from_db()
    assert staff.email == "s@example.org"

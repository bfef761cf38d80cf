"""Security events (bar 27): exactly one JSON line each, no e-mail, CR/LF encoded."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from perspectives.accounts.models import Role
from perspectives.accounts.services import change_role, create_user

from .support import PASSWORD, log_in_with_mfa, post_login, post_mfa_code, totp_code

pytestmark = pytest.mark.django_db
FIELDS = {"time", "actor", "action", "object", "result", "ip", "request_id"}


@pytest.fixture
def events(caplog):
    caplog.set_level("INFO", logger="perspectives.security")

    def read(action=None):
        lines = [r.getMessage() for r in caplog.records if r.name == "perspectives.security"]
        parsed = [json.loads(line) for line in lines]
        assert all(set(event) == FIELDS for event in parsed)
        assert all(event["time"].endswith("Z") for event in parsed)
        return [e for e in parsed if action is None or e["action"] == action]

    return read


@pytest.fixture
def staff(make_user):
    return make_user(role=Role.STAFF, email="s@example.org", password=PASSWORD)


def test_a_log_in_is_logged_once_without_the_address(client, staff, events, caplog):
    log_in_with_mfa(client, staff)
    [event] = events("login")
    assert event["actor"] == str(staff.pk) and event["result"] == "success"
    assert event["ip"] == "127.0.0.1" and event["request_id"]
    assert staff.email not in caplog.text


def test_a_failed_log_in_is_logged(client, staff, events):
    post_login(client, email=staff.email, password="wrong-password-x")
    [event] = events("login.password")
    assert event["result"] == "failure" and event["actor"] == str(staff.pk)


def test_a_lockout_is_logged(client, staff, events):
    for _attempt in range(6):
        post_login(client, email=staff.email, password="wrong-password-x")
    [event] = events("login.lockout")
    assert event["result"] == "refused"


def test_mfa_success_and_failure_are_logged(client, staff, events):
    post_login(client, email=staff.email)
    post_mfa_code(client, "000000" if totp_code(staff) != "000000" else "111111")
    post_mfa_code(client, totp_code(staff))
    assert [e["result"] for e in events("mfa.authentication")] == ["failure", "success"]


def test_an_mfa_change_is_logged(client, staff, events, django_capture_on_commit_callbacks):
    log_in_with_mfa(client, staff)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_generate_recovery_codes"), {})
    [event] = events("mfa.reset")
    assert event["object"] == "mfa.authenticator:recovery_codes"


def test_a_password_change_is_logged(client, staff, events):
    log_in_with_mfa(client, staff)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    new = "een-nieuw-lang-wachtwoord"
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    [event] = events("password.changed")
    assert event["actor"] == str(staff.pk)


def test_a_password_reset_is_logged(client, staff, events):
    client.post(reverse("account_reset_password"), {"email": staff.email})
    link = next(w for w in mail.outbox[0].body.split() if "/password/reset/key/" in w)
    form = client.get(link, follow=True)
    new = "een-nieuw-lang-wachtwoord"
    client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    [event] = events("password.reset")
    assert event["actor"] == str(staff.pk)


def test_a_role_change_is_logged(staff, events, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = create_user(email="c@example.org", password=None, role=Role.COACH)
        change_role(user=user, role=Role.FUNDER, actor=staff)
    [event] = events("role.changed")
    assert event["object"] == f"accounts.user:{user.pk}" and event["actor"] == str(staff.pk)


def test_a_line_break_in_user_input_stays_on_one_line(client, events, caplog):
    client.post(
        reverse("accounts:login"),
        {"login": "a@example.org", "password": "x" * 12},
        HTTP_X_REQUEST_ID="abc\r\nforged-line",
    )
    [event] = events("login.password")
    assert event["request_id"] == "abc\r\nforged-line"
    assert all(
        "\n" not in r.getMessage()
        for r in caplog.records
        if r.name.startswith("perspectives.security")
    )

"""The first log-in of an account made by `createuser`: the link proves the address, TOTP and
the recovery codes follow without asking for the password again, and each role lands at home."""

import io
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from perspectives.accounts.models import Role, User

from .support import PASSWORD, fresh_totp_code, post_login

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "een-nieuw-en-lang-wachtwoord-7"  # noqa: S105


def set_password_from_printed_link(client, *, email: str, role: str) -> User:
    out = io.StringIO()
    call_command("createuser", email=email, role=role, base_url="http://testserver", stdout=out)
    path = re.search(r"http://testserver(\S+)", out.getvalue())[1]
    form_url = client.get(path)["Location"]  # allauth moves the key into the session
    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302, done.content
    return User.objects.get(email=email)


def log_in_and_enrol(client, user) -> None:
    response = post_login(client, email=user.email, password=NEW_PASSWORD)
    assert client.get(response["Location"])["Location"] == reverse("mfa_activate_totp")
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    done = client.post(reverse("mfa_activate_totp"), {"code": fresh_totp_code(secret)})
    assert done["Location"] == reverse("mfa_view_recovery_codes")


def test_setting_the_password_from_the_link_verifies_the_address(client):
    user = set_password_from_printed_link(client, email="new@example.org", role=Role.STAFF)
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).count() == 1
    assert not EmailAddress.objects.filter(user=user, verified=False).exists()


def test_an_unverified_address_is_verified_by_the_link_not_duplicated(client):
    user = User.objects.create_user(email="old@example.org", password=None, role=Role.COACH)
    EmailAddress.objects.create(user=user, email="Old@Example.org", primary=True, verified=False)
    # The "forgot password" mail carries the same kind of one-time link as createuser prints.
    client.post(reverse("account_reset_password"), {"email": "old@example.org"})
    path = re.search(r"http://testserver(\S+)", mail.outbox[-1].body)[1]
    client.post(
        client.get(path)["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert list(EmailAddress.objects.filter(user=user).values_list("verified", flat=True)) == [True]


@pytest.mark.parametrize(
    ("role", "home"),
    [
        (Role.ADMINISTRATOR, "core:home"),
        (Role.STAFF, "core:home"),
        (Role.COACH, "coaching:trajectory-list"),
        (Role.EMPLOYER, "accounts:home"),
        (Role.FUNDER, "impact:funder-dashboard"),
    ],
)
def test_each_role_goes_from_the_recovery_codes_to_its_own_home(client, role, home):
    user = set_password_from_printed_link(client, email=f"{role}@example.org", role=role)
    log_in_and_enrol(client, user)
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200  # not a detour through the password again
    onward = re.search(r'href="([^"]+)">[^<]*(?:continue|verder)', codes.content.decode())[1]
    assert onward == reverse(home)
    assert client.get(onward).status_code == 200


def test_the_recovery_codes_need_the_password_again_once_the_enrolment_is_past(client):
    user = set_password_from_printed_link(client, email="s@example.org", role=Role.STAFF)
    log_in_and_enrol(client, user)
    timeout = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=timeout - 5)):
        assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=timeout + 5)):
        response = client.get(reverse("mfa_view_recovery_codes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_a_participant_has_no_account_page_of_the_privileged_kind(client, make_user):
    client.force_login(make_user(role=Role.PARTICIPANT))
    assert client.get(reverse("accounts:home"))["Location"] == reverse("accounts:participant-home")


def test_a_coach_sees_the_coaching_list_and_nothing_of_the_back_office(client, make_user):
    client.force_login(make_user(role=Role.COACH, password=PASSWORD))
    assert client.get(reverse("coaching:trajectory-list")).status_code == 200
    assert client.get(reverse("core:home")).status_code == 403

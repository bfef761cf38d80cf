"""Log-in (bars 8, 10, 12): rate limits and lock-out, the admin behind allauth, no enumeration."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from perspectives.accounts.models import Role, User

from .support import PASSWORD, log_in_with_mfa, normalise, post_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    return make_user(role=Role.STAFF, email="sanne@example.org", password=PASSWORD)


def test_staff_log_in_with_password_and_totp_and_land_on_the_back_office(client, staff):
    response = log_in_with_mfa(client, staff)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200


def test_the_sixth_failure_locks_the_account_even_for_the_right_password_until_cool_off(
    client, staff
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(5):
            assert (
                post_login(client, email=staff.email, password="wrong-password-x").status_code
                == 200
            )
        locked = post_login(client, email=staff.email, password="wrong-password-x")
        assert locked.status_code == 429
        assert post_login(client, email=staff.email).status_code == 429

        clock.shift(dt.timedelta(minutes=4))
        assert post_login(client, email=staff.email).status_code == 429
        clock.shift(dt.timedelta(minutes=1, seconds=1))
        response = post_login(client, email=staff.email)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")


def test_eleven_failures_a_minute_from_one_address_are_refused(client):
    statuses = [
        post_login(client, email=f"iemand{n}@example.org", password="wrong-password-x").status_code
        for n in range(11)
    ]
    assert statuses == [200] * 10 + [429]


def test_rate_limits_can_be_switched_off(client, staff, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    for _attempt in range(7):
        post_login(client, email=staff.email, password="wrong-password-x")
    assert post_login(client, email=staff.email).status_code == 302


def test_the_django_admin_log_in_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 302


def test_a_logged_in_non_administrator_may_not_use_the_admin(client, staff):
    log_in_with_mfa(client, staff)
    assert client.get("/admin/login/").status_code == 403


def test_a_failed_log_in_reads_the_same_for_known_and_unknown_addresses(client, staff):
    known = post_login(client, email=staff.email, password="wrong-password-x")
    unknown = post_login(client, email="niemand@example.org", password="wrong-password-x")
    assert known.status_code == unknown.status_code == 200
    assert normalise(known.content).replace(staff.email, "E") == normalise(unknown.content).replace(
        "niemand@example.org", "E"
    )


def test_a_password_reset_reads_the_same_for_known_and_unknown_addresses(client, staff):
    responses = [
        client.post(reverse("account_reset_password"), {"email": email}, follow=True)
        for email in (staff.email, "niemand@example.org")
    ]
    assert responses[0].status_code == responses[1].status_code == 200
    assert responses[0].redirect_chain == responses[1].redirect_chain
    assert normalise(responses[0].content) == normalise(responses[1].content)


def test_sign_up_is_closed_and_reads_the_same_for_known_and_unknown_addresses(client, staff):
    url = reverse("account_signup")
    data = {"password1": "een-ander-lang-wachtwoord"}
    known = client.post(url, {**data, "email": staff.email})
    unknown = client.post(url, {**data, "email": "niemand@example.org"})
    assert known.status_code == unknown.status_code
    assert normalise(known.content) == normalise(unknown.content)
    assert User.objects.count() == 1


def test_a_fresh_database_has_no_accounts():
    # Bar 12: migrations create no users, so no default or known password exists.
    assert User.objects.count() == 0


def test_a_participant_lands_on_their_own_page(client, make_user):
    participant = make_user(role=Role.PARTICIPANT, email="pim@example.org", password=PASSWORD)
    participant.full_name = "Pim Deelnemer"
    participant.save()
    response = post_login(client, email=participant.email)
    assert response["Location"] == reverse("accounts:participant-home")
    page = client.get(response["Location"])
    assert "Pim Deelnemer" in page.content.decode()


def test_the_participant_page_is_for_participants_only(client, staff):
    log_in_with_mfa(client, staff)
    assert client.get(reverse("accounts:participant-home")).status_code == 403

"""Log-in code and password reset mails cannot flood a third party's mailbox (issue 13, item 4).

Both forms share a limit per client address (429 past RATELIMIT_ACCOUNT_MAIL) and a budget per
e-mail address (RATELIMIT_ACCOUNT_MAIL_PER_EMAIL mails, whoever asks); past the address's
budget the page answers exactly as before and no mail is sent.
"""

import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from perspectives.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(make_user):
    return make_user(role=Role.PARTICIPANT, email="pim@example.org")


@pytest.fixture
def events(caplog):
    caplog.set_level("INFO", logger="perspectives.security")

    def read() -> list[dict]:
        return [
            json.loads(r.getMessage()) for r in caplog.records if r.name == "perspectives.security"
        ]

    return read


def request_code(email: str, *, address: str):
    # A fresh client each time: the code flow keeps state in the session.
    return Client().post(
        reverse("account_request_login_code"), {"email": email}, REMOTE_ADDR=address
    )


def request_reset(email: str, *, address: str):
    return Client().post(reverse("account_reset_password"), {"email": email}, REMOTE_ADDR=address)


def mails_to(email: str) -> int:
    return sum(1 for message in mail.outbox if message.to == [email])


def answer(response) -> tuple[int, str]:
    return response.status_code, response.get("Location", "")


def test_the_limit_th_log_in_code_goes_out_and_the_next_does_not(settings, participant):
    settings.RATELIMIT_ACCOUNT_MAIL_PER_EMAIL = "2/d"
    answers = []
    for n in range(3):
        answers.append(answer(request_code(participant.email, address=f"198.51.100.{n + 1}")))
        assert mails_to(participant.email) == min(n + 1, 2)
    assert answers[0] == (302, reverse("account_confirm_login_code"))
    assert len(set(answers)) == 1


def test_the_limit_th_reset_mail_goes_out_and_the_next_does_not(settings, make_user):
    staff = make_user(role=Role.STAFF, email="sam@example.org")
    settings.RATELIMIT_ACCOUNT_MAIL_PER_EMAIL = "2/d"
    answers = []
    for n in range(3):
        answers.append(answer(request_reset(staff.email, address=f"198.51.100.{n + 1}")))
        assert mails_to(staff.email) == min(n + 1, 2)
    assert answers[0] == (302, reverse("account_reset_password_done"))
    assert len(set(answers)) == 1


def test_codes_and_resets_to_one_address_share_one_budget_and_other_addresses_have_their_own(
    settings, participant, make_user
):
    other = make_user(role=Role.PARTICIPANT, email="ander@example.org")
    settings.RATELIMIT_ACCOUNT_MAIL_PER_EMAIL = "2/d"
    request_code(participant.email, address="198.51.100.1")
    request_reset(participant.email.upper(), address="198.51.100.2")
    request_code(participant.email, address="198.51.100.3")
    assert mails_to(participant.email) == 2
    request_reset(other.email, address="198.51.100.4")
    assert mails_to(other.email) == 1


def test_the_first_refusal_for_an_address_is_one_security_event_without_the_address(
    settings, participant, events
):
    settings.RATELIMIT_ACCOUNT_MAIL_PER_EMAIL = "1/d"
    for n in range(3):
        request_code(participant.email, address=f"198.51.100.{n + 1}")
    refusals = [e for e in events() if e["action"] == "ratelimit.exceeded"]
    assert [e["object"] for e in refusals] == ["accounts.mail.per_email"]
    assert refusals[0]["ip"] == "198.51.100.0/24"
    assert "pim" not in json.dumps(refusals)


@pytest.mark.parametrize("ask", [request_code, request_reset])
def test_one_client_address_gets_429_past_its_limit(settings, participant, ask):
    settings.RATELIMIT_ACCOUNT_MAIL = "3/h"
    answers = [ask(f"iemand{n}@example.org", address="203.0.113.5").status_code for n in range(4)]
    assert answers[:3] == [302] * 3
    assert answers[3] == 429
    assert ask("iemand9@example.org", address="203.0.113.6").status_code == 302


def test_the_two_forms_share_the_client_limit(settings):
    settings.RATELIMIT_ACCOUNT_MAIL = "2/h"
    assert request_code("een@example.org", address="203.0.113.5").status_code == 302
    assert request_reset("twee@example.org", address="203.0.113.5").status_code == 302
    assert request_code("drie@example.org", address="203.0.113.5").status_code == 429
    assert request_reset("vier@example.org", address="203.0.113.5").status_code == 429


def test_ratelimit_enabled_false_switches_the_mail_limits_off(settings, participant):
    settings.RATELIMIT_ENABLED = False
    settings.RATELIMIT_ACCOUNT_MAIL = "1/h"
    settings.RATELIMIT_ACCOUNT_MAIL_PER_EMAIL = "1/d"
    for _ in range(3):
        assert request_code(participant.email, address="203.0.113.5").status_code == 302
    assert mails_to(participant.email) == 3

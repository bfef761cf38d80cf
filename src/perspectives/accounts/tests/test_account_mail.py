"""Account mails go through the durable task path (docs/decisions/0025).

allauth's mails are rendered in the request and queued; the worker sends them once under the
task's id. The queue holds the mail encrypted beside a keyed hash of the address; a mail whose
code or link has expired is dropped instead of sent late. The tests that do not run the worker
process do its step themselves: they hand a queued row's arguments, with the row's id as key, to
the service the task calls.
"""

import datetime as dt
import json
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from perspectives.accounts import encryption
from perspectives.accounts.mail import expiry_of, send_account_mail
from perspectives.accounts.models import Role
from perspectives.accounts.tasks import send_account_mail_task
from perspectives.core.models import AuditEntry, SentMail
from perspectives.core.outbox import SUBJECT_ONLY, SUBJECT_ONLY_HEADER
from perspectives.core.services import subject_digest

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class MailServerDown(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture
def queue(settings):
    # Through the settings fixture, which undoes its changes in order: an override_settings
    # block around changes the test makes to `settings` would leave the queue on behind it.
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def participant(make_user):
    return make_user(role=Role.PARTICIPANT, email="pim@example.org")


def request_code(client: Client, email: str, **extra):
    return client.post(reverse("account_request_login_code"), {"email": email}, **extra)


def waiting_code(client: Client) -> str:
    """The code allauth keeps in the session while it waits to be typed."""
    data = Session.objects.get(session_key=client.session.session_key).get_decoded()
    return CODE.search(json.dumps(data))[1]


def run_queued(row: DBTaskResult, *, now: dt.datetime | None = None) -> bool:
    """The worker's step for one queued account mail: its arguments, its id as the key."""
    arguments = dict(row.args_kwargs["kwargs"])
    arguments.pop("subject_key")
    return send_account_mail(key=str(row.pk), now=now, **arguments)


def stored_arguments() -> str:
    return json.dumps([row.args_kwargs for row in DBTaskResult.objects.all()])


def test_a_log_in_code_is_queued_encrypted_and_sent_once_by_the_worker(client, participant, queue):
    response = request_code(client, participant.email)

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("account_confirm_login_code"),
    )
    assert mail.outbox == []
    row = DBTaskResult.objects.get()
    assert (row.task_path, row.status) == (send_account_mail_task.module_path, "READY")
    code = waiting_code(client)
    assert code not in stored_arguments() and code.replace("-", "") not in stored_arguments()
    assert participant.email not in stored_arguments()
    assert row.args_kwargs["kwargs"]["subject_key"] == subject_digest(participant.email)

    assert run_queued(row) is True
    assert run_queued(row) is False  # a retry of the same task: nothing goes out again
    [sent] = mail.outbox
    assert sent.to == [participant.email] and code in sent.body
    assert sent.extra_headers[SUBJECT_ONLY_HEADER] == SUBJECT_ONLY
    assert list(SentMail.objects.values_list("key", flat=True)) == [str(row.pk)]
    entry = AuditEntry.objects.get(action="accounts.mail.sent")
    assert entry.data == {"kind": "account/email/login_code"}
    done = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert done["Location"] == reverse("accounts:participant-home")


@pytest.mark.parametrize(
    ("language", "subject"),
    [("nl", "[Perspectives] Aanmeldcode"), ("en", "[Perspectives] Sign-In")],
)
def test_the_mail_is_written_in_the_language_of_the_request(participant, queue, language, subject):
    request_code(Client(), participant.email, HTTP_ACCEPT_LANGUAGE=language)
    # The worker runs in no language of its own: the request rendered the mail.
    with override_settings(LANGUAGE_CODE="en" if language == "nl" else "nl"):
        run_queued(DBTaskResult.objects.get())
    assert mail.outbox[0].subject.startswith(subject)


def test_a_reset_link_is_not_stored_in_clear_and_works_once_mailed(client, make_user, queue):
    staff = make_user(role=Role.STAFF, email="sam@example.org")
    response = client.post(reverse("account_reset_password"), {"email": staff.email})
    assert response["Location"] == reverse("account_reset_password_done")
    row = DBTaskResult.objects.get()
    assert "/password/reset/" not in stored_arguments() and staff.email not in stored_arguments()

    run_queued(row)

    path = re.search(r"http://testserver(/account/password/reset/key/\S+)", mail.outbox[0].body)[1]
    key = path.rstrip("/").rsplit("/", 1)[-1]
    assert key not in stored_arguments()
    form = client.get(client.get(path)["Location"])
    assert form.status_code == 200 and "password1" in form.content.decode()


def test_an_address_over_its_budget_gets_no_task_and_the_same_page(settings, participant, queue):
    settings.RATELIMIT_ACCOUNT_MAIL_PER_EMAIL = "1/d"
    answers = [request_code(Client(), participant.email) for _ in range(2)]
    assert [(a.status_code, a["Location"]) for a in answers] == [
        (302, reverse("account_confirm_login_code"))
    ] * 2
    assert DBTaskResult.objects.count() == 1


def test_a_log_in_code_is_mailed_until_it_expires_and_dropped_after(settings, participant, queue):
    settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
    client = Client()
    with time_machine.travel(T0, tick=False):
        request_code(client, participant.email)
    row = DBTaskResult.objects.get()
    expires_at = T0 + dt.timedelta(seconds=600)
    assert row.args_kwargs["kwargs"]["expires_at"] == expires_at.isoformat()

    assert run_queued(row, now=expires_at + dt.timedelta(seconds=1)) is False
    assert mail.outbox == []
    assert run_queued(row, now=expires_at - dt.timedelta(seconds=1)) is True
    assert len(mail.outbox) == 1
    # The same boundary as allauth's: at the expiry the code still logs in, a second later not.
    code = waiting_code(client)
    with time_machine.travel(expires_at + dt.timedelta(seconds=1), tick=False):
        late = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert late.get("Location", "") != reverse("accounts:participant-home")


def test_a_log_in_code_still_valid_at_its_expiry_is_sent_then(settings, participant, queue):
    settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
    client = Client()
    with time_machine.travel(T0, tick=False):
        request_code(client, participant.email)
    expires_at = T0 + dt.timedelta(seconds=600)
    assert run_queued(DBTaskResult.objects.get(), now=expires_at) is True
    with time_machine.travel(expires_at, tick=False):
        done = client.post(reverse("account_confirm_login_code"), {"code": waiting_code(client)})
    assert done["Location"] == reverse("accounts:participant-home")


def test_a_reset_link_is_mailed_until_password_reset_timeout_and_dropped_after(
    settings, make_user, queue
):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    staff = make_user(role=Role.STAFF, email="sam@example.org")
    with time_machine.travel(T0, tick=False):
        Client().post(reverse("account_reset_password"), {"email": staff.email})
    row = DBTaskResult.objects.get()
    expires_at = T0 + dt.timedelta(seconds=3600)

    assert run_queued(row, now=expires_at + dt.timedelta(seconds=1)) is False
    assert run_queued(row, now=expires_at) is True
    assert len(mail.outbox) == 1


def test_notices_about_an_account_do_not_expire_and_codes_follow_their_setting(settings):
    settings.ACCOUNT_PASSWORD_RESET_BY_CODE_TIMEOUT = 180
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 2
    assert expiry_of(kind="account/email/password_changed", now=T0) is None
    assert expiry_of(kind="mfa/email/totp_activated", now=T0) is None
    assert expiry_of(kind="account/email/password_reset_code", now=T0) == T0 + dt.timedelta(
        seconds=180
    )
    assert expiry_of(kind="account/email/email_confirmation", now=T0) == T0 + dt.timedelta(days=2)


def test_a_queued_mail_opens_only_with_the_installations_mail_keys(settings, participant, queue):
    from cryptography.fernet import Fernet

    settings.MFA_ENCRYPTION_KEY = [Fernet.generate_key().decode()]
    request_code(Client(), participant.email)
    sealed = DBTaskResult.objects.get().args_kwargs["kwargs"]["sealed"]
    assert participant.email in encryption.decrypt_mail(sealed)
    # Neither SECRET_KEY alone nor the MFA secrets' key opens it.
    with pytest.raises(ValueError):
        encryption.decrypt_secret(encryption.PREFIX + sealed)
    settings.MFA_ENCRYPTION_KEY = []
    with pytest.raises(ValueError):
        encryption.decrypt_mail(sealed)


def test_a_failed_account_mail_shows_on_the_failed_work_page_by_its_label_only(
    participant, queue, staff_client
):
    request_code(Client(), participant.email)
    row = DBTaskResult.objects.get()
    row.claim("worker-1")
    row.set_failed(ConnectionRefusedError(f"refused for {participant.email}"))

    for language, label in [
        ("en", "Mail about an account (log-in code, password reset or verification)"),
        ("nl", "Mail over een account (inlogcode, wachtwoordherstel of bevestiging)"),
    ]:
        page = staff_client.get(
            reverse("core:failed-tasks"), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        assert label in page
        assert participant.email not in page and "pim" not in page
        assert not CODE.search(page)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection after a task
def test_a_mail_server_that_is_down_delays_the_code_and_the_retry_sends_it_once(
    settings, participant, queue
):
    settings.TASK_RETRY_DELAY_SECONDS = 10
    settings.EMAIL_BACKEND = f"{__name__}.MailServerDown"
    client = Client()
    with time_machine.travel(T0, tick=False) as clock:
        assert request_code(client, participant.email).status_code == 302
        call_command("worker", batch=True, no_startup_delay=True, verbosity=0)
        row = DBTaskResult.objects.get()
        assert (row.status, len(row.worker_ids)) == ("READY", 1)

        settings.EMAIL_BACKEND = LOCMEM
        clock.shift(10)
        call_command("worker", batch=True, no_startup_delay=True, verbosity=0)
        row.refresh_from_db()
        assert (row.status, len(row.worker_ids)) == ("SUCCESSFUL", 2)
        # A worker that died after the send is taken up again: the key stops a second mail.
        DBTaskResult.objects.filter(pk=row.pk).update(status="READY")
        call_command("worker", batch=True, no_startup_delay=True, verbosity=0)
        done = client.post(reverse("account_confirm_login_code"), {"code": waiting_code(client)})

    assert [message.to for message in mail.outbox] == [[participant.email]]
    assert done["Location"] == reverse("accounts:participant-home")

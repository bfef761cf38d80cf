"""Erasure leaves nothing behind (issue 13, item 2): what the person left outside their records.

Each test gives the person and another person the same kind of leftover, erases the first and
checks that theirs is gone and the other's is not: sessions, rate-limit counts kept under the
address (ours and allauth's), stored API answers, background tasks given the address, and mail
in the outbox folder. Files and cache entries change only once the erasure commits.
"""

import datetime as dt
import json

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from perspectives.accounts.models import User
from perspectives.accounts.selectors import list_login_limit_keys
from perspectives.activities.tests.factories import ActivityFactory
from perspectives.core.models import IdempotentResponse, RateLimitCount, SentMail
from perspectives.core.outbox import FILE_BACKEND, list_outbox_messages
from perspectives.core.ratelimit import (
    client_key,
    count_request,
    mail_address_key,
    may_mail_address,
)
from perspectives.core.registry import personal_data_erasers
from perspectives.core.services import send_mail_once, subject_digest
from perspectives.privacy.services import ErasureReason, erase_person

from .conftest import CANARIES
from .scan import find_strings

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def erase(staff_user, django_capture_on_commit_callbacks):
    """Erase a person as staff do, running what waits for the commit."""

    def run(person):
        with django_capture_on_commit_callbacks(execute=True):
            return erase_person(person=person, actor=staff_user, reason=ErasureReason.STAFF)

    return run


def session_data(client: Client) -> dict:
    return Session.objects.get(session_key=client.session.session_key).get_decoded()


def request_login_code(email: str) -> Client:
    client = Client()
    client.post(reverse("account_request_login_code"), {"email": email})
    return client


def test_the_persons_sessions_go_and_others_stay(person_with_everything, other_person, erase):
    person = person_with_everything
    logged_in, other_logged_in = Client(), Client()
    logged_in.force_login(User.objects.get(email=person.email))
    other_logged_in.force_login(User.objects.get(email=other_person.email))
    waiting, other_waiting = (
        request_login_code(person.email),
        request_login_code(other_person.email),
    )
    assert person.email in json.dumps(session_data(waiting))  # a log-in code waits for them
    assert Session.objects.count() == 4

    erase(person)

    assert set(Session.objects.values_list("session_key", flat=True)) == {
        other_logged_in.session.session_key,
        other_waiting.session.session_key,
    }
    home = reverse("accounts:participant-home")
    assert logged_in.get(home).status_code == 302  # anonymous again: sent to log in
    assert other_logged_in.get(home).status_code == 200


def test_the_account_is_kept_only_as_an_inactive_row_without_address(person_with_everything, erase):
    user = User.objects.get(email=person_with_everything.email)
    erase(person_with_everything)
    user.refresh_from_db()
    assert not user.is_active and user.email.endswith("@erased.invalid") and user.full_name == ""


def test_rate_limit_counts_under_the_address_go_in_every_group(
    person_with_everything, other_person, erase
):
    for address in (person_with_everything.email.upper(), other_person.email):
        count_request(group="reach.newsletter.address", address=address, rate="3/d")
        may_mail_address(
            group="accounts.mail.per_email",
            email=address,
            rate_setting="RATELIMIT_ACCOUNT_MAIL_PER_EMAIL",
        )
    count_request(group="activities.registration", address="192.0.2.7", rate="10/m")
    # Their newsletter subscriptions (made by the fixture) counted a confirmation mail each.
    newsletter = "reach.newsletter.per_email"
    assert RateLimitCount.objects.filter(
        client_key=mail_address_key(group=newsletter, email=person_with_everything.email)
    ).exists()

    erase(person_with_everything)

    assert set(RateLimitCount.objects.values_list("client_key", flat=True)) == {
        client_key(group="reach.newsletter.address", address=other_person.email),
        mail_address_key(group="accounts.mail.per_email", email=other_person.email),
        mail_address_key(group=newsletter, email=other_person.email),
        client_key(group="activities.registration", address="192.0.2.7"),
    }


def counted_login_limits(email: str) -> list[str]:
    return [key for key in list_login_limit_keys(user_ids=[], addresses=[email]) if cache.get(key)]


def test_allauths_counts_of_failed_log_ins_and_code_requests_for_the_address_go(
    person_with_everything, other_person, erase
):
    for email in (person_with_everything.email, other_person.email):
        failed = Client().post(
            reverse("accounts:login"), {"login": email, "password": "wrong-pw-x"}
        )
        assert failed.status_code == 200
        request_login_code(email)
    own = counted_login_limits(person_with_everything.email)
    others = counted_login_limits(other_person.email)
    assert any(":login_failed:" in key for key in own)
    assert any(":request_login_code:" in key for key in own)
    assert len(others) == len(own)

    erase(person_with_everything)

    assert counted_login_limits(person_with_everything.email) == []
    assert counted_login_limits(other_person.email) == others


def sign_up(activity, person, key: str):
    body = {
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "participant_type": "employee",
    }
    return Client().post(
        f"/api/v1/activities/{activity.code}/registrations",
        json.dumps(body),
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )


def test_stored_answers_about_the_person_or_their_registrations_go(
    person_with_everything, other_person, erase
):
    person = person_with_everything
    activity = ActivityFactory(starts_on=timezone.localdate() + dt.timedelta(days=14))
    assert sign_up(activity, person, "k-own").status_code == 201
    # Signed up already: the answer names no registration, only the activity.
    assert sign_up(activity, person, "k-own-again").status_code == 200
    assert sign_up(activity, other_person, "k-other").status_code == 201
    # An answer kept before answers were linked to their address: found by its registration.
    registration = person.registrations.first()
    IdempotentResponse.objects.create(
        key="k-old",
        scope=f"activities.registration:{registration.activity_id}",
        request_hash="0" * 64,
        status_code=201,
        body={"id": registration.pk, "activity": registration.activity.code},
    )
    assert IdempotentResponse.objects.count() == 4

    erase(person)

    assert list(IdempotentResponse.objects.values_list("key", flat=True)) == ["k-other"]


def test_tasks_given_the_address_go_and_sent_mail_keys_hold_no_address(
    person_with_everything, other_person, erase
):
    # A sign-up that waits for its e-mailed confirmation: the queued mail task holds the address
    # (and the pending sign-up in its token).
    activity = ActivityFactory(
        starts_on=timezone.localdate() + dt.timedelta(days=14), requires_email_confirmation=True
    )
    with override_settings(TASKS=DATABASE_QUEUE):
        for n, person in enumerate((person_with_everything, other_person)):
            assert sign_up(activity, person, f"k-{n}").status_code == 202
    IdempotentResponse.objects.all().delete()  # the answers have a test of their own
    message = EmailMessage("Bevestiging", "Hallo", to=[person_with_everything.email])
    assert send_mail_once(key="task-1", message=message, action="test.mail.sent")
    assert find_strings([CANARIES[2]])  # the task row holds the address beforehand

    erase(person_with_everything)

    assert [row.args_kwargs["kwargs"]["email"] for row in DBTaskResult.objects.all()] == [
        other_person.email
    ]
    # The key of a sent mail is its task's id: no address, nothing to erase.
    assert list(SentMail.objects.values_list("key", flat=True)) == ["task-1"]
    assert find_strings(list(CANARIES)) == []


def test_a_queued_account_mail_goes_with_its_person_though_its_address_is_encrypted(
    person_with_everything, other_person, erase
):
    # A log-in code waiting for the worker: the task holds the mail encrypted and a keyed hash
    # of the address, not the address itself (accounts.mail).
    with override_settings(TASKS=DATABASE_QUEUE):
        for person in (person_with_everything, other_person):
            request_login_code(person.email)
    assert DBTaskResult.objects.count() == 2
    assert person_with_everything.email not in json.dumps(
        list(DBTaskResult.objects.values_list("args_kwargs", flat=True))
    )

    erase(person_with_everything)

    [left] = DBTaskResult.objects.all()
    assert left.args_kwargs["kwargs"]["subject_key"] == subject_digest(other_person.email)


def test_a_task_running_at_the_erasure_is_left_to_its_worker(person_with_everything, erase):
    activity = ActivityFactory(
        starts_on=timezone.localdate() + dt.timedelta(days=14), requires_email_confirmation=True
    )
    with override_settings(TASKS=DATABASE_QUEUE):
        assert sign_up(activity, person_with_everything, "k-1").status_code == 202
    running = DBTaskResult.objects.get()
    running.claim("worker-1")  # as a worker holds it while it sends

    erase(person_with_everything)

    assert DBTaskResult.objects.get().status == "RUNNING"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_FILE_PATH = tmp_path / "outbox"
    connections = []

    def send(*messages: EmailMessage) -> None:
        """One connection, one file: each call writes a file of its own."""
        connection = get_connection(FILE_BACKEND, file_path=str(settings.EMAIL_FILE_PATH))
        connections.append(connection)  # alive, so that no two share a file name
        connection.send_messages(list(messages))

    return send


def files_in(folder):
    return sorted(path for path in folder.iterdir() if path.is_file())


def test_outbox_mail_to_or_about_the_person_goes_and_the_rest_stays(
    person_with_everything, other_person, outbox, settings, erase
):
    own, other = person_with_everything.email, other_person.email
    outbox(EmailMessage("Alleen voor jou", "Hallo", to=[own]))
    outbox(
        EmailMessage("Voor jou", "Hallo", to=[own]),
        EmailMessage("Voor de ander", "Hallo", to=[other]),
    )
    outbox(EmailMessage("Lijkt erop", "Hallo", to=[f"x{own}"]))
    # About them, to staff, in a body that is not plain ASCII (sent encoded).
    outbox(EmailMessage("Nieuwe aanmelding", f"Aanmelding van {own}, café €", to=["staf@x.org"]))
    # A line over 998 characters is sent quoted-printable, wrapped in the middle of the address.
    long_line = f"{'x' * 70} {own} {'y' * 1000}"
    outbox(EmailMessage("Lange regel", long_line, to=["staf@x.org"]))
    folder = settings.EMAIL_FILE_PATH
    (mixed,) = [path for path in files_in(folder) if b"Voor de ander" in path.read_bytes()]
    mixed_mtime = mixed.stat().st_mtime_ns
    assert len(list_outbox_messages()) == 6
    assert own not in next(p for p in files_in(folder) if b"Lange" in p.read_bytes()).read_text()

    erase(person_with_everything)

    assert sorted(m.recipients for m in list_outbox_messages()) == [other, f"x{own}"]
    assert len(files_in(folder)) == 2
    assert mixed.stat().st_mtime_ns == mixed_mtime  # the outbox page keeps its order


class Injected(Exception):
    pass


def test_a_failed_erasure_leaves_files_sessions_and_counts_as_they_were(
    person_with_everything, outbox, settings, staff_user, monkeypatch, erase
):
    person = person_with_everything
    outbox(EmailMessage("Voor jou", "Hallo", to=[person.email]))
    request_login_code(person.email)
    limits = counted_login_limits(person.email)
    files = {path: path.read_bytes() for path in files_in(settings.EMAIL_FILE_PATH)}
    sent = len(mail.outbox)
    key, (order, last) = max(personal_data_erasers.items(), key=lambda kv: kv[1][0])

    def erase_then_fail(**kwargs):
        last(**kwargs)
        raise Injected

    monkeypatch.setitem(personal_data_erasers._items, key, (order, erase_then_fail))
    with pytest.raises(Injected):
        erase(person)

    assert {path: path.read_bytes() for path in files_in(settings.EMAIL_FILE_PATH)} == files
    assert counted_login_limits(person.email) == limits and limits
    assert Session.objects.count() == 1
    assert len(mail.outbox) == sent

import os
import shutil
import subprocess

import pytest
from django.db import connection

from perspectives.core.models import AuditEntry
from perspectives.core.registry import personal_data_erasers
from perspectives.impact.models import ReportSnapshot
from perspectives.impact.selectors import (
    build_participants_report,
    participants_figures,
    verify_snapshot,
)
from perspectives.impact.services import freeze_report
from perspectives.people.models import Affiliation, Person
from perspectives.privacy.models import ErasureRequest
from perspectives.privacy.services import ERASED_ACTION, ErasureReason, erase_person
from perspectives.reach.models import Subscription
from perspectives.reach.newsletters.selectors import count_active_subscribers

from .conftest import CANARIES, make_person_with_everything
from .scan import checksum_database, find_strings

YEARS = [2019, 2020]


def figures() -> dict:
    return participants_figures(build_participants_report(years=YEARS))


def test_erasure_leaves_no_canary_in_any_table(person_with_everything, other_person, staff_user):
    assert find_strings(list(CANARIES))  # the scan does see them beforehand
    erase_person(person=person_with_everything, actor=staff_user, reason=ErasureReason.STAFF)
    assert find_strings(list(CANARIES)) == []
    assert find_strings([other_person.email, other_person.last_name])  # others untouched


def test_erasure_keeps_every_figure_and_snapshot(person_with_everything, other_person, staff_user):
    freeze_report(label="voor", kind="participants", parameters={"years": YEARS})
    stored = ReportSnapshot.objects.values("figures", "fingerprint").get(label="voor")
    before = figures()
    assert before["unique_persons"]["2019"] == 2
    subscribers = count_active_subscribers(on=person_with_everything.created_at.date())

    erase_person(person=person_with_everything, actor=staff_user, reason=ErasureReason.STAFF)

    assert figures() == before
    assert ReportSnapshot.objects.values("figures", "fingerprint").get(label="voor") == stored
    assert verify_snapshot(label="voor").is_clean
    assert count_active_subscribers(on=person_with_everything.created_at.date()) == subscribers


def test_erasure_keeps_the_row_and_links_but_no_personal_data(person_with_everything, staff_user):
    person = person_with_everything
    erase_person(person=person, actor=staff_user, reason=ErasureReason.REQUEST)
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.birth_year) == ("", "", None)
    assert person.email.endswith("@erased.invalid") and person.erased_at is not None
    assert person.registrations.count() == 2 and person.trajectories.get().goal == ""
    assert not Affiliation.objects.filter(person=person).exists()
    assert not Subscription.objects.filter(email__startswith="zqxw").exists()
    request = ErasureRequest.objects.get(person=person)
    assert request.status == "carried_out" and request.carried_out_by == staff_user
    entry = AuditEntry.objects.get(action=ERASED_ACTION)
    assert (entry.object_id, entry.data) == (str(person.pk), {"reason": "request"})


def test_the_account_is_deactivated_and_scrubbed(person_with_everything, staff_user):
    from perspectives.accounts.models import User

    email = person_with_everything.email
    user = User.objects.get(email=email)
    erase_person(person=person_with_everything, actor=staff_user, reason=ErasureReason.STAFF)
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert user.full_name == "" and user.email != email


def test_a_second_erasure_changes_nothing(person_with_everything, staff_user):
    assert erase_person(person=person_with_everything, actor=staff_user, reason="staff")
    checksum = checksum_database()
    assert not erase_person(person=person_with_everything, actor=staff_user, reason="staff")
    assert checksum_database() == checksum
    assert AuditEntry.objects.filter(action=ERASED_ACTION).count() == 1


def test_two_erased_people_keep_apart(db, staff_user):
    first = make_person_with_everything(tag="x")
    second = make_person_with_everything(tag="y")
    for person in (first, second):
        erase_person(person=person, actor=staff_user, reason="staff")
    assert Person.objects.filter(erased_at__isnull=False).count() == 2


def test_an_unknown_reason_is_refused(person_with_everything, staff_user):
    with pytest.raises(ValueError):
        erase_person(person=person_with_everything, actor=staff_user, reason="because")


class Injected(Exception):
    pass


@pytest.mark.parametrize("step", range(len(personal_data_erasers.items())))
def test_a_failure_at_any_step_leaves_the_database_unchanged(
    step, person_with_everything, staff_user, monkeypatch, django_capture_on_commit_callbacks
):
    key, (order, erase) = sorted(personal_data_erasers.items(), key=lambda kv: kv[1][0])[step]

    def erase_then_fail(**kwargs):
        erase(**kwargs)
        raise Injected

    monkeypatch.setitem(personal_data_erasers._items, key, (order, erase_then_fail))
    checksum = checksum_database()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Injected):
        erase_person(person=person_with_everything, actor=staff_user, reason="staff")
    assert checksum_database() == checksum
    assert callbacks == []


# pg_dump reads committed data only, hence a transactional test; serialized rollback puts the
# rows seeded by migrations back for the tests that follow on this worker.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL")
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
def test_no_canary_in_pg_dump_after_erasure():
    from perspectives.accounts.models import Role
    from perspectives.accounts.services import create_user

    staff = create_user(email="beheer@example.org", password=None, role=Role.STAFF)
    pg_dump = shutil.which("pg_dump")
    person = make_person_with_everything(tag="dump", canaries=True)
    erase_person(person=person, actor=staff, reason="staff")
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    dump = subprocess.run(  # noqa: S603
        [
            pg_dump,
            "--data-only",
            "-h",
            settings["HOST"] or "localhost",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"],
            settings["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    assert "beheer@example.org" in dump  # the dump does hold the data
    for canary in CANARIES:
        assert canary.lower() not in dump.lower()

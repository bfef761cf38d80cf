"""Bar 29: the audit trail is append-only in the database itself; it holds no personal values."""

import re

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from perspectives.accounts.models import Role
from perspectives.core.models import AuditEntry
from perspectives.core.services import log_action

from .conftest import make_role_user

pytestmark = pytest.mark.django_db
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture
def entry():
    actor = make_role_user(Role.STAFF)
    return log_action(action="tests.thing.checked", actor=actor, data={"field": "title"})


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditentry SET action = 'tests.thing.forged' WHERE id = %s",
        "UPDATE core_auditentry SET data = '{}' WHERE id = %s",
        "UPDATE core_auditentry SET created_at = created_at WHERE id = %s AND 1 = 0",
        "DELETE FROM core_auditentry WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_remove_an_entry(entry, sql):
    if "1 = 0" in sql:
        _raw(sql, [entry.pk])  # touching no row is no change
        return
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "tests.thing.checked"


def test_the_orm_cannot_change_or_remove_an_entry(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="tests.thing.forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.data = {"field": "forged"}
        entry.save()
    assert AuditEntry.objects.filter(pk=entry.pk, data={"field": "title"}).exists()


def test_deleting_an_account_unlinks_it_and_keeps_the_entry(entry):
    actor = entry.actor
    actor.delete()
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.actor_id is None
    assert (kept.action, kept.data) == ("tests.thing.checked", {"field": "title"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL privileges")
def test_postgresql_revokes_update_and_delete_from_public():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_table_privilege('public', 'core_auditentry', 'UPDATE'),"
            " has_table_privilege('public', 'core_auditentry', 'DELETE')"
        )
        assert cursor.fetchone() == (False, False)


def test_a_flush_wipes_the_table_and_the_guard_stays():
    # Inside the test's transaction (DDL and TRUNCATE are transactional on both databases), so
    # that the wipe is rolled back and no transactional test is needed for it.
    log_action(action="tests.thing.checked", actor=None)
    if connection.vendor == "postgresql":
        # PostgreSQL truncates only tables without deferred foreign-key checks pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    assert not AuditEntry.objects.exists()
    entry = log_action(action="tests.thing.checked", actor=None)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_audit_data_written_by_the_services_holds_no_personal_values():
    """Erasure never has to rewrite an entry: entries carry ids and field names only."""
    from perspectives.people.services import create_person, update_person
    from perspectives.reach.newsletters.services import create_campaign, send_campaign_test
    from perspectives.reach.tests.factories import NewsletterListFactory

    staff = make_role_user(Role.STAFF, suffix="-canary")
    person = create_person(
        first_name="Canaryfirst",
        last_name="Canarylast",
        email="canary-p@example.org",
        actor=staff,
    )
    update_person(person=person, actor=staff, last_name="Canarysecond")
    campaign = create_campaign(
        newsletter_list=NewsletterListFactory(), subject="S", body_markdown="B", actor=staff
    )
    send_campaign_test(campaign=campaign, actor=staff)
    texts = [str(data) for data in AuditEntry.objects.values_list("data", flat=True)]
    assert len(texts) >= 4
    leaks = [t for t in texts if EMAIL.search(t) or "Canary" in t or "Test staff" in t]
    assert not leaks

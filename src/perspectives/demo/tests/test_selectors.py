"""Which databases may receive the demo (in-process, on SQLite and PostgreSQL)."""

import pytest

from perspectives.accounts.models import Role
from perspectives.accounts.services import create_user
from perspectives.core.services import log_action
from perspectives.demo.selectors import (
    DEMO_MARKER_ACTION,
    get_production_settings_reason,
    is_demo_database,
    list_foreign_data,
)
from perspectives.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_an_empty_database_holds_nothing_foreign():
    assert list_foreign_data() == []
    assert not is_demo_database()


def test_a_user_is_foreign_data():
    create_user(email="echt@example.org", password=None, role=Role.STAFF)
    assert "accounts.User" in list_foreign_data()


def test_a_person_is_foreign_data():
    PersonFactory()
    assert list_foreign_data() == ["people.Person"]


def test_any_audit_entry_is_foreign_data():
    log_action(action="core.something.happened", actor=None)
    assert list_foreign_data() == ["core.AuditEntry"]


def test_a_database_marked_by_the_demo_holds_only_the_demos_data():
    create_user(email="later@example.org", password=None, role=Role.STAFF)
    log_action(action=DEMO_MARKER_ACTION, actor=None)
    assert is_demo_database()
    assert list_foreign_data() == []


def test_production_settings_are_recognised(settings, monkeypatch):
    settings.EMBEDDED = True
    monkeypatch.setenv("DEBUG", "false")
    assert "DEBUG=false" in get_production_settings_reason()
    monkeypatch.setenv("DEBUG", "true")
    assert get_production_settings_reason() is None
    monkeypatch.delenv("DEBUG")
    assert get_production_settings_reason() is None
    settings.EMBEDDED = False
    assert "DATABASE_URL" in get_production_settings_reason()

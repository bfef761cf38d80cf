import pytest
from django.core.cache import cache

from perspectives.accounts.models import Role
from perspectives.accounts.services import create_user, enrol_totp


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and used TOTP codes live in the cache; no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db):
    """A user of any role; privileged roles get a TOTP authenticator, as MFA requires."""

    def make(*, role: str, email: str | None = None, password: str | None = None, **fields):
        user = create_user(
            email=email or f"{role}@example.org", password=password, role=role, **fields
        )
        if role != Role.PARTICIPANT:
            enrol_totp(user=user)
        return user

    return make


@pytest.fixture
def staff_user(make_user):
    return make_user(email="medewerker@example.org", role=Role.STAFF, full_name="Mede Werker")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrations' rows (serialized rollback).

    A transactional test empties the database when it ends. Without serialized rollback Django
    then re-creates content types with new ids, and the next test that restores the seeded rows
    (indicators, the default policy rule) collides with them. Making all of them serialized keeps
    any order of tests, in any xdist worker, safe.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
            {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        )
        if transactional and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")

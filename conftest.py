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

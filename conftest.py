import pytest

from perspectives.accounts.models import Role
from perspectives.accounts.services import create_user


@pytest.fixture
def staff_user(db):
    return create_user(
        email="medewerker@example.org", password=None, role=Role.STAFF, full_name="Mede Werker"
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client

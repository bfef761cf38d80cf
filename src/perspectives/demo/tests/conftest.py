import pytest
from django.db import transaction

from perspectives.demo.dataset import load_demo_data


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once per test module, inside a transaction rolled back at its end.

    So the other apps' tests never see the demo's records, even in the same test database.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        assert load_demo_data() is True
        yield
        transaction.set_rollback(True)

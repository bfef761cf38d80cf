import pytest
from django.db import transaction

from perspectives.demo.dataset import load_demo_data
from tests.security.conftest import client_for  # noqa: F401  (a fixture)

from .walk import make_sample_objects


@pytest.fixture(autouse=True)
def _language_restored():
    """Requests in English leave English active in the thread (LocaleMiddleware activates a
    language and nothing resets it); later tests must start from the language they found."""
    from django.utils import translation

    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo records, loaded once per module and rolled back at its end: pages with data."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert load_demo_data() is True
        yield
        transaction.set_rollback(True)


@pytest.fixture
def rich_objects(demo, db):
    return make_sample_objects()

import pytest

from perspectives.reach.services import forget_visitor_secrets

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36"
)


@pytest.fixture(autouse=True)
def _fresh_salts():
    # Each test's database starts without salts, so the process may not remember one.
    forget_visitor_secrets()
    yield
    forget_visitor_secrets()

"""Bar 20: schemathesis over the JSON API, in process, with every check.

The schema is the one the app serves (`api.get_openapi_schema()`, the same document as
`/api/v1/openapi.json` for a logged-in user). Every operation of the API is public today
(`auth=None`), so the run as an anonymous visitor is the run for every role.
"""

import datetime as dt

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from perspectives.activities.tests.factories import ActivityFactory
from perspectives.config.api import api
from perspectives.config.wsgi import application

# A body over the beacon's 2 KB is refused with 413 before it is read: a rejection too.
REJECTIONS = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}}
)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
schema.app = application


@pytest.fixture(autouse=True)
def api_world(settings, transactional_db):
    settings.RATELIMIT_ENABLED = False
    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    ActivityFactory(code="masterclass", starts_on=timezone.localdate() + dt.timedelta(days=30))


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    # The same examples on every run, so that CI reports a change in the app, not luck; run
    # without it to explore further.
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_holds_to_its_schema(case):
    case.call_and_validate()

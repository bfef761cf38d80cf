"""The public privacy statement gives periods in words, without the names of settings."""

import pytest
from django.test import override_settings
from django.utils import translation

from perspectives.privacy.statement import describe_retention

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("days", "language", "words"),
    [
        (1, "nl", "1 dag"),
        (30, "nl", "30 dagen"),
        (1, "en", "1 day"),
        (30, "en", "30 days"),
        (364, "nl", "364 dagen"),
        (365, "nl", "1 jaar"),
        (366, "nl", "366 dagen"),
        (1095, "nl", "3 jaar"),
        (1095, "en", "3 years"),
    ],
)
def test_a_retention_period_is_said_in_days_in_the_readers_language(days, language, words):
    with override_settings(RETENTION_VISITOR_HITS_DAYS=days), translation.override(language):
        assert describe_retention("RETENTION_VISITOR_HITS_DAYS") == words


def test_the_statement_page_names_no_setting_and_says_no_1_dagen(client):
    with override_settings(RETENTION_VISITOR_HITS_DAYS=1):
        html = client.get("/privacy/", HTTP_X_FORWARDED_PROTO="https").content.decode()
    assert "RETENTION_" not in html and "1 dagen" not in html
    assert "1 dag" in html

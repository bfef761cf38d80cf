"""Our own public pages count themselves, server-side, without cookies."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from perspectives.reach.models import VisitorHit

from .conftest import BROWSER

pytestmark = [pytest.mark.django_db, pytest.mark.urls("perspectives.reach.tests.urls")]


def get(client, path, *, user_agent=BROWSER, **extra):
    return client.get(path, HTTP_USER_AGENT=user_agent, **extra)


def sections():
    return sorted(VisitorHit.objects.values_list("section", flat=True))


def test_a_counted_page_without_a_form_sets_no_cookie(client):
    response = get(client, "/vacatures/video-editor/?utm_source=mail")
    assert response.status_code == 200
    assert not response.cookies and "Set-Cookie" not in response.headers
    assert sections() == ["vacancy_portal"]


def test_pages_are_counted_in_their_section(client):
    for path in ["/vacatures/a/", "/academy/", "/kennisbank/ai/", "/over-ons/", "/"]:
        assert get(client, path).status_code == 200
    assert sections() == ["academy", "knowledge_base", "other", "vacancy_portal"]


def test_the_same_visitor_twice_in_a_section_is_counted_once(client):
    get(client, "/vacatures/a/")
    get(client, "/vacatures/b/")
    get(client, "/vacatures/a/", REMOTE_ADDR="198.51.100.1")
    assert sections() == ["vacancy_portal", "vacancy_portal"]


def test_a_page_with_a_form_sets_only_the_csrf_cookie(client):
    response = get(client, "/")
    assert set(response.cookies) <= {django_settings.CSRF_COOKIE_NAME}
    assert sections() == ["other"]


def test_only_successful_html_gets_of_public_pages_count(staff_client):
    client = Client()
    assert get(client, "/data.json").status_code == 200
    assert get(client, "/bestaat-niet/").status_code == 404
    assert get(client, "/beheer/").status_code == 302
    assert client.head("/academy/", HTTP_USER_AGENT=BROWSER).status_code == 200
    assert client.post("/academy/", HTTP_USER_AGENT=BROWSER).status_code == 200
    assert get(staff_client, "/beheer/").status_code == 200
    assert get(staff_client, "/beheer/bereik/").status_code == 200
    assert not VisitorHit.objects.exists()


def test_bots_are_not_counted(client):
    get(client, "/academy/", user_agent="Mozilla/5.0 (compatible; Googlebot/2.1)")
    get(client, "/academy/", user_agent="")
    get(client, "/academy/", user_agent="Wget/1.21")
    assert not VisitorHit.objects.exists()


def test_the_section_map_is_a_setting(client, settings):
    settings.REACH_SECTION_PREFIXES = {"/over-ons/": "knowledge_base"}
    get(client, "/over-ons/")
    get(client, "/vacatures/a/")
    assert sections() == ["knowledge_base", "other"]

"""Bar 15: deny by default. Every URL pattern is public on purpose or refuses the anonymous."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .conftest import HTTPS
from .inventory import build_path, walk_routes
from .public_urls import PUBLIC_BUT_GUARDED_IN_VIEW, PUBLIC_URLS

ROUTES = walk_routes()
PROTECTED = [route for route in ROUTES if route.name not in PUBLIC_URLS]
REFUSALS = {401, 403, 404}


def test_the_walk_finds_the_url_space():
    names = {route.name for route in ROUTES}
    assert {"core:home", "activities:home", "activities:activity-detail", "admin:index"} <= names


def test_every_url_marked_public_in_code_is_on_the_allow_list():
    unlisted = sorted(
        route.key for route in ROUTES if route.is_marked_public and route.name not in PUBLIC_URLS
    )
    assert not unlisted, f"public in code but not in tests/security/public_urls.py: {unlisted}"


def test_the_allow_list_names_only_existing_urls_with_a_reason():
    names = {route.name for route in ROUTES}
    stale = sorted(set(PUBLIC_URLS) - names)
    assert not stale, f"allow-listed URLs that no longer exist: {stale}"
    assert all(reason.strip() for reason in PUBLIC_URLS.values())


def _assert_refused(response, path: str) -> None:
    if response.status_code == 302:
        location = response["Location"]
        login_paths = (reverse(settings.LOGIN_URL), reverse("admin:login"))
        assert location.startswith(login_paths), f"{path} redirects to {location}"
    else:
        assert response.status_code in REFUSALS, f"{path} answered {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("route", PROTECTED, ids=lambda route: route.key)
def test_anonymous_requests_to_protected_urls_are_refused(route, method):
    client = Client(**HTTPS)
    path = build_path(route, {"app_label": "auth"})
    response = getattr(client, method)(path)
    _assert_refused(response, path)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", sorted(PUBLIC_BUT_GUARDED_IN_VIEW))
def test_public_patterns_guarded_by_their_view_refuse_the_anonymous(name, method):
    client = Client(**HTTPS)
    path = reverse(name)
    _assert_refused(getattr(client, method)(path), path)

"""Bar 16: the role matrix. role_matrix.yaml gives, for every URL name, role and method, the
expected answer; each cell becomes one test, and a URL name the matrix misses fails the build.
"""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from .conftest import ANONYMOUS, ROLES
from .inventory import build_path, find_entry, walk_routes
from .test_headers import assert_security_headers

MATRIX = yaml.safe_load((Path(__file__).parent / "role_matrix.yaml").read_text())
URLS: dict = MATRIX["urls"]
NAME_PATTERNS: dict = MATRIX["name_patterns"]
METHODS = ("GET", "POST")
ROUTES = {route.key: route for route in reversed(walk_routes())}  # first pattern of a name wins


def _cells():
    for key, route in ROUTES.items():
        entry = find_entry(URLS, key, NAME_PATTERNS)
        if entry is None:
            continue
        for method in METHODS:
            for role in ROLES:
                yield pytest.param(route, entry, method, role, id=f"{key}-{method}-{role}")


def test_the_matrix_has_the_seven_roles():
    assert MATRIX["roles"] == ROLES


def test_every_url_name_is_in_the_matrix_with_every_method_and_role():
    missing = sorted(key for key in ROUTES if find_entry(URLS, key, NAME_PATTERNS) is None)
    assert not missing, f"URL names missing from tests/security/role_matrix.yaml: {missing}"
    for key in ROUTES:
        entry = find_entry(URLS, key, NAME_PATTERNS)
        for method in METHODS:
            assert set(entry[method]) == set(ROLES), f"{key} {method}: roles {set(entry[method])}"


def test_the_matrix_names_no_url_that_is_gone():
    stale = sorted(set(URLS) - set(ROUTES))
    assert not stale, f"role_matrix.yaml names URLs that no longer exist: {stale}"


def assert_answer(response, expected, where: str) -> None:
    status, location = response.status_code, response.get("Location", "")
    login_page, admin_login = reverse(settings.LOGIN_URL), reverse("admin:login")
    to_login = status == 302 and location.startswith((login_page, admin_login))
    if isinstance(expected, int):
        assert status == expected, f"{where}: {status} {location}"
    elif expected == "login":
        assert status == 302 and location.startswith(login_page), f"{where}: {status} {location}"
    elif expected == "admin-login":
        assert status == 302 and location.startswith(admin_login), f"{where}: {status} {location}"
    elif expected == "redirect":
        assert status == 302 and not to_login, f"{where}: {status} {location}"
    elif expected == "admitted":
        assert not to_login and status not in (401, 403), f"{where}: {status} {location}"
    else:
        raise AssertionError(f"{where}: unknown answer {expected!r} in role_matrix.yaml")


@pytest.mark.parametrize(("route", "entry", "method", "role"), list(_cells()))
def test_the_role_gets_the_answer_the_matrix_gives(
    client_for, sample_objects, route, entry, method, role
):
    arguments = {
        name: sample_objects.get(value, value) for name, value in entry.get("kwargs", {}).items()
    }
    path = build_path(route, arguments)
    client = client_for(role)
    client.raise_request_exception = False
    response = getattr(client, method.lower())(path)
    expected = entry[method][role]
    assert_answer(response, expected, f"{role} {method} {path}")
    # Bar 2 over the whole URL inventory: every answer carries the security headers.
    assert_security_headers(response, authenticated=role != ANONYMOUS)
    if role == ANONYMOUS:
        return
    # A role that is refused must not get a page either: no data leaves with the refusal.
    if response.status_code == 403:
        assert b"<table" not in response.content

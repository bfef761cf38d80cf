"""Bar 27, denied object access: a 404 by policy writes one security-log line, and its answer is
byte for byte the answer for an object that does not exist (bar 17)."""

import ast
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from perspectives.accounts.models import Role

from .conftest import make_role_user
from .urls_access import SELECTORS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.urls_access")]
MISSING_ID = 2**31 - 7
# The sample object that each selector kind looks up.
SAMPLE = {
    "activity": "activity",
    "person": "person",
    "privacy-person": "person",
    "campaign": "campaign",
    "trajectory": "trajectory",
    "organisation": "organisation",
    "participant": "person",
    "report": "report",
}
KINDS = sorted(SELECTORS)
SRC = Path(__file__).resolve().parents[2] / "src" / "perspectives"
TESTED_FUNCTIONS = {
    "access_activity",
    "access_person",
    "access_person_for_staff",
    "access_campaign",
    "access_trajectory",
    "access_organisation",
    "access_participant",
    "access_report_snapshot",
}
# Lookups by a signed token rather than by the user's rights: the token is the permission (a
# cancel link from the participant's own mail, a check-in QR code on a staff page), a bad or
# tampered token is indistinguishable from a missing registration, and there is no user whose
# denial could be logged. And the public activity page, which anyone may see unless the activity
# is a closed meeting: no user's rights are involved.
KNOWN_VIEW_HELPERS = {
    "activities/views/public.py:access_public_activity",
    "activities/views/public.py:access_public_activity_by_id",
    "activities/views/public.py:access_registration_by_token",
    "activities/views/checkin_scan.py:access_registration_for_checkin",
}
# Django masks the CSRF token afresh on every page, so two answers to the very same request differ
# there; and the page echoes its own path (the language switch returns to it).
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _comparable(response, path: str) -> bytes:
    content = CSRF.sub(b'name="csrfmiddlewaretoken" value=""', response.content)
    return content.replace(path.encode(), b"/the/path/")


@pytest.fixture
def denials(caplog):
    caplog.set_level("INFO", logger="perspectives.security")

    def read():
        lines = [r.getMessage() for r in caplog.records if r.name == "perspectives.security"]
        return [e for e in map(json.loads, lines) if e["action"] == "access.denied"]

    return read


def _headers(response) -> dict:
    return {name: value for name, value in response.headers.items() if name != "Content-Length"}


def _path(kind: str, pk: int) -> str:
    return reverse("access-object", kwargs={"kind": kind, "pk": pk})


def _access_selectors() -> dict[str, ast.FunctionDef]:
    found = {}
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.FunctionDef)
                and node.name.startswith("access_")
                and node.name != "access_object"
            ):
                found[f"{path.relative_to(SRC)}:{node.name}"] = node
    return found


def test_every_access_selector_decides_through_the_one_helper_and_is_tested_here():
    selectors = _access_selectors()
    tested = {name for name in selectors if name.split(":")[1] in TESTED_FUNCTIONS}
    assert set(selectors) - tested <= KNOWN_VIEW_HELPERS
    for name, node in selectors.items():
        calls = {
            n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and hasattr(n.func, "id")
        }
        if name not in KNOWN_VIEW_HELPERS:
            assert "access_object" in calls, name
    assert set(SAMPLE) == set(SELECTORS)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", [Role.COACH, Role.EMPLOYER, Role.FUNDER, Role.PARTICIPANT])
def test_an_object_that_is_not_yours_answers_exactly_like_one_that_does_not_exist(
    client_for, sample_objects, denials, kind, role
):
    client = client_for(role)

    denied_path = _path(kind, sample_objects[SAMPLE[kind]])
    missing_path = _path(kind, MISSING_ID)

    denied, missing = client.get(denied_path), client.get(missing_path)

    assert denied.status_code == missing.status_code == 404
    assert CSRF.search(denied.content) and denied_path.encode() in denied.content
    assert _comparable(denied, denied_path) == _comparable(missing, missing_path)
    # The length differs only by the echoed path's length.
    assert _headers(denied) == _headers(missing)


@pytest.mark.parametrize("kind", KINDS)
def test_a_denied_object_access_is_logged_once_with_ids_and_role_only(
    client_for, sample_objects, denials, kind
):
    client = client_for(Role.COACH)
    pk = sample_objects[SAMPLE[kind]]

    client.get(_path(kind, pk), REMOTE_ADDR="192.0.2.7", HTTP_X_REQUEST_ID="req-27")

    [event] = denials()
    assert event["actor"] == str(client.user.pk)
    assert event["role"] == Role.COACH
    assert event["object"] == f"{SAMPLE[kind]}:{pk}"
    assert event["url_name"] == "access-object"
    assert event["result"] == "not-found"
    assert (event["ip"], event["request_id"]) == ("192.0.2.7", "req-27")
    assert event["time"].endswith("Z")
    assert "@" not in json.dumps(event)


@pytest.mark.parametrize("kind", KINDS)
def test_an_object_that_does_not_exist_is_not_a_denial(client_for, denials, kind):
    client_for(Role.COACH).get(_path(kind, MISSING_ID))
    client_for(Role.STAFF).get(_path(kind, MISSING_ID))

    assert denials() == []


@pytest.mark.parametrize("kind", KINDS)
def test_staff_get_the_object_and_nothing_is_logged(client_for, sample_objects, denials, kind):
    pk = sample_objects[SAMPLE[kind]]

    response = client_for(Role.STAFF).get(_path(kind, pk))

    assert response.status_code == 200
    assert response.content.decode().endswith(f":{pk}")
    assert denials() == []


@pytest.mark.parametrize(
    ("name", "kwarg", "sample"),
    [
        ("people:person-detail", "pk", "person"),
        ("privacy:person-erase", "pk", "person"),
        ("reach:campaign-detail", "pk", "campaign"),
    ],
)
def test_the_real_staff_pages_still_refuse_other_roles_with_403_and_log_no_denial(
    client_for, sample_objects, denials, name, kwarg, sample
):
    path = reverse(name, kwargs={kwarg: sample_objects[sample]})

    assert client_for(Role.COACH).get(path).status_code == 403
    assert client_for(Role.STAFF).get(path).status_code == 200
    assert denials() == []


def test_the_api_logs_a_denial_and_answers_it_like_a_missing_object(rf, denials):
    from django.http import Http404

    from perspectives.config.api import api
    from perspectives.core.access import ObjectAccessDenied

    user = make_role_user(Role.EMPLOYER)

    def request():
        made = rf.get("/api/v1/some-object/5", REMOTE_ADDR="192.0.2.9")
        made.user = user
        return made

    denied = api.on_exception(request(), ObjectAccessDenied(kind="person", object_id=5))
    missing = api.on_exception(request(), Http404())

    assert denied.status_code == missing.status_code == 404
    assert denied.content == missing.content
    [event] = denials()
    assert (event["actor"], event["role"], event["object"]) == (
        str(user.pk),
        "employer",
        "person:5",
    )

"""Bar 17: staff-only objects answer 404 for ids that do not exist, and other roles get 403 or
404 with no trace of the object and no write. Objects seen through memberships (role_matrix.yaml,
`objects`): the member gets the object, another party of the same role and every other role the
404 of a missing one. What the pages cannot show yet is listed in docs/security.md."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse
from django.utils.module_loading import import_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perspectives.accounts.models import MembershipKind, Role
from perspectives.core.access import ObjectAccessDenied
from perspectives.core.models import AuditEntry

from .conftest import ANONYMOUS, ROLES, make_role_user
from .public_urls import PUBLIC_URLS
from .test_role_matrix import MATRIX, URLS

pytestmark = pytest.mark.django_db
OTHER_ROLES = [Role.COACH, Role.EMPLOYER, Role.FUNDER, Role.PARTICIPANT]
# URLs whose arguments name staff-only objects (see conftest.sample_objects), with the methods
# at which staff are let in. The public pages (public_urls.py) show public activities to anyone; their
# own tests cover closed meetings and forged tokens (activities/tests/test_public_views.py).
OBJECT_URLS = [
    (name, method)
    for name, entry in URLS.items()
    if entry.get("kwargs")
    and name.split(":")[0] != "admin"
    and name not in PUBLIC_URLS
    and any(isinstance(v, str) and v not in {"funding", "auth"} for v in entry["kwargs"].values())
    for method in ("GET", "POST")
    if entry[method]["staff"] in (200, "redirect")
]
MISSING = st.integers(min_value=10**7, max_value=2**31 - 1)


def test_the_object_urls_are_found():
    names = {name for name, _method in OBJECT_URLS}
    assert {"activities:activity-detail", "people:person-update", "reach:campaign-send"} <= names


def _path(name: str, objects: dict, missing: int | None = None) -> str:
    """The URL for the sample objects, or, given `missing`, for objects that do not exist."""
    kwargs = {}
    for argument, key in URLS[name]["kwargs"].items():
        value = objects[key]
        if missing is not None:
            value = missing if isinstance(value, int) else f"missing-{missing}"
        kwargs[argument] = value
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "method"), OBJECT_URLS, ids=lambda v: str(v))
def test_an_id_that_does_not_exist_is_not_found_for_staff(client_for, sample_objects, name, method):
    client = client_for(Role.STAFF)

    @settings(
        max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(missing=MISSING)
    def check(missing):
        path = _path(name, sample_objects, missing=missing)
        response = getattr(client, method.lower())(path)
        assert response.status_code == 404, f"{method} {path}: {response.status_code}"

    check()


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize(("name", "method"), OBJECT_URLS, ids=lambda v: str(v))
def test_other_roles_get_no_trace_of_a_staff_object_and_change_nothing(
    client_for, sample_objects, name, method, role
):
    from perspectives.activities.models import Activity
    from perspectives.people.models import Person

    client = client_for(role)
    path = _path(name, sample_objects)
    audit_before = AuditEntry.objects.count()
    activity = Activity.objects.values().get(pk=sample_objects["activity"])
    person = Person.objects.values().get(pk=sample_objects["person"])
    response = getattr(client, method.lower())(
        path, {"title": "changed", "status": "cancelled", "first_name": "changed"}
    )
    assert response.status_code in (403, 404), f"{role} {method} {path}: {response.status_code}"
    body = response.content.decode()
    assert activity["title"] not in body and person["last_name"] not in body
    assert AuditEntry.objects.count() == audit_before
    assert Activity.objects.values().get(pk=activity["id"]) == activity
    assert Person.objects.values().get(pk=person["id"]) == person


# Object-scoped policies: role_matrix.yaml's `objects` (memberships, issue 14.6).
OBJECTS: dict = MATRIX["objects"]
MEMBER, OTHER_PARTY = "member", "other_party"
PARTIES = [*ROLES, MEMBER, OTHER_PARTY]


def _make_object(kind: str):
    from perspectives.coaching.tests.factories import TrajectoryFactory
    from perspectives.impact.models import ReportKind, ReportSnapshot
    from perspectives.people.tests.factories import OrganisationFactory, PersonFactory

    makers = {
        "coaching.trajectory": TrajectoryFactory,
        "people.organisation": OrganisationFactory,
        "people.person": PersonFactory,
        "impact.reportsnapshot": lambda: ReportSnapshot.objects.create(
            label=f"report-{ReportSnapshot.objects.count()}", kind=ReportKind.PARTICIPANTS
        ),
    }
    return makers[kind]()


def _party(party: str, *, kind: str, mine, theirs):
    """A user for this column of the matrix; `member` and `other_party` have the kind's role."""
    from perspectives.accounts.memberships.services import grant_membership

    if party == ANONYMOUS:
        return AnonymousUser()
    if party not in (MEMBER, OTHER_PARTY):
        return make_role_user(party, suffix="-objects")
    user = make_role_user(OBJECTS[kind]["role"], suffix=f"-{party}")
    target = mine if party == MEMBER else theirs
    grant_membership(actor=None, user=user, kind=kind, object_id=target.pk)
    return user


def test_every_membership_kind_of_a_built_context_is_in_the_matrix():
    built = {
        kind.value
        for kind in MembershipKind
        if apps.is_installed(f"perspectives.{kind.value.split('.')[0]}")
    }
    assert built == set(OBJECTS)
    for kind, entry in OBJECTS.items():
        assert set(entry["answers"]) == set(PARTIES), kind


@pytest.mark.parametrize("party", PARTIES)
@pytest.mark.parametrize("kind", sorted(OBJECTS))
def test_the_party_gets_the_object_or_the_404_the_matrix_gives(kind, party):
    entry = OBJECTS[kind]
    access = import_string(entry["access"])
    mine, theirs = _make_object(kind), _make_object(kind)
    user = _party(party, kind=kind, mine=mine, theirs=theirs)
    if entry["answers"][party] == "found":
        assert access(user=user, **{entry["argument"]: mine.pk}) == mine
    else:
        with pytest.raises(ObjectAccessDenied):
            access(user=user, **{entry["argument"]: mine.pk})
    # A missing object answers the same 404, without the denial that would be logged.
    missing = max(mine.pk, theirs.pk) + 1000
    with pytest.raises(Http404) as raised:
        access(user=user, **{entry["argument"]: missing})
    assert not isinstance(raised.value, ObjectAccessDenied)


@pytest.mark.parametrize("party", PARTIES)
@pytest.mark.parametrize("kind", sorted(k for k, e in OBJECTS.items() if "visible" in e))
def test_the_list_holds_exactly_the_objects_the_policy_lets_the_party_see(kind, party):
    entry = OBJECTS[kind]
    visible = import_string(entry["visible"])
    mine, theirs = _make_object(kind), _make_object(kind)
    user = _party(party, kind=kind, mine=mine, theirs=theirs)
    access = import_string(entry["access"])
    expected = set()
    for obj in (mine, theirs):
        try:
            access(user=user, **{entry["argument"]: obj.pk})
            expected.add(obj.pk)
        except Http404:
            pass
    assert set(visible(user=user).values_list("pk", flat=True)) == expected
    assert (mine.pk in expected) is (entry["answers"][party] == "found")

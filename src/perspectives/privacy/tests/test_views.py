import json

import pytest
from django.conf import settings
from django.urls import reverse

from perspectives.accounts.models import Role, User
from perspectives.people.tests.factories import PersonFactory
from perspectives.privacy.models import ErasureRequest


@pytest.fixture
def participant(person_with_everything):
    return User.objects.get(email=person_with_everything.email)


def test_the_statement_is_public_and_generated_from_the_inventory(client, db):
    response = client.get(reverse("privacy:statement"))
    assert response.status_code == 200
    content = response.content.decode()
    # The period in words, not the name of the setting that holds it (issue 12.6).
    assert f"{settings.RETENTION_PERSON_INACTIVE_DAYS // 365} jaar" in content
    assert "RETENTION_PERSON_INACTIVE_DAYS" not in content
    assert "AVG art. 6(1)(b)" in content


def test_a_participant_downloads_their_own_data(client, participant, person_with_everything):
    client.force_login(participant)
    assert client.get(reverse("privacy:my-data")).status_code == 200
    response = client.get(reverse("privacy:my-data-download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert data["person_id"] == person_with_everything.pk


def test_a_participant_asks_for_erasure_once(client, participant, person_with_everything):
    ErasureRequest.objects.all().delete()
    client.force_login(participant)
    for _ in range(2):
        response = client.post(reverse("privacy:my-erasure-request"))
        assert response.status_code == 302
    assert ErasureRequest.objects.filter(person=person_with_everything, status="open").count() == 1


def test_a_participant_without_a_person_gets_404(client, make_user):
    client.force_login(make_user(email="niemand@example.org", role=Role.PARTICIPANT))
    assert client.get(reverse("privacy:my-data")).status_code == 404


def test_other_roles_may_not_use_the_participant_page(staff_client):
    assert staff_client.get(reverse("privacy:my-data")).status_code == 403


def test_staff_see_the_inventory_and_find_a_person(staff_client, person_with_everything):
    response = staff_client.get(reverse("privacy:home"), {"q": "zqxw"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<td>Persoon</td><td>e-mail</td>" in content and person_with_everything.email in content


def test_staff_export_a_person(staff_client, person_with_everything):
    url = reverse("privacy:person-export", args=[person_with_everything.pk])
    data = json.loads(staff_client.get(url).content)
    assert data["person"]["email"] == person_with_everything.email
    assert staff_client.get(reverse("privacy:person-export", args=[999999])).status_code == 404


def test_staff_erase_after_confirming(staff_client, person_with_everything):
    url = reverse("privacy:person-erase", args=[person_with_everything.pk])
    assert staff_client.get(url).status_code == 200
    staff_client.post(url)
    person_with_everything.refresh_from_db()
    assert person_with_everything.erased_at is None
    assert staff_client.post(url, {"confirm": "erase"}).status_code == 302
    person_with_everything.refresh_from_db()
    assert person_with_everything.erased_at is not None


@pytest.mark.parametrize("role", [Role.COACH, Role.FUNDER, Role.PARTICIPANT, Role.EMPLOYER])
def test_only_staff_use_the_staff_privacy_pages(client, make_user, role):
    person = PersonFactory()
    client.force_login(make_user(role=role))
    for name, args in [
        ("privacy:home", []),
        ("privacy:person-export", [person.pk]),
        ("privacy:person-erase", [person.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403
    assert (
        client.post(
            reverse("privacy:person-erase", args=[person.pk]), {"confirm": "erase"}
        ).status_code
        == 403
    )
    person.refresh_from_db()
    assert person.erased_at is None


def test_the_anonymous_are_sent_to_log_in(client, db):
    response = client.get(reverse("privacy:my-data"))
    assert response.status_code == 302


def _security_events(caplog, action):
    lines = [r.getMessage() for r in caplog.records if r.name == "perspectives.security"]
    return [e for e in map(json.loads, lines) if e["action"] == action]


def test_an_export_is_one_security_event_without_personal_data(
    staff_client, staff_user, person_with_everything, caplog
):
    caplog.set_level("INFO", logger="perspectives.security")
    staff_client.get(reverse("privacy:person-export", args=[person_with_everything.pk]))
    (event,) = _security_events(caplog, "export.person")
    assert event["actor"] == str(staff_user.pk)
    assert event["object"] == f"person:{person_with_everything.pk}"
    assert event["result"] == "success"
    assert person_with_everything.email not in caplog.text


def test_an_erasure_is_one_security_event(staff_client, staff_user, person_with_everything, caplog):
    caplog.set_level("INFO", logger="perspectives.security")
    url = reverse("privacy:person-erase", args=[person_with_everything.pk])
    staff_client.post(url, {"confirm": "erase"})
    (event,) = _security_events(caplog, "erasure.person")
    assert (event["object"], event["result"]) == (f"person:{person_with_everything.pk}", "success")
    staff_client.post(url, {"confirm": "erase"})
    assert [e["result"] for e in _security_events(caplog, "erasure.person")] == [
        "success",
        "no-op",
    ]

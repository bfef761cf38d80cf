import pytest
from django.urls import reverse

from perspectives.accounts.models import Role
from perspectives.accounts.services import create_user
from perspectives.core.models import AuditEntry
from perspectives.people.models import Affiliation, Person
from perspectives.people.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return PersonFactory(first_name="Anna", last_name="de Vries", email="anna@example.org")


def page_urls(person):
    return [
        reverse("people:person-list"),
        reverse("people:person-detail", args=[person.pk]),
        reverse("people:person-update", args=[person.pk]),
        reverse("people:organisation-list"),
    ]


def test_anonymous_users_are_sent_to_log_in(client, person):
    for url in page_urls(person):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.COACH, Role.FUNDER, Role.EMPLOYER])
def test_other_roles_are_refused(client, make_user, person, role):
    client.force_login(make_user(email="iemand@example.org", role=role))
    for url in page_urls(person):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("people:person-update", args=[person.pk]),
        {"first_name": "Gewijzigd", "email": person.email, "participant_type": "student"},
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.first_name == "Anna"


def test_staff_see_every_page_and_unknown_ids_give_404(staff_client, person):
    for url in page_urls(person):
        assert staff_client.get(url).status_code == 200, url
    assert staff_client.get(reverse("people:person-detail", args=[person.pk + 99])).status_code == (
        404
    )
    assert staff_client.get(reverse("people:person-update", args=[person.pk + 99])).status_code == (
        404
    )


def listed(response) -> set[str]:
    return {p.email for p in response.context["page"].object_list}


def test_person_list_searches_and_filters(staff_client, person):
    PersonFactory(first_name="Bram", email="bram@omroep.example", participant_type="freelancer")
    PersonFactory(first_name="Cas", email="cas@example.org", participant_type="student")
    url = reverse("people:person-list")
    assert len(listed(staff_client.get(url))) == 3
    assert listed(staff_client.get(url, {"q": "vries"})) == {"anna@example.org"}
    assert listed(staff_client.get(url, {"q": "omroep"})) == {"bram@omroep.example"}
    assert listed(staff_client.get(url, {"participant_type": "student"})) == {"cas@example.org"}
    assert listed(staff_client.get(url, {"q": "example.org", "participant_type": "employee"})) == {
        "anna@example.org"
    }


def test_person_list_is_paginated_with_constant_queries(
    staff_client, django_assert_max_num_queries
):
    organisation = OrganisationFactory()
    for person in PersonFactory.create_batch(55, participant_type="teacher"):
        Affiliation.objects.create(person=person, organisation=organisation)
    url = reverse("people:person-list")
    with django_assert_max_num_queries(6):
        response = staff_client.get(url, {"participant_type": "teacher"})
    assert len(response.context["page"].object_list) == 50
    assert "?participant_type=teacher&amp;page=2" in response.content.decode()
    assert organisation.name in response.content.decode()
    page2 = staff_client.get(url, {"participant_type": "teacher", "page": 2})
    assert len(page2.context["page"].object_list) == 5


def test_person_page_shows_organisations_and_links_to_registrations(staff_client, person):
    organisation = OrganisationFactory(name="NPO", kind="public_broadcaster")
    Affiliation.objects.create(person=person, organisation=organisation)
    response = staff_client.get(reverse("people:person-detail", args=[person.pk]))
    content = response.content.decode()
    assert "NPO" in content
    assert "Publieke omroep" in content
    assert reverse("activities:person-registrations", args=[person.pk]) in content


def test_editing_a_person_goes_through_the_service(staff_client, staff_user, person):
    url = reverse("people:person-update", args=[person.pk])
    response = staff_client.post(
        url,
        {
            "first_name": "Anne",
            "last_name": "de Vries",
            "email": "Anne@Example.org",
            "participant_type": "freelancer",
            "birth_year": "1990",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.email, person.birth_year) == (
        "Anne",
        "anne@example.org",
        1990,
    )
    entry = AuditEntry.objects.get(action="people.person.changed")
    assert entry.actor == staff_user
    assert entry.data == {"fields": ["birth_year", "email", "first_name", "participant_type"]}


def test_edit_form_shows_errors_and_changes_nothing(staff_client, person):
    PersonFactory(email="bezet@example.org")
    url = reverse("people:person-update", args=[person.pk])
    response = staff_client.post(
        url,
        {
            "first_name": "Anne",
            "email": "BEZET@example.org",
            "participant_type": "freelancer",
            "birth_year": "1800",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "birth_year"}
    assert 'aria-invalid="true"' in response.content.decode()
    person.refresh_from_db()
    assert (person.first_name, person.email) == ("Anna", "anna@example.org")
    assert not AuditEntry.objects.filter(action="people.person.changed").exists()
    assert Person.objects.count() == 2


def test_organisation_list_counts_people_and_searches(staff_client, django_assert_max_num_queries):
    npo = OrganisationFactory(name="NPO")
    OrganisationFactory(name="Mediapark Studio")
    for person in PersonFactory.create_batch(3):
        Affiliation.objects.create(person=person, organisation=npo)
    url = reverse("people:organisation-list")
    with django_assert_max_num_queries(5):
        response = staff_client.get(url)
    counts = {o.name: o.people_count for o in response.context["page"].object_list}
    assert counts == {"NPO": 3, "Mediapark Studio": 0}
    response = staff_client.get(url, {"q": "studio"})
    assert [o.name for o in response.context["page"].object_list] == ["Mediapark Studio"]


def test_people_pages_are_dutch_by_default_and_english_after_switching(staff_client, person):
    url = reverse("people:person-list")
    assert "Soort deelnemer" in staff_client.get(url).content.decode()
    staff_client.post(reverse("set_language"), {"language": "en", "next": url})
    content = staff_client.get(url).content.decode()
    assert "Participant type" in content
    assert "Soort deelnemer" not in content


def test_staff_log_in_by_email_and_land_on_the_back_office(client):
    create_user(email="sanne@example.org", password="een-lang-wachtwoord", role=Role.STAFF)
    login = client.get(reverse("accounts:login"))
    assert 'for="id_login"' in login.content.decode()
    response = client.post(
        reverse("accounts:login"),
        {"login": "sanne@example.org", "password": "een-lang-wachtwoord"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    # Staff without an authenticator set one up first (accounts' tests cover the TOTP step).
    assert client.get(reverse("core:home"))["Location"] == reverse("mfa_activate_totp")

import pytest
from django.core.exceptions import ValidationError

from perspectives.core.models import AuditEntry
from perspectives.people import services
from perspectives.people.models import Affiliation, Person


@pytest.mark.django_db
def test_create_person_normalises_email_and_logs():
    person = services.create_person(
        email="  Anna.DeVries@Example.ORG ", first_name="Anna", last_name="de Vries"
    )
    assert person.email == "anna.devries@example.org"
    entry = AuditEntry.objects.get(action="people.person.created")
    assert entry.object_id == str(person.pk)


@pytest.mark.django_db
def test_create_person_rejects_duplicate_email_case_insensitively():
    services.create_person(email="a@example.org")
    with pytest.raises(ValidationError):
        services.create_person(email="A@EXAMPLE.org")
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_create_person_rejects_invalid_email():
    with pytest.raises(ValidationError):
        services.create_person(email="not-an-address")


@pytest.mark.django_db
def test_find_or_create_person_creates_a_new_person_and_hands_back_the_unsaved_audit_entry():
    person, entry = services.find_or_create_person(
        email=" Anna@Example.ORG ",
        first_name=" Anna ",
        last_name="de Vries",
        participant_type="student",
    )
    stored = Person.objects.get()
    assert stored.pk == person.pk
    assert (stored.email, stored.first_name, stored.last_name, stored.participant_type) == (
        "anna@example.org",
        "Anna",
        "de Vries",
        "student",
    )
    assert (entry.pk, entry.action, entry.object_id) == (
        None,
        "people.person.created",
        str(person.pk),
    )
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_find_or_create_person_returns_a_known_person_unchanged_and_no_entry():
    known = services.create_person(email="a@example.org", first_name="Anna")
    person, entry = services.find_or_create_person(
        email="A@example.org", first_name="Someone", last_name="Else", participant_type="other"
    )
    assert person == known and entry is None
    known.refresh_from_db()
    assert known.first_name == "Anna"
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_find_or_create_person_refuses_invalid_data_and_stores_nothing():
    with pytest.raises(ValidationError) as error:
        services.find_or_create_person(
            email="not-an-address", first_name="A", last_name="B", participant_type="nobody"
        )
    assert set(error.value.message_dict) == {"email", "participant_type"}
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_update_person_logs_changed_field_names_not_values():
    person = services.create_person(email="b@example.org", first_name="Bram")
    services.update_person(person=person, first_name="Bram Jan", participant_type="freelancer")
    entry = AuditEntry.objects.get(action="people.person.changed")
    assert entry.data == {"fields": ["first_name", "participant_type"]}
    assert "Bram Jan" not in str(entry.data)


@pytest.mark.django_db
def test_update_person_refuses_unknown_fields():
    person = services.create_person(email="c@example.org")
    with pytest.raises(TypeError):
        services.update_person(person=person, is_staff=True)


@pytest.mark.django_db
def test_organisations_are_deduplicated_by_name():
    first = services.get_or_create_organisation(name="NPO  Hilversum")
    second = services.get_or_create_organisation(name=" npo hilversum")
    assert first == second
    assert first.name == "NPO Hilversum"


@pytest.mark.django_db
def test_affiliate_person_once():
    person = services.create_person(email="d@example.org")
    organisation = services.get_or_create_organisation(name="Studio X")
    services.affiliate_person(person=person, organisation=organisation)
    services.affiliate_person(person=person, organisation=organisation)
    assert Affiliation.objects.filter(person=person).count() == 1

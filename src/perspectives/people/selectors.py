"""Reads of people and organisations."""

from django.db.models import Count, Prefetch, Q, QuerySet

from perspectives.core.access import access_object, foundation_staff_only

from .models import Affiliation, Organisation, Person


def list_people(*, search: str = "", participant_type: str = "") -> QuerySet[Person]:
    """People matching a free-text search on name and e-mail, with their organisations."""
    people = Person.objects.prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation"))
    )
    for term in search.split():
        people = people.filter(
            Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(email__icontains=term)
        )
    if participant_type:
        people = people.filter(participant_type=participant_type)
    return people


def get_person(*, person_id: int) -> Person:
    """One person with their organisations; raises Person.DoesNotExist."""
    return list_people().get(pk=person_id)


def access_person(*, user, person_id: int) -> Person:
    """One person with their organisations, for staff; 404 when missing or not allowed."""
    return access_object(
        user=user,
        queryset=list_people(),
        object_id=person_id,
        kind="person",
        may_see=foundation_staff_only,
    )


def list_organisations(*, search: str = "") -> QuerySet[Organisation]:
    """Organisations with the number of people affiliated."""
    organisations = Organisation.objects.annotate(people_count=Count("affiliations"))
    if search:
        organisations = organisations.filter(name__icontains=search)
    return organisations


def count_people() -> int:
    return Person.objects.count()


def find_person_by_email(*, email: str) -> Person | None:
    """The person with this e-mail address (compared trimmed and case-insensitive), or None."""
    return Person.objects.filter(email=(email or "").strip().lower()).first()


def count_organisations() -> int:
    return Organisation.objects.count()

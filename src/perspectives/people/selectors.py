"""Reads of people and organisations."""

from django.db.models import Count, Prefetch, Q, QuerySet

from perspectives.accounts.memberships.models import MembershipKind
from perspectives.accounts.memberships.selectors import may_see_as_member
from perspectives.core.access import access_object, foundation_staff_only
from perspectives.core.emails import normalise_email

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
    return Person.objects.filter(email=normalise_email(email)).first()


def is_known_person_address(email: str) -> bool:
    """Whether a person (not erased) has this address (core.registry.known_addresses)."""
    person = find_person_by_email(email=email)
    return person is not None and person.erased_at is None


def count_organisations() -> int:
    return Organisation.objects.count()


def may_see_organisation(user, organisation: Organisation) -> bool:
    """Foundation staff see every organisation; an employer contact their own; nobody else."""
    return may_see_as_member(user, organisation, kind=MembershipKind.EMPLOYER_ORGANISATION)


def access_organisation(*, user, organisation_id: int) -> Organisation:
    """One organisation; 404 when missing or not this user's to see."""
    return access_object(
        user=user,
        queryset=Organisation.objects.all(),
        object_id=organisation_id,
        kind="organisation",
        may_see=may_see_organisation,
    )


def may_see_participant(user, person: Person) -> bool:
    """Foundation staff see every person; a job coach the participants they coach."""
    return may_see_as_member(user, person, kind=MembershipKind.JOB_COACH_PARTICIPANT)


def access_participant(*, user, person_id: int) -> Person:
    """One person with their organisations, for staff or their job coach; 404 otherwise."""
    return access_object(
        user=user,
        queryset=list_people(),
        object_id=person_id,
        kind="person",
        may_see=may_see_participant,
    )

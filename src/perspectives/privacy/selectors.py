"""Reads of the privacy context."""

from django.db.models import QuerySet

from perspectives.core.access import access_object, foundation_staff_only
from perspectives.people.models import Person
from perspectives.people.selectors import find_person_by_email, list_people

from .models import ErasureRequest, ErasureRequestStatus


def access_person_for_staff(*, user, person_id: int) -> Person:
    """The person with this id, erased or not, for staff; 404 when missing or not allowed."""
    return access_object(
        user=user,
        queryset=Person.objects.all(),
        object_id=person_id,
        kind="person",
        may_see=foundation_staff_only,
    )


def get_own_person(user) -> Person | None:
    """The Person whose e-mail is the logged-in participant's own, if any (never an erased one)."""
    email = getattr(user, "email", "") or ""
    person = find_person_by_email(email=email) if email else None
    if person is None or person.erased_at is not None:
        return None
    return person


def search_people(*, search: str, limit: int = 25) -> list[Person]:
    """People matching a name or e-mail search, for the staff privacy page."""
    if not search.strip():
        return []
    return list(list_people(search=search).filter(erased_at__isnull=True)[:limit])


def list_open_erasure_requests() -> QuerySet[ErasureRequest]:
    return ErasureRequest.objects.filter(status=ErasureRequestStatus.OPEN).select_related("person")


def get_open_erasure_request(*, person: Person) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(person=person, status=ErasureRequestStatus.OPEN).first()

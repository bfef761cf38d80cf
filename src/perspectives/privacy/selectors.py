"""Reads of the privacy context."""

from django.db.models import QuerySet
from django.http import Http404

from perspectives.people.models import Person
from perspectives.people.selectors import find_person_by_email, list_people

from .models import ErasureRequest, ErasureRequestStatus


def access_person_for_staff(person_id: int) -> Person:
    """The person with this id (staff only; the caller checked the role); 404 otherwise."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


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

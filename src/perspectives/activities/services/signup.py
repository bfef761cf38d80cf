"""Signing up: the one implementation behind the public form, the API and staff.

A sign-up finds or makes the person (people.services), joins the back of the activity's
waiting list, and then the one seat rule (seats.promote_waiting) gives it a seat if one is
free. The same steps run on SQLite and PostgreSQL (docs/decisions/0013).
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perspectives.accounts.models import User
from perspectives.core.services import audit_entry, log_entries
from perspectives.core.transactions import queue_with_transaction
from perspectives.people.models import Person
from perspectives.people.services import (
    affiliate_person,
    find_or_create_person,
    get_or_create_organisation,
)

from .. import notifications
from ..models import Activity, Registration, RegistrationSource, RegistrationStatus
from .seats import RegistrationClosed, lock_for_sign_up, status_for_newcomer


class Outcome(StrEnum):
    CREATED = "created"
    # A cancelled registration taken up again, at the back of the queue.
    REACTIVATED = "reactivated"
    # The person was signed up already; nothing changed.
    EXISTING = "existing"


@dataclass(frozen=True)
class SignUp:
    registration: Registration
    outcome: Outcome

    @property
    def created(self) -> bool:
        return self.outcome != Outcome.EXISTING


def sign_up(
    *,
    activity: Activity,
    email: str,
    first_name: str,
    last_name: str,
    participant_type: str,
    organisation: str = "",
    source: str,
    actor: User | None = None,
    language: str = "",
    reactivate: bool = False,
    now: dt.datetime | None = None,
) -> SignUp:
    """Sign a person up by e-mail while the activity takes sign-ups (else RegistrationClosed).

    An existing person's data stay as they are: a public form must not let anyone rename
    someone else by typing their address. A person signed up already gets their registration
    back (EXISTING); a cancelled one is taken up again only with `reactivate` (the link in the
    e-mail such a person receives). Raises ValidationError for invalid data.
    """
    now = now or timezone.now()
    if not activity.is_registration_open(now):
        raise RegistrationClosed(activity.code)
    with transaction.atomic():
        person, person_entry = find_or_create_person(
            email=email,
            first_name=first_name,
            last_name=last_name,
            participant_type=participant_type,
            actor=actor,
        )
        if organisation.strip():
            affiliate_person(
                person=person,
                organisation=get_or_create_organisation(name=organisation),
                actor=actor,
            )
        return _join(
            activity=activity,
            person=person,
            source=source,
            actor=actor,
            language=language,
            reactivate=reactivate,
            now=now,
            entries=[person_entry] if person_entry else [],
        )


def register_participant(
    *,
    activity: Activity,
    actor: User,
    person: Person | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    participant_type: str = "",
) -> SignUp:
    """Staff register a person, also after sign-up has closed, under the same seat rule.

    The person is given, or found or made by e-mail from the other fields. A cancelled
    registration is taken up again. Raises ValidationError for invalid person data, and for a
    draft (which takes no registrations until it is published).
    """
    if activity.is_draft:
        raise ValidationError(_("A draft takes no registrations; publish the activity first."))
    with transaction.atomic():
        entries = []
        if person is None:
            person, entry = find_or_create_person(
                email=email,
                first_name=first_name,
                last_name=last_name,
                participant_type=participant_type,
                actor=actor,
            )
            entries = [entry] if entry else []
        return _join(
            activity=activity,
            person=person,
            source=RegistrationSource.STAFF,
            actor=actor,
            language="",
            reactivate=True,
            now=timezone.now(),
            entries=entries,
        )


def take_up_again(*, registration: Registration, now: dt.datetime | None = None) -> SignUp:
    """A cancelled registration taken up again through the link in the e-mail its person got
    when signing up anew; a registration that is not cancelled stays as it is."""
    now = now or timezone.now()
    activity = registration.activity
    if not activity.is_registration_open(now):
        raise RegistrationClosed(activity.code)
    with transaction.atomic():
        return _join(
            activity=activity,
            person=registration.person,
            source=registration.source,
            actor=None,
            language=registration.language,
            reactivate=True,
            now=now,
            entries=[],
        )


def _join(
    *,
    activity: Activity,
    person: Person,
    source: str,
    actor: User,
    language: str,
    reactivate: bool,
    now: dt.datetime,
    entries: list,
) -> SignUp:
    """Put the person at the back of the waiting list and apply the seat rule; must run in a
    transaction. `entries`: unsaved audit entries to write with the sign-up's own."""
    # Under a rush every sign-up of an activity queues for its lock: the lock is taken last, and
    # under it the seat is decided before the registration is written, in the status it keeps.
    lock_for_sign_up(activity=activity)
    registration = Registration(
        activity=activity,
        person=person,
        status=status_for_newcomer(activity=activity, actor=actor),
        price_amount=activity.price_for(person.participant_type),
        source=source,
        language=language,
        # The back of the queue: the waiting list is ordered by registered_at, then id.
        registered_at=now,
    )
    registration.full_clean(
        exclude=["activity", "person"], validate_unique=False, validate_constraints=False
    )
    if _insert_unless_registered(registration=registration, now=now):
        outcome = Outcome.CREATED
    else:
        registration = activity.registrations.get(person=person)
        if registration.status != RegistrationStatus.CANCELLED or not reactivate:
            registration.activity = activity
            return SignUp(registration=registration, outcome=Outcome.EXISTING)
        outcome = Outcome.REACTIVATED
        registration.status = status_for_newcomer(activity=activity, actor=actor)
        registration.price_amount = activity.price_for(person.participant_type)
        registration.source = source
        registration.registered_at = now
        registration.language = language or registration.language
        registration.save()
    registration.activity = activity
    queue_with_transaction(
        partial(notifications.notify_registered, registration_id=registration.pk)
    )
    log_entries(
        entries=[
            *entries,
            audit_entry(
                action=f"activities.registration.{outcome}",
                actor=actor,
                target=registration,
                data={
                    "activity": registration.activity_id,
                    "status": registration.status,
                    "source": registration.source,
                },
            ),
        ]
    )
    return SignUp(registration=registration, outcome=outcome)


def _insert_unless_registered(*, registration: Registration, now: dt.datetime) -> bool:
    """Insert the new registration; False when the person already has one for the activity.

    One statement, also when a concurrent sign-up of the same person inserted it first: the
    unique (activity, person) turns the insert into nothing. The ORM has no such insert.
    """
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO activities_registration (activity_id, person_id, status, price_amount,"
            " source, language, registered_at, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (activity_id, person_id) DO NOTHING RETURNING id",
            [
                registration.activity_id,
                registration.person_id,
                registration.status,
                ops.adapt_decimalfield_value(registration.price_amount),
                registration.source,
                registration.language,
                ops.adapt_datetimefield_value(registration.registered_at),
                stamp,
                stamp,
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    registration.pk = row[0]
    registration.created_at = registration.updated_at = now
    registration._state.adding = False
    registration._state.db = connection.alias
    return True

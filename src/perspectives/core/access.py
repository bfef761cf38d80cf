"""Object-level access (bar 17) and the logging of its refusals (bar 27).

Every `access_*` selector looks its object up through `access_object`. An object that does not
exist and one that exists but is not for this user both answer 404, so that a response never
tells whether an id is in use. Only the second is a security event: the selector raises
`ObjectAccessDenied`, a 404 like any other, and `ObjectAccessLogMiddleware` writes the one log
line with the request's details, so that selectors need no request.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from .security_log import log_security_event

ModelT = TypeVar("ModelT", bound=Model)


class ObjectAccessDenied(Http404):
    """A 404 by policy: the object exists, but this user may not see it."""

    def __init__(self, *, kind: str, object_id) -> None:
        # No message: a 404 by policy must not differ from a missing object's, not even in DEBUG.
        super().__init__()
        self.kind = kind
        self.object_id = object_id


def foundation_staff_only(user, _object) -> bool:
    """The policy of the back office's objects: foundation staff see them all, nobody else."""
    return bool(getattr(user, "is_authenticated", False)) and bool(
        getattr(user, "is_foundation_staff", False)
    )


def access_object(
    *,
    user,
    queryset: QuerySet[ModelT],
    object_id,
    kind: str,
    may_see: Callable[[object, ModelT], bool],
) -> ModelT:
    """The object with this id if `may_see(user, object)`; 404 when missing or not allowed."""
    found = queryset.filter(pk=object_id).first()
    if found is None:
        raise Http404
    if not may_see(user, found):
        raise ObjectAccessDenied(kind=kind, object_id=found.pk)
    return found


def log_denied_access(*, request, denial: ObjectAccessDenied) -> dict:
    """Write the `access.denied` security event for a 404 by policy (ids and role only)."""
    user = getattr(request, "user", None)
    logged_in = user is not None and user.is_authenticated
    match = getattr(request, "resolver_match", None)
    return log_security_event(
        request=request,
        action="access.denied",
        result="not-found",
        actor_id=user.pk if logged_in else None,
        object=f"{denial.kind}:{denial.object_id}",
        details={
            "role": getattr(user, "role", "") if logged_in else "anonymous",
            "url_name": match.view_name if match else "",
        },
    )

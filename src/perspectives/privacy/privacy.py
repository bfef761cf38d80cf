"""Privacy's own tables in the inventory, export and erasure: the erasure requests."""

from typing import Any

from django.utils.translation import gettext_noop

from perspectives.core.privacy import (
    AS_LONG_AS_RECORD,
    BACK_OFFICE,
    BOOKKEEPING,
    LEGAL_OBLIGATION,
    PARTICIPANT,
    PSEUDONYMOUS,
    FieldUse,
    export_fields,
    uses,
)

from .models import ErasureRequest

ERASURE_REQUEST_FIELDS = {
    **uses(["id"], BOOKKEEPING),
    **uses(
        [
            "person",
            "requested_by",
            "requested_at",
            "status",
            "carried_out_at",
            "carried_out_by",
        ],
        FieldUse(
            PSEUDONYMOUS,
            gettext_noop("carry out and account for an erasure request (AVG art. 17)"),
            LEGAL_OBLIGATION,
            AS_LONG_AS_RECORD,
            (*BACK_OFFICE, PARTICIPANT),
        ),
    ),
}


def export_erasure_requests(*, person) -> dict[str, Any]:
    rows = ErasureRequest.objects.filter(person=person)
    return {"erasure_requests": [export_fields(r, ERASURE_REQUEST_FIELDS) for r in rows]}

"""Security events (bar 27): one JSON line each on the `perspectives.security` logger.

Fields follow BIO 8.15.01: when (UTC, ISO-8601), who (a user id, never an e-mail address), what
(action), on what (object), the result, the source address and the request id. Values that came
from a request are JSON-encoded, so a CR or LF in them can never start a new log line.
"""

import json
import logging
import uuid
from datetime import UTC, datetime
from typing import Any

logger = logging.getLogger("perspectives.security")


def get_request_id(request) -> str:
    """The request's id: the proxy's X-Request-ID when given, otherwise one made up once."""
    if request is None:
        return ""
    request_id = getattr(request, "request_id", None)
    if not request_id:
        request_id = request.META.get("HTTP_X_REQUEST_ID", "")[:64] or uuid.uuid4().hex
        request.request_id = request_id
    return request_id


def log_security_event(
    *,
    request,
    action: str,
    result: str,
    actor_id: Any = None,
    object: str = "",
    ip: str | None = None,
    details: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Write one security event line and return what was written.

    `ip` replaces the request's address where the full address must not be kept (rate limits).
    `details` adds fields that only some events have (never personal data).
    """
    event = {
        **(details or {}),
        "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "actor": str(actor_id) if actor_id is not None else None,
        "action": action,
        "object": object,
        "result": result,
        "ip": ip
        if ip is not None
        else (request.META.get("REMOTE_ADDR", "") if request is not None else ""),
        "request_id": get_request_id(request),
    }
    logger.info(json.dumps(event, ensure_ascii=True, sort_keys=True))
    return event

"""`POST /api/v1/hits`: other sites of the foundation count their page views here.

The beacon sends `{"url": "...", "referrer": "..."}` as text/plain (so browsers send it across
sites without a preflight); the answer is always an empty 202 for a well-formed hit, counted or
not, so the endpoint tells nobody which sites or visitors are counted.
"""

import json

from django.http import HttpRequest, HttpResponse
from ninja import Router

from perspectives.core.ratelimit import check_rate_limit

from . import counting, services

MAX_BODY_BYTES = 2048
MAX_URL_LENGTH = 2000

router = Router(tags=["reach"])

HIT_BODY_SCHEMA = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["url"],
                "properties": {
                    "url": {
                        "type": "string",
                        "format": "uri",
                        "pattern": "^https?://",
                        "maxLength": MAX_URL_LENGTH,
                    },
                    "referrer": {"type": "string", "maxLength": MAX_URL_LENGTH},
                },
            }
        }
    },
}


@router.post(
    "/hits",
    auth=None,
    response={202: None, 400: None, 413: None, 429: None},
    summary="Count a page view",
    description=(
        "Counts one page view of an allowed site, without cookies. Answers 202 with no body "
        "for every well-formed hit, whether or not it was counted."
    ),
    openapi_extra={"requestBody": HIT_BODY_SCHEMA},
)
def record_hit(request: HttpRequest):
    refused = check_rate_limit(request, group="reach.hits", rate_setting="RATELIMIT_HITS")
    if refused is not None:
        return refused
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
        return HttpResponse(status=413)
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return HttpResponse(status=413)
    hit = parse_hit(body)
    if hit is None:
        return HttpResponse(status=400)
    site, path = hit
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    section = counting.section_for_path(path)
    if section is not None and counting.is_allowed_site(site) and not counting.is_bot(user_agent):
        services.record_visitor_hit(
            section=section, ip=counting.client_ip(request), user_agent=user_agent, site=site
        )
    return HttpResponse(status=202)


def parse_hit(body: bytes) -> tuple[str, str] | None:
    """(site, path) of a well-formed hit, or None."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    url, referrer = data.get("url"), data.get("referrer", "")
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH:
        return None
    # As the schema declares: an optional string of bounded length (count.js sends "" for none).
    if not isinstance(referrer, str) or len(referrer) > MAX_URL_LENGTH:
        return None
    return counting.parse_page_url(url)

"""Rate limits of public endpoints, per client address, counted in the shared cache.

django-ratelimit does the counting (fixed windows in the default cache: the database cache on
one machine, Redis in production). An endpoint names its group and the setting that holds its
rate (`"10/m"`); `RATELIMIT_ENABLED=false` switches every limit off. Over the limit the answer
is 429 with Retry-After, and the first refusal of a window writes one security event, with the
address cut to its network so the log holds no full address.
"""

import ipaddress
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django_ratelimit.core import get_usage

from .security_log import log_security_event


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy RATELIMIT_CLIENT_IP_HEADER."""
    header = getattr(settings, "RATELIMIT_CLIENT_IP_HEADER", "REMOTE_ADDR")
    value = request.META.get(header, "") or request.META.get("REMOTE_ADDR", "")
    # X-Forwarded-For style headers list the client first.
    return value.split(",")[0].strip()


def truncated_address(address: str) -> str:
    """The network around an address (IPv4 /24, IPv6 /48): enough to see a pattern, no more."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def check_rate_limit(request: HttpRequest, *, group: str, rate_setting: str) -> HttpResponse | None:
    """Count this request; a 429 answer when the client is over the limit, else None.

    `group` names the limit in the log; endpoints that share a group share one budget.
    """
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return None
    address = client_address(request)
    usage = get_usage(
        request,
        group=group,
        key=lambda _group, _request: address,
        rate=getattr(settings, rate_setting),
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    if usage["count"] == usage["limit"] + 1 or usage["limit"] == 0:
        log_security_event(
            request=request,
            action="ratelimit.exceeded",
            result="refused",
            object=group,
            ip=truncated_address(address),
        )
    retry_after = max(usage["time_left"], 1)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": "Too many requests"}, status=429)
    else:
        response = HttpResponse(
            "Too many requests. Try again later.", status=429, content_type="text/plain"
        )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(*, group: str, rate_setting: str, methods: tuple[str, ...] = ("POST",)):
    """Decorate a view with a rate limit on the given methods (default: POST only).

    A function view: `@rate_limited(group="activities.registration",
    rate_setting="RATELIMIT_REGISTRATION")`; a class-based view: the same through
    `method_decorator(..., name="dispatch")`.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method in methods:
                refused = check_rate_limit(request, group=group, rate_setting=rate_setting)
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)

        return limited

    return decorate
